/*
 * Helpers shared by the unit tests: per-test directories as Check
 * fixtures, temporary files and directories, tenants built from INI text,
 * the process's TZ, the capture of standard error and the suite runner.
 * Only the fixtures keep state, in the two directory variables below.
 * Every path the other helpers return is allocated, and the caller frees
 * it.
 */
#ifndef TTLWATCH_TESTUTIL_H
#define TTLWATCH_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <check.h>

#include "tenant.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * The directory of the running test case. The parent process makes it
 * and removes it, so nothing is left behind even when a test fails in its
 * child process. NULL outside a test case that has the fixtures.
 */
extern char	*testutil_case_dir;

/* A new directory for each test, inside testutil_case_dir. */
extern char	*testutil_test_dir;

/* Make testutil_case_dir. An unchecked fixture, run once per test case. */
void	 testutil_case_setup(void);

/* Remove testutil_case_dir and everything below it. */
void	 testutil_case_teardown(void);

/* Make testutil_test_dir and set the message level to MSG_QUIET. A
 * checked fixture, run before each test. */
void	 testutil_test_setup(void);

/* Free the string testutil_test_dir and set it to NULL. The directory
 * itself is removed by testutil_case_teardown(). */
void	 testutil_test_teardown(void);

/*
 * Add the four fixtures above to tc. A test case may add a checked
 * fixture of its own after this call. Check runs setups in the order they
 * were added and teardowns in reverse order, so its setup runs after
 * testutil_test_setup(), its teardown before testutil_test_teardown(),
 * and both can use testutil_test_dir.
 */
void	 testutil_add_fixtures(TCase *tc);

/* Return dir/name. */
char	*testutil_path(const char *dir, const char *name);

/* Create a new empty directory inside parent, or inside TMPDIR (else
 * /tmp) when parent is NULL. Fails the test when it cannot. */
char	*testutil_make_dir(const char *parent);

/* Create the directory parent/name and return its path. Fails the test
 * when it cannot. */
char	*testutil_make_subdir(const char *parent, const char *name);

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

/* Set the process's TZ to value, or unset it when value is NULL, and
 * call tzset(). */
void	 testutil_set_process_tz(const char *value);

/* Assert that the process's TZ is value, or unset when value is NULL. */
void	 testutil_assert_process_tz(const char *value);

/* A redirection of file descriptor 2 into a temporary file. */
struct testutil_capture {
	int	 saved_fd;	/* the original standard error */
	char	*path;		/* the file that receives the output */
};

/* Start sending standard error to a temporary file in dir. */
void	 testutil_capture_start(struct testutil_capture *c, const char *dir);

/* Restore standard error and return what was written meanwhile. */
char	*testutil_capture_end(struct testutil_capture *c);

/* Run every test of suite and return the process's exit status. */
int	 testutil_run(Suite *suite);

#endif
