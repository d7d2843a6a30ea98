/* Credentials for live lookups, read from a private file or the
 * environment. A secret is wiped before its memory is freed and never
 * appears in a message. */
#ifndef TTLWATCH_SECRET_H
#define TTLWATCH_SECRET_H

#include "buf.h"

#define SECRET_MAX	4096

char	*secret_read_file(const char *path, struct buf *err);
char	*secret_from_env(const char *name, struct buf *err);
void	 secret_free(char *secret);

#endif
