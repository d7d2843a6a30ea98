/* One transfer of the HTTP engine: libcurl easy handle setup and the
 * reading of its outcome. Used by http.c only. */
#ifndef TTLWATCH_HTTP_EASY_H
#define TTLWATCH_HTTP_EASY_H

#include <stdbool.h>

#include <curl/curl.h>

#include "http.h"

bool	http_easy_start(struct http_request *req, CURLM *multi);
void	http_easy_finish(struct http_request *req, CURLM *multi,
	    CURLcode rc);
bool	http_easy_retryable(const struct http_request *req);

#endif
