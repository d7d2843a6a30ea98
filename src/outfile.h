/* Reports replaced atomically. Each is written in full to a temporary file
 * in the output directory and flushed to disk. Then all are renamed over
 * the old ones, and if one rename fails the others are put back. */
#ifndef TTLWATCH_OUTFILE_H
#define TTLWATCH_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

struct outfile {
	char	*path;		/* the final name */
	char	*tmp_path;	/* the staged copy, or NULL */
	char	*prev_path;	/* a hard link to the previous report, or NULL */
};

bool	outfile_mkdir(const char *dir);
bool	outfile_stage(struct outfile *f, const char *dir, const char *name,
	    const char *data, size_t len);
bool	outfile_commit_all(struct outfile *files, size_t n);
void	outfile_discard(struct outfile *f);
bool	outfile_sync_dir(const char *dir);

#endif
