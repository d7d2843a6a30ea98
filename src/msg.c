/* Diagnostics on standard error, filtered by the -q/-v level. */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "msg.h"

static enum msg_level msg_level = MSG_NORMAL;
static int msg_progress_open;	/* a progress line awaits its newline */

void
msg_set_level(enum msg_level level)
{
	msg_level = level;
}

enum msg_level
msg_get_level(void)
{
	return msg_level;
}

static void
msg_vprint(const char *file, long line, const char *fmt, va_list ap)
{
	if (msg_progress_open) {
		fputc('\n', stderr);
		msg_progress_open = 0;
	}
	fputs("ttlwatch: ", stderr);
	if (file != NULL && line > 0)
		fprintf(stderr, "%s:%ld: ", file, line);
	else if (file != NULL)
		fprintf(stderr, "%s: ", file);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* Print a problem that stops the run or loses a result; never filtered. */
void
msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint(NULL, 0, fmt, ap);
	va_end(ap);
}

/* Print a problem the run carries on from; -q silences it. */
void
msg_warn(const char *fmt, ...)
{
	va_list ap;

	if (msg_level < MSG_NORMAL)
		return;
	va_start(ap, fmt);
	msg_vprint(NULL, 0, fmt, ap);
	va_end(ap);
}

/* Print a warning about FILE at LINE; a line of 0 names the file alone. */
void
msg_warn_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	if (msg_level < MSG_NORMAL)
		return;
	va_start(ap, fmt);
	msg_vprint(file, line, fmt, ap);
	va_end(ap);
}

void
msg_verbose(const char *fmt, ...)
{
	va_list ap;

	if (msg_level < MSG_VERBOSE)
		return;
	va_start(ap, fmt);
	msg_vprint(NULL, 0, fmt, ap);
	va_end(ap);
}

/* Show "DONE of TOTAL WHAT" on one line that rewrites itself, only when
 * standard error is a terminal and -q is not given. The last call ends
 * the line. */
void
msg_progress(size_t done, size_t total, const char *what)
{
	if (msg_level < MSG_NORMAL || !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\rttlwatch: %zu of %zu %s", done, total, what);
	msg_progress_open = done != total;
	if (done == total)
		fputc('\n', stderr);
}
