/*
 * The HTTP engine. Requests wait in a queue of our own and start only when
 * fewer than `jobs` transfers are in flight and fewer than
 * HTTP_PER_HOST_MAX go to their host, so that a waiting request never
 * spends its timeout inside libcurl's queue. Timeouts, 5xx and 429 are
 * retried with exponential backoff and jitter, honouring Retry-After.
 * Redirects are never followed, certificates are always verified, and
 * plain http is allowed only to loopback addresses.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "http.h"
#include "http_easy.h"
#include "msg.h"
#include "text.h"
#include "xalloc.h"

#define HTTP_BACKOFF_BASE_MS	500
#define HTTP_POLL_MAX_MS	1000

struct http_host {
	char	*key;
	int	 active;
};

struct http_engine {
	CURLM	*multi;
	int	 jobs;
	struct http_request *head;	/* waiting, in order of arrival */
	struct http_request *tail;
	struct http_request *running;	/* handed to libcurl */
	int	 active;
	struct http_host *hosts;
	size_t	 nhosts;
	struct http_stats stats;
	unsigned int seed;		/* for the jitter */
};

static int64_t
http_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct http_request *
http_request_new(const char *url)
{
	struct http_request *req = xcalloc(1, sizeof(*req));

	req->url = xstrdup(url);
	req->timeout_ms = 30000;
	req->retry_after = -1;
	buf_init(&req->body);
	return req;
}

static void
http_wipe_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

void
http_request_free(struct http_request *req)
{
	if (req == NULL)
		return;
	free(req->url);
	http_wipe_free(req->form);
	http_wipe_free(req->bearer);
	free(req->basic_user);
	http_wipe_free(req->basic_pass);
	free(req->ca_file);
	free(req->host);
	buf_release(&req->body);
	free(req);
}

/* An address in 127.0.0.0/8 or ::1, or the name localhost. A name that
 * merely starts with "127." is not an address and does not count. */
static bool
http_host_is_loopback(const char *host)
{
	struct in_addr v4;
	struct in6_addr v6;
	char bare[INET6_ADDRSTRLEN + 2];
	size_t len = strlen(host);

	if (strcmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, &v4) == 1)
		return (ntohl(v4.s_addr) >> 24) == 127;
	if (len < 3 || len >= sizeof(bare) || host[0] != '[' ||
	    host[len - 1] != ']')
		return false;
	memcpy(bare, host + 1, len - 2);
	bare[len - 2] = '\0';
	return inet_pton(AF_INET6, bare, &v6) == 1 &&
	    IN6_IS_ADDR_LOOPBACK(&v6);
}

/* True for http(s) URLs whose host is localhost, 127.0.0.0/8 or ::1. */
bool
http_url_is_loopback(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	bool loopback = false;

	if (u == NULL)
		return false;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		loopback = http_host_is_loopback(host);
	curl_free(host);
	curl_url_cleanup(u);
	return loopback;
}

/* "scheme://host:port", the unit of the per-host limit; NULL for a URL
 * that is not http or https. */
