/* Requests for the lookup types: where each goes and how it
 * authenticates. The secret goes only into the request's credentials. */
#include <string.h>

#include "lookup.h"
#include "lookup_request.h"
#include "text.h"
#include "xalloc.h"

#define LOOKUP_CLOUD_API_URL	"https://api.atlassian.com"

/* Percent-encode s for a path segment or a form value (RFC 3986
 * unreserved characters pass through). */
void
lookup_url_escape(struct buf *out, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (text_is_alpha(*p) || text_is_digit(*p) || *p == '-' ||
		    *p == '.' || *p == '_' || *p == '~')
			buf_addc(out, (char)*p);
		else
			buf_addf(out, "%%%02X", *p);
	}
}

/* base without trailing slashes, then path; the caller frees it. */
char *
lookup_url_join(const char *base, const char *path)
{
	size_t len = strlen(base);
	struct buf url;

	while (len > 0 && base[len - 1] == '/')
		len--;
	buf_init(&url);
	buf_add(&url, base, len);
	buf_adds(&url, path);
	return buf_detach(&url);
}

/* [source] url, else the type's default: Atlassian's API host for the
 * Cloud admin APIs, the tenant's own site for Data Center and probes. */
const char *
lookup_base_url(const struct tenant *t)
{
	if (t->source.url != NULL)
		return t->source.url;
	if (t->source.type == LOOKUP_ADMIN_API ||
	    t->source.type == LOOKUP_USER_API)
		return LOOKUP_CLOUD_API_URL;
	return t->site;
}

static void
lookup_request_credentials(struct http_request *req, const struct tenant *t,
    const char *secret)
{
	struct buf form;

	switch (t->source.type) {
	case LOOKUP_ADMIN_API:
	case LOOKUP_USER_API:
	case LOOKUP_DC_PAT:
		req->bearer = xstrdup(secret);
		break;
	case LOOKUP_INTROSPECTION:
		buf_init(&form);
		/* Sized once, so no partial copy of the token is freed
		 * without being wiped: escaping at most triples it. */
		buf_reserve(&form, sizeof("token=") + 3 * strlen(secret));
		buf_adds(&form, "token=");
		lookup_url_escape(&form, secret);
		req->form = buf_detach(&form);
		break;
	case LOOKUP_PROBE:
		req->basic_user = xstrdup(t->source.email);
		req->basic_pass = xstrdup(secret);
		break;
	case LOOKUP_NONE:
		break;
	}
}

/* A request to url for t, carrying secret as the type requires. */
struct http_request *
lookup_request_new(const struct tenant *t, const char *url,
    const char *secret)
{
	struct http_request *req = http_request_new(url);
	int64_t timeout = t->source.has_timeout ? t->source.timeout :
	    LOOKUP_TIMEOUT_DEFAULT;

	req->timeout_ms = (long)(timeout * 1000);
	if (t->source.ca_file != NULL)
		req->ca_file = xstrdup(t->source.ca_file);
	lookup_request_credentials(req, t, secret);
	return req;
}
