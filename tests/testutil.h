/*
 * Helpers shared by the unit tests: temporary files and directories,
 * tenants built from INI text, and the capture of standard error. The
 * helpers keep no state of their own between calls. Every path they
 * return is allocated, and the caller frees it.
 */
#ifndef TTLWATCH_TESTUTIL_H
#define TTLWATCH_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <check.h>

#include "tenant.h"

/* A redirection of file descriptor 2 into a temporary file. */
struct testutil_capture {
	int	 saved_fd;	/* the original standard error */
	char	*path;		/* the file that receives the output */
};

/* Create a new empty directory inside parent, or inside TMPDIR (else
 * /tmp) when parent is NULL. Fails the test when it cannot. */
char	*testutil_make_dir(const char *parent);

/* Remove path and, for a directory, everything below it. */
void	 testutil_remove_tree(const char *path);

/* Write len bytes to dir/name, replacing any file there, and return the
 * path. */
char	*testutil_write_file(const char *dir, const char *name,
	    const void *data, size_t len);

/* Write a NUL-terminated text to dir/name and return the path. */
char	*testutil_write_text(const char *dir, const char *name,
	    const char *text);

/* Read the whole file into a NUL-terminated string that the caller
 * frees. When len is not NULL, *len receives the size. */
char	*testutil_read_file(const char *path, size_t *len);

/* Write ini to dir/name and read it back with config_read(). */
struct tenant *testutil_tenant_from_ini(const char *dir, const char *name,
	    const char *ini);

/* Parse an instant that the test itself writes, and fail the test when
 * the text is not one. */
int64_t	 testutil_instant(const char *text);

/* Start sending standard error to a temporary file in dir. */
void	 testutil_capture_start(struct testutil_capture *c, const char *dir);

/* Restore standard error and return what was written meanwhile. */
char	*testutil_capture_end(struct testutil_capture *c);

/* Run every test of suite and return the process's exit status. */
int	 testutil_run(Suite *suite);

#endif
