/* Checks across the keys of one tenant file. */
#ifndef TTLWATCH_CONFIG_CHECK_H
#define TTLWATCH_CONFIG_CHECK_H

#include <stdbool.h>

#include "tenant.h"

void	config_check(struct tenant *t, bool content, const long *key_lines);

#endif
