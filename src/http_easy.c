/*
 * Setting up one libcurl easy handle and classifying how it ended. No
 * option that prints headers (CURLOPT_VERBOSE) is ever set, because the
 * Authorization header carries a secret.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "http_easy.h"
#include "text.h"

#define HTTP_USER_AGENT		"ttlwatch/" TTLWATCH_VERSION
#define HTTP_SYSTEM_CA_PATH	"/etc/ssl/certs"
#define HTTP_CONNECT_TIMEOUT_MS	10000L

static size_t
http_easy_on_body(char *data, size_t size, size_t count, void *user)
{
	struct http_request *req = user;
	size_t len = size * count;

	if (req->body.len + len > HTTP_BODY_MAX) {
		req->failure = HTTP_TOO_LARGE;
		return 0;	/* libcurl aborts the transfer */
	}
	buf_add(&req->body, data, len);
	return len;
}

/* Retry-After is delay seconds or an HTTP date. */
static long
http_easy_retry_after(const char *value, size_t len)
{
	char text[64];
	long secs = 0;
	size_t i;
	time_t when;

	while (len > 0 && text_is_space((unsigned char)value[len - 1]))
		len--;
	if (len == 0 || len >= sizeof(text))
		return -1;
	memcpy(text, value, len);
	text[len] = '\0';
	/* Counting stops at a million seconds: any such wait is past the
	 * cap already. */
	for (i = 0; i < len && text_is_digit((unsigned char)text[i]); i++) {
		if (secs < 1000000)
			secs = secs * 10 + (text[i] - '0');
	}
	if (i == len)
		return secs;
	when = curl_getdate(text, NULL);
	if (when == -1)
		return -1;
	return when > time(NULL) ? (long)(when - time(NULL)) : 0;
}

static size_t
http_easy_on_header(char *data, size_t size, size_t count, void *user)
{
	struct http_request *req = user;
	size_t len = size * count;
	static const char name[] = "retry-after:";
	size_t n = sizeof(name) - 1;
	size_t i;

	if (len <= n)
		return len;
	for (i = 0; i < n; i++) {
		if (text_lower((unsigned char)data[i]) != name[i])
			return len;
	}
	while (n < len && (data[n] == ' ' || data[n] == '\t'))
		n++;
	req->retry_after = http_easy_retry_after(data + n, len - n);
	return len;
}

static struct curl_slist *
http_easy_headers(const struct http_request *req)
{
	struct curl_slist *list = curl_slist_append(NULL,
	    "Accept: application/json");
	struct curl_slist *next;
	struct buf auth;

	if (list == NULL || req->bearer == NULL)
		return list;
	buf_init(&auth);
	buf_addf(&auth, "Authorization: Bearer %s", req->bearer);
	next = curl_slist_append(list, buf_str(&auth));
	explicit_bzero(auth.data, auth.len);
	buf_release(&auth);
	if (next == NULL) {
		curl_slist_free_all(list);
		return NULL;
	}
	return next;
}

/* Wipe the header lines, one of which contains a secret, and free them. */
static void
http_easy_free_headers(struct curl_slist *list)
{
	struct curl_slist *l;

	for (l = list; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(list);
}

/* Options every transfer has; each setopt result is checked. */
static bool
http_easy_common(CURL *easy, struct http_request *req)
{
	long connect_ms = req->timeout_ms < HTTP_CONNECT_TIMEOUT_MS ?
	    req->timeout_ms : HTTP_CONNECT_TIMEOUT_MS;

	return curl_easy_setopt(easy, CURLOPT_URL, req->url) == CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https") ==
	    CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, req->timeout_ms) ==
	    CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, connect_ms) ==
	    CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)HTTP_BODY_MAX) == CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_USERAGENT, HTTP_USER_AGENT) ==
	    CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, http_easy_on_body) ==
	    CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_WRITEDATA, req) == CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION,
	    http_easy_on_header) == CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_HEADERDATA, req) == CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, req->error) ==
	    CURLE_OK &&
	    curl_easy_setopt(easy, CURLOPT_PRIVATE, req) == CURLE_OK;
}

