/* Allocation that never returns NULL: a batch job that runs out of memory
 * cannot write a truthful report, so it stops with a message instead. */
#ifndef TTLWATCH_XALLOC_H
#define TTLWATCH_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

#endif
