/* Concurrent HTTP requests with libcurl's multi interface, a queue of our
 * own, per-host limits, timeouts and retries. */
#ifndef TTLWATCH_HTTP_H
#define TTLWATCH_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define HTTP_BODY_MAX		((size_t)1024 * 1024)	/* bytes of a response */
#define HTTP_PER_HOST_MAX	4		/* transfers to one host */
#define HTTP_RETRIES_MAX	3
#define HTTP_RETRY_AFTER_CAP	60		/* seconds we agree to wait */

/* The reason a request produced no usable response. */
enum http_failure {
	HTTP_OK,		/* a response arrived; see status */
	HTTP_TIMEOUT,
	HTTP_CONNECT,		/* refused, unreachable, DNS */
	HTTP_TLS,		/* certificate or handshake */
	HTTP_TOO_LARGE,		/* over HTTP_BODY_MAX */
	HTTP_RATE_LIMITED,	/* 429 after retries or with a wait over the
				   cap */
	HTTP_SERVER_ERROR,	/* 5xx after retries or with a wait over the
				   cap */
	HTTP_REFUSED_URL,	/* plain http to a host that is not loopback */
	HTTP_OTHER
};

struct http_request;
typedef void (*http_done_fn)(struct http_request *req);

struct http_request {
	/* Set by the caller; the request owns every string. */
	char	*url;
	char	*form;		/* POST body (x-www-form-urlencoded) or NULL */
	char	*bearer;	/* secret: Authorization: Bearer */
	char	*basic_user;	/* HTTP Basic user and secret password */
	char	*basic_pass;
	char	*ca_file;	/* extra trust anchors, or NULL */
	long	 timeout_ms;
	http_done_fn done;	/* called once, when no retry is left */
	void	*user;

	/* Results, valid in done(). */
	enum http_failure failure;
	long	 status;
	struct buf body;
	long	 retry_after;	/* seconds asked by the last 429/503, or -1 */
	int	 attempts;
	char	 error[256];	/* libcurl's words for a failure */

	/* The engine's own. */
	struct http_request *next;	/* in the waiting or active list */
	char	*host;		/* scheme://host:port */
	int64_t	 not_before_ms;
	void	*easy;
	void	*headers;
};

struct http_stats {
	size_t	ok;		/* finished with a response */
	size_t	retried;	/* retries made, over all requests */
	size_t	failed;		/* finished without a usable response */
};

struct http_engine;

struct http_engine *http_engine_new(int jobs);
void	 http_engine_free(struct http_engine *e);
void	 http_engine_add(struct http_engine *e, struct http_request *req);
bool	 http_engine_run(struct http_engine *e);
struct http_stats http_engine_stats(const struct http_engine *e);
struct http_request *http_request_new(const char *url);
void	 http_request_free(struct http_request *req);
const char *http_failure_text(const struct http_request *req);
bool	 http_url_is_loopback(const char *url);
bool	 http_same_host(const char *a, const char *b);
bool	 http_url_has_credentials(const char *url);
bool	 http_waits_too_long(const struct http_request *req);

#endif
