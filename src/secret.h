/* Credentials for live lookups, read from a private file or the
 * environment. ttlwatch wipes its own copies before freeing them and
 * never puts a secret in a message. NOTE: libcurl keeps copies of its
 * own while a transfer is set up, which it frees without wiping. */
#ifndef TTLWATCH_SECRET_H
#define TTLWATCH_SECRET_H

#include "buf.h"

#define SECRET_MAX	4096

char	*secret_read_file(const char *path, const char *key,
	    struct buf *err);
char	*secret_from_env(const char *name, struct buf *err);
void	 secret_free(char *secret);

#endif