/* Options that depend on the request: body, credentials, trust. */
static bool
http_easy_specific(CURL *easy, struct http_request *req,
    struct curl_slist *headers)
{
	bool ok = curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers) ==
	    CURLE_OK;

	if (ok && req->form != NULL)
		ok = curl_easy_setopt(easy, CURLOPT_COPYPOSTFIELDS, req->form) ==
		    CURLE_OK;
	if (ok && req->basic_user != NULL)
		ok = curl_easy_setopt(easy, CURLOPT_HTTPAUTH,
		    (long)CURLAUTH_BASIC) == CURLE_OK &&
		    curl_easy_setopt(easy, CURLOPT_USERNAME, req->basic_user) ==
		    CURLE_OK &&
		    curl_easy_setopt(easy, CURLOPT_PASSWORD,
		    req->basic_pass != NULL ? req->basic_pass : "") == CURLE_OK;
	/* Plain http goes only to loopback, and a proxy from the environment
	 * would carry the credential elsewhere in clear text. */
	if (ok && strncmp(req->url, "http://", 7) == 0)
		ok = curl_easy_setopt(easy, CURLOPT_PROXY, "") == CURLE_OK;
	if (ok && req->ca_file != NULL)
		ok = curl_easy_setopt(easy, CURLOPT_CAINFO, req->ca_file) ==
		    CURLE_OK &&
		    curl_easy_setopt(easy, CURLOPT_CAPATH, HTTP_SYSTEM_CA_PATH) ==
		    CURLE_OK;
	return ok;
}

/* Create the transfer for req and hand it to multi. */
bool
http_easy_start(struct http_request *req, CURLM *multi)
{
	CURL *easy = curl_easy_init();
	struct curl_slist *headers;

	if (easy == NULL)
		return false;
	headers = http_easy_headers(req);
	buf_reset(&req->body);
	req->retry_after = -1;
	req->error[0] = '\0';
	req->failure = HTTP_OK;
	req->status = 0;
	if (headers == NULL || !http_easy_common(easy, req) ||
	    !http_easy_specific(easy, req, headers) ||
	    curl_multi_add_handle(multi, easy) != CURLM_OK) {
		http_easy_free_headers(headers);
		curl_easy_cleanup(easy);
		return false;
	}
	req->easy = easy;
	req->headers = headers;
	req->attempts++;
	return true;
}

static enum http_failure
http_easy_classify(CURLcode rc)
{
	switch (rc) {
	case CURLE_OK:
		return HTTP_OK;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_TIMEOUT;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		return HTTP_CONNECT;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		return HTTP_TLS;
	case CURLE_FILESIZE_EXCEEDED:
		return HTTP_TOO_LARGE;
	default:
		return HTTP_OTHER;
	}
}

/* Read the outcome of req's transfer and release the handle. */
void
http_easy_finish(struct http_request *req, CURLM *multi, CURLcode rc)
{
	CURL *easy = req->easy;
	long status = 0;

	if (req->failure != HTTP_TOO_LARGE)
		req->failure = http_easy_classify(rc);
	if (rc == CURLE_OK &&
	    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status) ==
	    CURLE_OK)
		req->status = status;
	if (rc != CURLE_OK && req->error[0] == '\0')
		snprintf(req->error, sizeof(req->error), "%s",
		    curl_easy_strerror(rc));

	(void)curl_multi_remove_handle(multi, easy);
	curl_easy_cleanup(easy);
	http_easy_free_headers(req->headers);
	req->easy = NULL;
	req->headers = NULL;
}

/* Timeouts, 5xx and 429 are worth another attempt. */
bool
http_easy_retryable(const struct http_request *req)
{
	if (req->failure == HTTP_TIMEOUT)
		return true;
	if (req->failure != HTTP_OK)
		return false;
	return req->status == 429 || (req->status >= 500 && req->status <= 599);
}
