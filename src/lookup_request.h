/* Building the request for each lookup type, and the URL helpers. */
#ifndef TTLWATCH_LOOKUP_REQUEST_H
#define TTLWATCH_LOOKUP_REQUEST_H

#include "buf.h"
#include "http.h"
#include "tenant.h"

void	lookup_url_escape(struct buf *out, const char *s);
char	*lookup_url_join(const char *base, const char *path);
const char *lookup_base_url(const struct tenant *t);
struct http_request *lookup_request_new(const struct tenant *t,
	    const char *url, const char *secret);

#endif