static char *
http_host_key(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	char *key = NULL;
	struct buf b;

	if (u == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK && (strcmp(scheme, "http") == 0 ||
	    strcmp(scheme, "https") == 0)) {
		buf_init(&b);
		buf_addf(&b, "%s://%s:%s", scheme, host, port);
		key = buf_detach(&b);
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return key;
}

/* Whether two URLs go to the same scheme, host and port. */
bool
http_same_host(const char *a, const char *b)
{
	char *ka = http_host_key(a);
	char *kb = http_host_key(b);
	bool same = ka != NULL && kb != NULL && strcmp(ka, kb) == 0;

	free(ka);
	free(kb);
	return same;
}

struct http_engine *
http_engine_new(int jobs)
{
	struct http_engine *e = xcalloc(1, sizeof(*e));

	e->multi = curl_multi_init();
	if (e->multi == NULL) {
		free(e);
		return NULL;
	}
	e->jobs = jobs > 0 ? jobs : 1;
	e->seed = (unsigned int)time(NULL) ^ (unsigned int)getpid();
	return e;
}

void
http_engine_free(struct http_engine *e)
{
	size_t i;

	if (e == NULL)
		return;
	while (e->head != NULL) {
		struct http_request *req = e->head;

		e->head = req->next;
		http_request_free(req);
	}
	for (i = 0; i < e->nhosts; i++)
		free(e->hosts[i].key);
	free(e->hosts);
	(void)curl_multi_cleanup(e->multi);
	free(e);
}

static void
http_enqueue(struct http_engine *e, struct http_request *req)
{
	req->next = NULL;
	if (e->tail != NULL)
		e->tail->next = req;
	else
		e->head = req;
	e->tail = req;
}

/* Queue req; the engine owns it from now on and frees it after done(). */
void
http_engine_add(struct http_engine *e, struct http_request *req)
{
	req->host = http_host_key(req->url);
	req->not_before_ms = 0;
	http_enqueue(e, req);
}

struct http_stats
http_engine_stats(const struct http_engine *e)
{
	return e->stats;
}

static struct http_host *
http_host_slot(struct http_engine *e, const char *key)
{
	size_t i;

	for (i = 0; i < e->nhosts; i++) {
		if (strcmp(e->hosts[i].key, key) == 0)
			return &e->hosts[i];
	}
	e->hosts = xreallocarray(e->hosts, e->nhosts + 1, sizeof(*e->hosts));
	e->hosts[e->nhosts].key = xstrdup(key);
	e->hosts[e->nhosts].active = 0;
	return &e->hosts[e->nhosts++];
}

/* Readable words for why req failed, for notes. */
const char *
http_failure_text(const struct http_request *req)
{
	switch (req->failure) {
	case HTTP_OK:
		return "no failure";
	case HTTP_TIMEOUT:
		return "timed out";
	case HTTP_CONNECT:
		return "could not connect";
	case HTTP_TLS:
		return "TLS certificate or handshake failed";
	case HTTP_TOO_LARGE:
		return "the response was larger than 1 MiB";
	case HTTP_RATE_LIMITED:
		return "rate limited (HTTP 429)";
	case HTTP_SERVER_ERROR:
		return "server error";
	case HTTP_REFUSED_URL:
		return "plain http is allowed only to loopback addresses; "
		    "use https";
	case HTTP_OTHER:
		break;
	}
	return "request failed";
}


/* Delay before attempt n+1: 0.5 s, 1 s, 2 s ... plus up to as much again
 * of jitter, so that many tenants do not retry in step. A Retry-After
 * header takes its place, at least 1 s, because 0 means "soon", not
 * "now". */
static int64_t
http_backoff_ms(struct http_engine *e, const struct http_request *req)
{
	int64_t base = (int64_t)HTTP_BACKOFF_BASE_MS << (req->attempts - 1);

	if (req->retry_after >= 0 &&
	    (req->status == 429 || req->status == 503))
		return (req->retry_after > 0 ? req->retry_after : 1) * 1000;
	return base + (int64_t)(rand_r(&e->seed) % (unsigned)base);
}

static enum http_failure
http_final_failure(const struct http_request *req)
{
	if (req->failure != HTTP_OK)
		return req->failure;
	if (req->status == 429)
		return HTTP_RATE_LIMITED;
	return HTTP_SERVER_ERROR;
}

static void
http_complete(struct http_engine *e, struct http_request *req)
{
	if (req->failure == HTTP_OK && !http_easy_retryable(req))
		e->stats.ok++;
	else
		e->stats.failed++;
	req->done(req);
	http_request_free(req);
}

/* Whether a 429 or 503 asked for a longer wait than ttlwatch gives;
 * Retry-After means nothing on other statuses. */
bool
http_waits_too_long(const struct http_request *req)
{
	return (req->status == 429 || req->status == 503) &&
	    req->retry_after > HTTP_RETRY_AFTER_CAP;
}

/* Whether url carries a user name or password, which must not be sent on
 * or printed. A URL that does not parse counts as carrying them. */
bool
http_url_has_credentials(const char *url)
{
	CURLU *u = curl_url();
	char *part = NULL;
	bool found = true;

	if (u == NULL)
		return true;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		found = curl_url_get(u, CURLUPART_USER, &part, 0) == CURLUE_OK;
		curl_free(part);
		part = NULL;
		found = found || curl_url_get(u, CURLUPART_PASSWORD, &part,
		    0) == CURLUE_OK;
		curl_free(part);
	}
	curl_url_cleanup(u);
	return found;
}

/* Retry req later, or complete it for good. */
static void
http_retry_or_complete(struct http_engine *e, struct http_request *req)
{
	int64_t delay;

	if (!http_easy_retryable(req)) {
		http_complete(e, req);
		return;
	}
	if (req->attempts > HTTP_RETRIES_MAX ||
	    http_waits_too_long(req)) {
		req->failure = http_final_failure(req);
		http_complete(e, req);
		return;
	}
	delay = http_backoff_ms(e, req);
	e->stats.retried++;
	msg_verbose("retrying %s in %lld ms (%s)", req->url, (long long)delay,
	    req->failure == HTTP_TIMEOUT ? "timed out" : "server busy");
	req->not_before_ms = http_now_ms() + delay;
	http_enqueue(e, req);
}

/* Take req out of the running list after its transfer ended. */
static void
http_running_remove(struct http_engine *e, struct http_request *req)
{
	struct http_request **link = &e->running;

	while (*link != NULL && *link != req)
		link = &(*link)->next;
	if (*link == req)
		*link = req->next;
	req->next = NULL;
	http_host_slot(e, req->host)->active--;
	e->active--;
}

static void
http_collect(struct http_engine *e)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(e->multi, &left)) != NULL) {
		struct http_request *req = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		if (curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
		    (char **)&req) != CURLE_OK || req == NULL)
			continue;
		http_easy_finish(req, e->multi, m->data.result);
		http_running_remove(e, req);
		if (req->failure == HTTP_OK)
			msg_verbose("%s: HTTP %ld", req->url, req->status);
		else
			msg_verbose("%s: %s", req->url, req->error);
		http_retry_or_complete(e, req);
	}
}

