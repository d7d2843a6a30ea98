/*
 * Reading tenant configuration files with inih. As Debian builds inih, its
 * handler gets no line numbers. So the file is fed through a reader of our
 * own that counts lines and rejects what inih would mangle: lines longer
 * than its buffer, NUL bytes, bare CRs and text that is not UTF-8.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "buf.h"
#include "config.h"
#include "config_check.h"
#include "config_keys.h"
#include "msg.h"
#include "text.h"
#include "xalloc.h"

struct config_ctx {
	const char *path;
	FILE	*fp;
	struct tenant *tenant;
	long	 line;		/* the line inih is handling */
	char	 text[CONFIG_LINE_MAX + 8];	/* the start of the line */
	bool	 line_nul;	/* the line holds a NUL byte */
	bool	 line_lone_cr;	/* the line holds a CR not before LF */
	size_t	 line_eol;	/* bytes of its LF or CRLF ending */
	bool	 content;	/* some line is not blank or a comment */
	bool	 stopped;	/* not a text file: read no further */
	bool	 lost_section;	/* a rejected line looked like a header, so
				   keys up to the next header are ignored */
	int	 read_errno;	/* why reading failed, or 0 */
	long	*key_lines;	/* per config_key_index(); 0: not seen */
	size_t	 nerrors;	/* line errors recorded so far */
};

/* Line errors kept per file; a file of garbage gets these and a count,
 * not a report row of megabytes. */
#define CONFIG_ERRORS_MAX	50

/* Record an error at the current line of the file. */
static void
config_error(struct config_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
config_error(struct config_ctx *ctx, const char *fmt, ...)
{
	struct buf body;
	va_list ap;

	if (++ctx->nerrors > CONFIG_ERRORS_MAX)
		return;
	buf_init(&body);
	va_start(ap, fmt);
	buf_vaddf(&body, fmt, ap);
	va_end(ap);
	tenant_error_at(ctx->tenant, ctx->line, "%s", buf_str(&body));
	buf_release(&body);
}

/* A [section] header naming a section we do not know is an error even
 * when no key follows it. */
static void
config_check_header(struct config_ctx *ctx, const char *line)
{
	const char *end;
	char name[64];
	size_t len;

	if (ctx->line == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0)
		line += 3;	/* inih skips a byte order mark too */
	line = text_skip_space(line);
	if (*line != '[')
		return;
	end = strchr(line, ']');
	if (end == NULL)
		return;		/* inih reports the syntax error */
	len = (size_t)(end - line - 1);
	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	memcpy(name, line + 1, len);
	name[len] = '\0';
	if (!config_section_known(name)) {
		struct buf q;

		buf_init(&q);
		text_quote(&q, name);
		config_error(ctx, "unknown section %s; expected [tenant], "
		    "[token], [atlassian] or [source]", buf_str(&q));
		buf_release(&q);
	}
}

static bool
config_line_is_content(const char *line)
{
	line = text_skip_space(line);
	return *line != '\0' && *line != ';' && *line != '#';
}

/* Check one physical line; return false to hand inih a blank line
 * instead, after recording why. */
static bool
config_line_ok(struct config_ctx *ctx, const char *line, size_t len)
{
	size_t body = len - ctx->line_eol;

	if (ctx->line_nul) {
		config_error(ctx, "the line contains a NUL byte; this is not "
		    "a text file");
		ctx->stopped = true;
		return false;
	}
	if (ctx->line_lone_cr) {
		config_error(ctx, "the line ends in a bare CR; save the file "
		    "with LF or CRLF line ends");
		ctx->stopped = true;
		return false;
	}
	if (body > CONFIG_LINE_MAX) {
		config_error(ctx, "the line is %zu bytes long; the limit is %d",
		    body, CONFIG_LINE_MAX);
		return false;
	}
	if (!text_utf8_valid(line)) {
		config_error(ctx, "the line is not valid UTF-8; save the file "
		    "as UTF-8");
		return false;
	}
	return true;
}

/*
 * Read one physical line into ctx->text, keeping only as much as a valid
 * line can hold, so that a huge line or an endless file costs no memory.
 * Returns the line's whole length, or -1 at the end of the file.
 */
static bool
config_next_is_lf(FILE *fp)
{
	int c = getc(fp);

	if (c != EOF)
		(void)ungetc(c, fp);
	return c == '\n';
}

static ssize_t
config_read_line(struct config_ctx *ctx)
{
	size_t len = 0, kept = 0;
	int prev = EOF;

	ctx->line_nul = false;
	ctx->line_lone_cr = false;
	ctx->line_eol = 0;
	for (;;) {
		int c = getc(ctx->fp);

		if (c == EOF)
			break;
		if (c == '\n')
			ctx->line_eol = prev == '\r' ? 2 : 1;
		prev = c;
		if (c == '\0')
			ctx->line_nul = true;
		if (c == '\r' && !config_next_is_lf(ctx->fp))
			ctx->line_lone_cr = true;
		if (kept < sizeof(ctx->text) - 1)
			ctx->text[kept++] = (char)c;
		len++;
		if (c == '\n' || ctx->line_nul || ctx->line_lone_cr)
			break;
	}
	ctx->text[kept] = '\0';
	if (len == 0)
		return -1;
	return (ssize_t)len;
}

/* inih's fgets-style reader. */
static char *
config_reader(char *str, int num, void *stream)
{
	struct config_ctx *ctx = stream;
	ssize_t len;

	if (ctx->stopped)
		return NULL;
	errno = 0;
	len = config_read_line(ctx);
	if (len < 0) {
		ctx->read_errno = ferror(ctx->fp) ? errno : 0;
		return NULL;
	}
	ctx->line++;

	if (!config_line_ok(ctx, ctx->text, (size_t)len) ||
	    (size_t)len >= (size_t)num) {
		if (*text_skip_space(ctx->text) == '[')
			ctx->lost_section = true;
		str[0] = '\n';
		str[1] = '\0';
		return str;
	}
	if (*text_skip_space(ctx->text) == '[')
		ctx->lost_section = false;
	if (config_line_is_content(ctx->text))
		ctx->content = true;
	config_check_header(ctx, ctx->text);
	memcpy(str, ctx->text, (size_t)len + 1);	/* len < num, checked above */
	return str;
}

static void
config_unknown_key(struct config_ctx *ctx, const char *section,
    const char *name)
{
	char keys[256];
	struct buf q;

	buf_init(&q);
	text_quote(&q, name);
	if (*section == '\0') {
		config_error(ctx, "key %s is outside any section; put it under "
		    "[tenant], [token], [atlassian] or [source]", buf_str(&q));
	} else {
		config_key_list(section, keys, sizeof(keys));
		config_error(ctx, "unknown key %s in [%s]; expected one of: %s",
		    buf_str(&q), section, keys);
	}
	buf_release(&q);
}

static void
config_set(struct config_ctx *ctx, const struct config_key *key,
    const char *value)
{
	size_t index = config_key_index(key);
	const char *why = NULL;
	struct buf q;

	if (ctx->key_lines[index] != 0) {
		config_error(ctx, "duplicate key '%s' in [%s]; the first is on "
		    "line %ld", key->name, key->section, ctx->key_lines[index]);
		return;
	}
	ctx->key_lines[index] = ctx->line;
	if (key->set(ctx->tenant, key->offset, value, &why))
		return;

	buf_init(&q);
	text_quote(&q, value);
	config_error(ctx, "invalid %s %s: %s", key->name, buf_str(&q), why);
	buf_release(&q);
}

static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config_ctx *ctx = user;
	const struct config_key *key;

	if (ctx->lost_section ||
	    (*section != '\0' && !config_section_known(section)))
		return 1;	/* reported once, at the header */
	key = config_key_find(section, name);
	if (key == NULL)
		config_unknown_key(ctx, section, name);
	else
		config_set(ctx, key, value);
	return 1;
}

