/* The table of tenant configuration keys and their value parsers. */
#ifndef TTLWATCH_CONFIG_KEYS_H
#define TTLWATCH_CONFIG_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "tenant.h"

struct config_key {
	const char *section;
	const char *name;
	/* Store value in t; on failure set *why and return false. */
	bool	(*set)(struct tenant *t, size_t offset, const char *value,
		    const char **why);
	size_t	 offset;	/* of the field in struct tenant */
};

const struct config_key *config_key_find(const char *section,
	    const char *name);
size_t	 config_key_index(const struct config_key *key);
size_t	 config_key_count(void);
const struct config_key *config_key_at(size_t index);
bool	 config_section_known(const char *section);
void	 config_key_list(const char *section, char *out, size_t size);

#endif
