/* Tenant configuration files: INI, one tenant per file. */
#ifndef TTLWATCH_CONFIG_H
#define TTLWATCH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tenant.h"

/* Maximum length of a tenant file's line, in bytes, without the line end.
 * The limit is inih's line buffer as Debian builds it. */
#define CONFIG_LINE_MAX	196

struct tenant *config_read(const char *path);
struct tenant *config_parse(FILE *fp, const char *path);
bool	 config_collect(const char *const *paths, size_t npaths,
	    struct tenant_list *out);
void	 config_check_duplicates(struct tenant_list *list);

#endif