static void
config_parse_stream(struct config_ctx *ctx)
{
	int rc;

	ini_allow_multiline = false;
	rc = ini_parse_stream(config_reader, ctx, config_handler, ctx);
	if (ctx->read_errno != 0) {
		tenant_error(ctx->tenant, "cannot read '%s': %s", ctx->path,
		    strerror(ctx->read_errno));
		ctx->stopped = true;
		return;
	}
	if (rc > 0) {
		ctx->line = rc;
		config_error(ctx, "syntax error: expected [section], "
		    "key = value or a comment");
	} else if (rc < 0) {
		config_error(ctx, "cannot parse: out of memory");
	}
}

/*
 * Parse the tenant configuration in fp, named path in messages. Always
 * returns a tenant, which the caller frees; problems are recorded in it,
 * so that one bad file becomes one error row.
 */
struct tenant *
config_parse(FILE *fp, const char *path)
{
	struct config_ctx ctx;
	struct tenant *t = tenant_new(path);

	memset(&ctx, 0, sizeof(ctx));
	ctx.path = path;
	ctx.tenant = t;
	ctx.fp = fp;
	ctx.key_lines = xcalloc(config_key_count(), sizeof(long));

	config_parse_stream(&ctx);
	if (ctx.nerrors > CONFIG_ERRORS_MAX)
		tenant_error_at(t, 0, "%zu more errors in this file are not "
		    "listed", ctx.nerrors - CONFIG_ERRORS_MAX);
	if (!ctx.stopped)
		config_check(t, ctx.content, ctx.key_lines);
	t->id_line = ctx.key_lines[config_key_index(
	    config_key_find("tenant", "id"))];

	free(ctx.key_lines);
	return t;
}

/* Open path for reading only if it is a regular file. O_NONBLOCK keeps a
 * FIFO from hanging the run in open(); a regular file ignores it. */
static FILE *
config_open(const char *path, const char **why)
{
	struct stat st;
	FILE *fp;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);

	*why = NULL;
	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		(void)close(fd);
		return NULL;
	}
	fp = fdopen(fd, "r");
	if (fp == NULL)
		(void)close(fd);
	return fp;
}

/* Read the tenant configuration at path; see config_parse(). */
struct tenant *
config_read(const char *path)
{
	const char *why;
	FILE *fp = config_open(path, &why);
	struct tenant *t;

	if (fp != NULL) {
		t = config_parse(fp, path);
		(void)fclose(fp);
		return t;
	}

	t = tenant_new(path);
	tenant_error(t, "cannot open '%s': %s", path,
	    why != NULL ? why : strerror(errno));
	return t;
}
