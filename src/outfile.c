/* Atomic replacement of report files. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "msg.h"
#include "outfile.h"
#include "xalloc.h"

/* Staged files, removed by the signal handler if the run is killed
 * (SIGINT, SIGTERM, SIGHUP) before they are renamed: a cron job that is
 * stopped must not leave temporary copies of its reports behind. */
#define OUTFILE_TRACKED_MAX	8
static char *volatile outfile_tracked[OUTFILE_TRACKED_MAX];

static void
outfile_on_signal(int sig)
{
	size_t i;

	for (i = 0; i < OUTFILE_TRACKED_MAX; i++) {
		if (outfile_tracked[i] != NULL)
			(void)unlink(outfile_tracked[i]);
	}
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

static void
outfile_catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	static bool installed;
	struct sigaction sa;
	size_t i;

	if (installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = outfile_on_signal;
	(void)sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], &sa, NULL) != 0)
			msg_warn("cannot catch signal %d: %s", sigs[i],
			    strerror(errno));
	}
	installed = true;
}

/* Start or stop removing path if the run is killed. */
static void
outfile_track(char *path, bool on)
{
	size_t i;

	for (i = 0; i < OUTFILE_TRACKED_MAX; i++) {
		if (on && outfile_tracked[i] == NULL) {
			outfile_tracked[i] = path;
			return;
		}
		if (!on && outfile_tracked[i] == path) {
			outfile_tracked[i] = NULL;
			return;
		}
	}
}

/* Create dir and its missing parents, as mkdir -p does. */
bool
outfile_mkdir(const char *dir)
{
	char *path = xstrdup(dir);
	char *p;
	bool ok = false;

	for (p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char saved = *p;

			*p = '\0';
			if (mkdir(path, 0777) != 0 && errno != EEXIST) {
				msg_error("cannot create directory '%s': %s",
				    path, strerror(errno));
				goto out;
			}
			*p = saved;
		}
		if (*p == '\0')
			break;
	}
	ok = true;
out:
	free(path);
	return ok;
}

static bool
outfile_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* Write data to a new temporary file beside dir/name. On failure the
 * temporary file is gone and the message printed. */
bool
outfile_stage(struct outfile *f, const char *dir, const char *name,
    const char *data, size_t len)
{
	struct buf tmp;
	mode_t mask;
	int fd;

	buf_init(&tmp);
	buf_addf(&tmp, "%s/.%s.XXXXXX", dir, name);
	f->tmp_path = buf_detach(&tmp);
	buf_addf(&tmp, "%s/%s", dir, name);
	f->path = buf_detach(&tmp);

	outfile_catch_signals();
	fd = mkstemp(f->tmp_path);
	if (fd == -1) {
		msg_error("cannot create a file in '%s': %s", dir,
		    strerror(errno));
		free(f->tmp_path);
		f->tmp_path = NULL;
		return false;
	}
	outfile_track(f->tmp_path, true);
	mask = umask(0);
	(void)umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 ||
	    !outfile_write_all(fd, data, len) || fsync(fd) != 0) {
		msg_error("cannot write '%s': %s", f->path, strerror(errno));
		(void)close(fd);
		outfile_discard(f);
		return false;
	}
	if (close(fd) != 0) {
		msg_error("cannot write '%s': %s", f->path, strerror(errno));
		outfile_discard(f);
		return false;
	}
	return true;
}

/* Keep a hard link to the report f replaces, so that a failed commit can
 * put it back. A directory or other non-file in the way is an error. */
static bool
outfile_keep_previous(struct outfile *f)
{
	struct stat st;
	struct buf prev;

	if (lstat(f->path, &st) != 0) {
		if (errno == ENOENT)
			return true;	/* nothing to keep */
		msg_error("cannot replace '%s': %s", f->path, strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		msg_error("cannot replace '%s': it is not a regular file; move "
		    "it out of the way", f->path);
		return false;
	}
	buf_init(&prev);
	buf_addf(&prev, "%s.prev", f->tmp_path);
	f->prev_path = buf_detach(&prev);
	if (link(f->path, f->prev_path) != 0) {
		msg_error("cannot keep a copy of '%s': %s", f->path,
		    strerror(errno));
		free(f->prev_path);
		f->prev_path = NULL;
		return false;
	}
	return true;
}

/* Undo the rename of f: the previous report back, or the new one gone. */
static void
outfile_roll_back(struct outfile *f)
{
	if (f->prev_path != NULL) {
		if (rename(f->prev_path, f->path) == 0) {
			free(f->prev_path);
			f->prev_path = NULL;
		}
	} else {
		(void)unlink(f->path);
	}
}

static void
outfile_drop_previous(struct outfile *f)
{
	if (f->prev_path != NULL)
		(void)unlink(f->prev_path);
	free(f->prev_path);
	f->prev_path = NULL;
}

/*
 * Rename every staged file of files[0..n) over its report. Either all
 * reports are replaced, or, when one rename fails, the ones already
 * renamed are put back and false is returned. Files with nothing staged
 * are skipped. The caller still calls outfile_discard() on each.
 */
bool
outfile_commit_all(struct outfile *files, size_t n)
{
	size_t i, done;
	bool ok = true;

	for (i = 0; ok && i < n; i++) {
		if (files[i].tmp_path != NULL)
			ok = outfile_keep_previous(&files[i]);
	}
	for (done = 0; ok && done < n; done++) {
		if (files[done].tmp_path == NULL)
			continue;
		if (rename(files[done].tmp_path, files[done].path) != 0) {
			msg_error("cannot replace '%s': %s", files[done].path,
			    strerror(errno));
			ok = false;
			break;
		}
		outfile_track(files[done].tmp_path, false);
		free(files[done].tmp_path);
		files[done].tmp_path = NULL;
	}
	for (i = 0; !ok && i < done; i++) {
		if (files[i].path != NULL && files[i].tmp_path == NULL)
			outfile_roll_back(&files[i]);
	}
	for (i = 0; i < n; i++)
		outfile_drop_previous(&files[i]);
	return ok;
}

/* Remove the staged file, if any, and free the names. */
void
outfile_discard(struct outfile *f)
{
	if (f->tmp_path != NULL) {
		outfile_track(f->tmp_path, false);
		(void)unlink(f->tmp_path);
	}
	free(f->tmp_path);
	f->tmp_path = NULL;
	outfile_drop_previous(f);
	free(f->path);
	f->path = NULL;
}

/* Flush the directory itself, so the renames survive a crash. */
bool
outfile_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	bool ok;

	if (fd == -1)
		return false;
	ok = fsync(fd) == 0;
	(void)close(fd);
	return ok;
}
