/* Atlassian-reported expiries: the value forms, and the --reported CSV. */
#ifndef TTLWATCH_REPORTED_H
#define TTLWATCH_REPORTED_H

#include <stdbool.h>
#include <stdio.h>

#include "tenant.h"

bool	reported_parse_expiry(const char *value, struct reported *r,
	    const char **why);
bool	reported_load(const char *path, struct tenant_list *tenants);
bool	reported_parse(FILE *fp, const char *path, struct tenant_list *tenants);

#endif