/* Take req out of the waiting list; prev is the one before it or NULL. */
static void
http_unlink(struct http_engine *e, struct http_request *prev,
    struct http_request *req)
{
	if (prev != NULL)
		prev->next = req->next;
	else
		e->head = req->next;
	if (e->tail == req)
		e->tail = prev;
	req->next = NULL;
}

/* Finish a request that may not be sent at all. */
static bool
http_refuse(struct http_engine *e, struct http_request *req)
{
	if (req->host == NULL) {
		req->failure = HTTP_OTHER;
		snprintf(req->error, sizeof(req->error), "not an http or "
		    "https URL");
	} else if (strncmp(req->host, "http:", 5) == 0 &&
	    !http_url_is_loopback(req->url)) {
		req->failure = HTTP_REFUSED_URL;
	} else {
		return false;
	}
	http_complete(e, req);
	return true;
}

static void
http_start(struct http_engine *e, struct http_request *req)
{
	if (http_refuse(e, req))
		return;
	if (!http_easy_start(req, e->multi)) {
		req->failure = HTTP_OTHER;
		snprintf(req->error, sizeof(req->error), "cannot set up the "
		    "transfer");
		http_complete(e, req);
		return;
	}
	http_host_slot(e, req->host)->active++;
	e->active++;
	req->next = e->running;
	e->running = req;
}

static bool
http_may_start(struct http_engine *e, const struct http_request *req,
    int64_t now)
{
	if (req->not_before_ms > now)
		return false;
	return req->host == NULL ||
	    http_host_slot(e, req->host)->active < HTTP_PER_HOST_MAX;
}

/* Start waiting requests in order while the limits allow. */
static void
http_start_ready(struct http_engine *e)
{
	struct http_request *prev = NULL;
	struct http_request *req = e->head;
	int64_t now = http_now_ms();

	while (req != NULL && e->active < e->jobs) {
		struct http_request *next = req->next;

		if (http_may_start(e, req, now)) {
			http_unlink(e, prev, req);
			http_start(e, req);
		} else {
			prev = req;
		}
		req = next;
	}
}

/* Whether a waiting request could start now. */
static bool
http_startable(struct http_engine *e)
{
	int64_t now = http_now_ms();
	struct http_request *req;

	if (e->active >= e->jobs)
		return false;
	for (req = e->head; req != NULL; req = req->next) {
		if (http_may_start(e, req, now))
			return true;
	}
	return false;
}

/* How long to sleep: until libcurl or the next delayed request needs us. */
static int
http_wait_ms(struct http_engine *e)
{
	int64_t now = http_now_ms();
	int64_t wait = HTTP_POLL_MAX_MS;
	long curl_wait = -1;
	struct http_request *req;

	if (e->active > 0 && curl_multi_timeout(e->multi, &curl_wait) ==
	    CURLM_OK && curl_wait >= 0 && curl_wait < wait)
		wait = curl_wait;
	/* A request held back only by a limit waits for a transfer to end,
	 * which libcurl's timeout above covers. Only a delayed retry sets a
	 * time of its own. */
	for (req = e->head; req != NULL; req = req->next) {
		if (req->not_before_ms > now && req->not_before_ms - now < wait)
			wait = req->not_before_ms - now;
	}
	return wait > 0 ? (int)wait : 0;
}

/* Complete every request without a response after libcurl's multi
 * interface itself failed, so that each caller still gets its done(). */
static void
http_abort_all(struct http_engine *e, CURLMcode rc)
{
	struct http_request *req;

	while (e->running != NULL) {
		req = e->running;
		http_easy_finish(req, e->multi, CURLE_ABORTED_BY_CALLBACK);
		http_running_remove(e, req);
		req->failure = HTTP_OTHER;
		snprintf(req->error, sizeof(req->error), "libcurl failed: %s",
		    curl_multi_strerror(rc));
		http_complete(e, req);
	}
	while (e->head != NULL) {
		req = e->head;
		http_unlink(e, NULL, req);
		req->failure = HTTP_OTHER;
		snprintf(req->error, sizeof(req->error), "libcurl failed: %s",
		    curl_multi_strerror(rc));
		http_complete(e, req);
	}
}

/* Run until every request, including those added by done() callbacks,
 * has completed. False if libcurl's multi interface itself failed; every
 * request has completed all the same, as failed. */
bool
http_engine_run(struct http_engine *e)
{
	CURLMcode rc = CURLM_OK;
	int running = 0;

	while (e->head != NULL || e->active > 0) {
		http_start_ready(e);
		rc = curl_multi_perform(e->multi, &running);
		if (rc != CURLM_OK)
			break;
		http_collect(e);
		if (e->head == NULL && e->active == 0)
			break;
		if (http_startable(e))
			continue;	/* a transfer ended and freed a slot */
		rc = curl_multi_poll(e->multi, NULL, 0, http_wait_ms(e), NULL);
		if (rc != CURLM_OK)
			break;
	}
	if (rc == CURLM_OK)
		return true;
	http_abort_all(e, rc);
	return false;
}
