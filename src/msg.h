/* Diagnostics on standard error. Every line starts with "ttlwatch: "; a
 * problem in an input file reads "ttlwatch: FILE:LINE: message". The
 * verbosity set by -q and -v is decided here and nowhere else. */
#ifndef TTLWATCH_MSG_H
#define TTLWATCH_MSG_H

#include <stddef.h>

enum msg_level {
	MSG_QUIET = -1,		/* errors only */
	MSG_NORMAL = 0,		/* errors and warnings */
	MSG_VERBOSE = 1		/* also each tenant's state and each request */
};

void	msg_set_level(enum msg_level level);
enum msg_level msg_get_level(void);

void	msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	msg_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	msg_progress(size_t done, size_t total, const char *what);
void	msg_warn_at(const char *file, long line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
