/* Turning the command line's paths into tenant files, in a stable order,
 * and the rule that a tenant id appears once in a run. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "config.h"
#include "msg.h"
#include "xalloc.h"

struct name_list {
	char	**names;
	size_t	 len;
	size_t	 cap;
};

static void
name_list_add(struct name_list *l, const char *name)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->names = xreallocarray(l->names, l->cap, sizeof(*l->names));
	}
	l->names[l->len++] = xstrdup(name);
}

static void
name_list_release(struct name_list *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		free(l->names[i]);
	free(l->names);
}

/* Byte order, not the locale's collation, so every run reads the same
 * order on every machine. */
static int
config_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
config_is_conf_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 5 &&
	    strcmp(name + len - 5, ".conf") == 0;
}

/* Whether dir/name is a directory: one named like a tenant file is not
 * read, as directories are not descended into. */
static bool
config_is_subdir(const char *dir, const char *name)
{
	struct buf path;
	struct stat st;
	bool subdir;

	buf_init(&path);
	buf_addf(&path, "%s/%s", dir, name);
	subdir = stat(buf_str(&path), &st) == 0 && S_ISDIR(st.st_mode);
	buf_release(&path);
	return subdir;
}

static bool
config_list_dir(const char *dir, struct name_list *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL) {
		msg_error("cannot open '%s': %s", dir, strerror(errno));
		return false;
	}
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (e == NULL)
			break;
		if (config_is_conf_name(e->d_name) &&
		    !config_is_subdir(dir, e->d_name))
			name_list_add(out, e->d_name);
	}
	if (errno != 0) {
		msg_error("cannot read '%s': %s", dir, strerror(errno));
		(void)closedir(d);
		return false;
	}
	(void)closedir(d);
	if (out->len > 1)
		qsort(out->names, out->len, sizeof(*out->names),
		    config_name_cmp);
	return true;
}

static bool
config_collect_dir(const char *dir, struct tenant_list *out)
{
	struct name_list names = { NULL, 0, 0 };
	struct buf path;
	size_t i;

	if (!config_list_dir(dir, &names)) {
		name_list_release(&names);
		return false;
	}
	if (names.len == 0)
		msg_warn("no tenant configurations (*.conf) in '%s'", dir);

	buf_init(&path);
	for (i = 0; i < names.len; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", names.names[i]);
		tenant_list_add(out, config_read(buf_str(&path)));
	}
	buf_release(&path);
	name_list_release(&names);
	return true;
}

/*
 * Read every tenant named by paths: files as given, directories for their
 * *.conf files (not hidden, not recursive) in byte order. A broken link
 * under a .conf name is read all the same, so that it becomes an error
 * row instead of a silent gap. Returns false when a path cannot be read
 * at all, which is a command-line error. A file that cannot be parsed
 * becomes a tenant with an error instead.
 */
bool
config_collect(const char *const *paths, size_t npaths,
    struct tenant_list *out)
{
	size_t i;

	for (i = 0; i < npaths; i++) {
		struct stat st;

		if (stat(paths[i], &st) != 0) {
			msg_error("cannot open '%s': %s", paths[i],
			    strerror(errno));
			return false;
		}
		if (S_ISDIR(st.st_mode)) {
			if (!config_collect_dir(paths[i], out))
				return false;
		} else {
			tenant_list_add(out, config_read(paths[i]));
		}
	}
	return true;
}

static int
config_id_cmp(const void *a, const void *b)
{
	const struct tenant *ta = *(struct tenant *const *)a;
	const struct tenant *tb = *(struct tenant *const *)b;
	int c = strcmp(ta->id, tb->id);

	if (c != 0)
		return c;
	return ta->order < tb->order ? -1 : ta->order > tb->order;
}

/* Whether two paths name the same file, as when a file is given both
 * alone and inside its directory. */
static bool
config_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void
config_mark_duplicate(struct tenant *later, const struct tenant *first)
{
	if (config_same_file(later->path, first->path)) {
		tenant_error_at(later, later->id_line, "this file was already "
		    "read as '%s'; give each tenant file once", first->path);
		return;
	}
	tenant_error_at(later, later->id_line, "duplicate tenant id '%s'; '%s' "
	    "already uses it, so give this tenant an id of its own", later->id,
	    first->path);
}

/* Mark every tenant whose id an earlier file already used as an error. */
void
config_check_duplicates(struct tenant_list *list)
{
	struct tenant **sorted;
	size_t n = 0;
	size_t i, first;

	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer array */
	sorted = xcalloc(list->len, sizeof(*sorted));
	for (i = 0; i < list->len; i++) {
		list->items[i]->order = i;
		if (list->items[i]->id != NULL)
			sorted[n++] = list->items[i];
	}
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer array */
	qsort(sorted, n, sizeof(*sorted), config_id_cmp);
	for (i = 1, first = 0; i < n; i++) {
		if (strcmp(sorted[first]->id, sorted[i]->id) == 0)
			config_mark_duplicate(sorted[i], sorted[first]);
		else
			first = i;
	}
	free(sorted);
}
