/* Helpers shared by the unit tests. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "instant.h"
#include "msg.h"
#include "testutil.h"

char *testutil_case_dir;
char *testutil_test_dir;

void
testutil_case_setup(void)
{
	testutil_case_dir = testutil_make_dir(NULL);
}

void
testutil_case_teardown(void)
{
	testutil_remove_tree(testutil_case_dir);
	free(testutil_case_dir);
	testutil_case_dir = NULL;
}

void
testutil_test_setup(void)
{
	msg_set_level(MSG_QUIET);
	testutil_test_dir = testutil_make_dir(testutil_case_dir);
}

void
testutil_test_teardown(void)
{
	free(testutil_test_dir);
	testutil_test_dir = NULL;
}

void
testutil_add_fixtures(TCase *tc)
{
	tcase_add_unchecked_fixture(tc, testutil_case_setup,
	    testutil_case_teardown);
	tcase_add_checked_fixture(tc, testutil_test_setup,
	    testutil_test_teardown);
}

char *
testutil_path(const char *dir, const char *name)
{
	size_t len = strlen(dir) + 1 + strlen(name) + 1;
	char *path = malloc(len);

	ck_assert_ptr_nonnull(path);
	snprintf(path, len, "%s/%s", dir, name);
	return path;
}

char *
testutil_make_dir(const char *parent)
{
	const char *base = parent;
	char *path;

	if (base == NULL)
		base = getenv("TMPDIR");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	path = testutil_path(base, "ttlwatch-test-XXXXXX");
	ck_assert_msg(mkdtemp(path) != NULL, "cannot create a directory "
	    "in '%s': %s", base, strerror(errno));
	return path;
}

char *
testutil_make_subdir(const char *parent, const char *name)
{
	char *path = testutil_path(parent, name);

	ck_assert_msg(mkdir(path, 0700) == 0, "cannot create '%s': %s", path,
	    strerror(errno));
	return path;
}

void
testutil_remove_tree(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		(void)unlink(path);
		return;
	}
	d = opendir(path);
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *child;

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			child = testutil_path(path, e->d_name);
			testutil_remove_tree(child);
			free(child);
		}
		(void)closedir(d);
	}
	(void)rmdir(path);
}

char *
testutil_write_file(const char *dir, const char *name, const void *data,
    size_t len)
{
	char *path = testutil_path(dir, name);
	FILE *fp = fopen(path, "wb");

	ck_assert_msg(fp != NULL, "cannot create '%s': %s", path,
	    strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

char *
testutil_write_text(const char *dir, const char *name, const char *text)
{
	return testutil_write_file(dir, name, text, strlen(text));
}

char *
testutil_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	size_t used = 0;
	size_t cap = 0;
	size_t n;

	ck_assert_msg(fp != NULL, "cannot open '%s': %s", path,
	    strerror(errno));
	do {
		if (cap - used < 4096) {
			cap = cap * 2 + 4096;
			data = realloc(data, cap + 1);
			ck_assert_ptr_nonnull(data);
		}
		n = fread(data + used, 1, cap - used, fp);
		used += n;
	} while (n > 0);
	ck_assert_int_eq(ferror(fp), 0);
	(void)fclose(fp);

	if (data == NULL) {
		data = malloc(1);
		ck_assert_ptr_nonnull(data);
	}
	data[used] = '\0';
	if (len != NULL)
		*len = used;
	return data;
}

struct tenant *
testutil_tenant_from_ini(const char *dir, const char *name, const char *ini)
{
	char *path = testutil_write_text(dir, name, ini);
	struct tenant *t = config_read(path);

	free(path);
	return t;
}

int64_t
testutil_instant(const char *text)
{
	const char *why = NULL;
	int64_t t = 0;

	ck_assert_msg(instant_parse(text, &t, &why), "'%s' is not an instant: "
	    "%s", text, why != NULL ? why : "");
	return t;
}

void
testutil_set_process_tz(const char *value)
{
	if (value == NULL)
		ck_assert_int_eq(unsetenv("TZ"), 0);
	else
		ck_assert_int_eq(setenv("TZ", value, 1), 0);
	tzset();
}

void
testutil_assert_process_tz(const char *value)
{
	if (value == NULL)
		ck_assert_ptr_null(getenv("TZ"));
	else
		ck_assert_pstr_eq(getenv("TZ"), value);
}

void
testutil_capture_start(struct testutil_capture *c, const char *dir)
{
	int fd;

	c->path = testutil_path(dir, "stderr-XXXXXX");
	fd = mkstemp(c->path);
	ck_assert_msg(fd != -1, "cannot create '%s': %s", c->path,
	    strerror(errno));
	fflush(stderr);
	c->saved_fd = dup(STDERR_FILENO);
	ck_assert_int_ne(c->saved_fd, -1);
	ck_assert_int_ne(dup2(fd, STDERR_FILENO), -1);
	(void)close(fd);
}

char *
testutil_capture_end(struct testutil_capture *c)
{
	char *text;

	fflush(stderr);
	ck_assert_int_ne(dup2(c->saved_fd, STDERR_FILENO), -1);
	(void)close(c->saved_fd);
	c->saved_fd = -1;

	text = testutil_read_file(c->path, NULL);
	(void)unlink(c->path);
	free(c->path);
	c->path = NULL;
	return text;
}

int
testutil_run(Suite *suite)
{
	SRunner *runner = srunner_create(suite);
	int failed;

	srunner_run_all(runner, CK_ENV);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
