/* Reading secrets. Like ssh with private keys, a secret file that group or
 * others can access is rejected: the token in it could already be copied. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secret.h"
#include "xalloc.h"

/* Read up to size bytes, however many calls it takes; -1 on error. */
static ssize_t
secret_read_all(int fd, char *buf, size_t size)
{
	size_t got = 0;

	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Whether the secret contains a control character, which would let it
 * break out of the HTTP header it is sent in. */
static bool
secret_has_control(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			return true;
	}
	return false;
}

/* Trim the line end and check the secret is one non-empty line. */
static char *
secret_finish(char *text, size_t len, const char *what, struct buf *err)
{
	size_t size = len;

	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	text[len] = '\0';
	if (len == 0 || secret_has_control(text, len)) {
		buf_addf(err, "%s must hold the secret on one line, without "
		    "control characters", what);
		explicit_bzero(text, size);
		free(text);
		return NULL;
	}
	return text;
}

static bool
secret_check_mode(int fd, const char *path, const char *key,
    struct buf *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0) {
		buf_addf(err, "cannot read %s '%s': %s", key, path,
		    strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		buf_addf(err, "%s '%s' is not a regular file", key, path);
		return false;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		buf_addf(err, "%s '%s' is accessible by group or others "
		    "(mode %03o); run chmod 600 on it", key, path,
		    (unsigned)(st.st_mode & 0777));
		return false;
	}
	return true;
}

/* Read the secret in path, named by the config key that gave it; NULL
 * with a message in err on failure. The caller releases the result with
 * secret_free(). */
char *
secret_read_file(const char *path, const char *key, struct buf *err)
{
	char *text = NULL;
	ssize_t n;
	int fd;

	/* O_NONBLOCK: a FIFO must not hang the run; it is then refused as
	 * not a regular file. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd == -1) {
		buf_addf(err, "cannot open %s '%s': %s", key, path,
		    strerror(errno));
		return NULL;
	}
	if (!secret_check_mode(fd, path, key, err)) {
		(void)close(fd);
		return NULL;
	}
	text = xmalloc(SECRET_MAX + 1);
	n = secret_read_all(fd, text, SECRET_MAX + 1);
	(void)close(fd);
	if (n < 0 || n > SECRET_MAX) {
		if (n < 0)
			buf_addf(err, "cannot read %s '%s': %s", key, path,
			    strerror(errno));
		else
			buf_addf(err, "%s '%s' is longer than %d bytes", key,
			    path, SECRET_MAX);
		explicit_bzero(text, SECRET_MAX + 1);
		free(text);
		return NULL;
	}
	return secret_finish(text, (size_t)n, key, err);
}

char *
secret_from_env(const char *name, struct buf *err)
{
	const char *value = getenv(name);
	size_t len;

	if (value == NULL || *value == '\0') {
		buf_addf(err, "secret_env: the environment variable %s is "
		    "not set or is empty", name);
		return NULL;
	}
	len = strlen(value);
	if (len > SECRET_MAX) {
		buf_addf(err, "secret_env: %s is longer than %d bytes", name,
		    SECRET_MAX);
		return NULL;
	}
	return secret_finish(xstrndup(value, len), len, "secret_env", err);
}

/* Overwrite and free a secret. explicit_bzero is not optimised away. */
void
secret_free(char *secret)
{
	if (secret == NULL)
		return;
	explicit_bzero(secret, strlen(secret));
	free(secret);
}
