/* libFuzzer target: every JSON response handler of the live lookups. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lookup_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct lookup_items items = { NULL, 0, 0 };
	struct buf err;
	char *next = NULL;
	bool active, has_exp;
	int64_t exp;

	buf_init(&err);
	(void)lookup_json_admin_page(body, size, &items, &next, &err);
	free(next);
	lookup_items_release(&items);
	(void)lookup_json_user_tokens(body, size, &items, &err);
	lookup_items_release(&items);
	(void)lookup_json_dc_tokens(body, size, &items, &err);
	lookup_items_release(&items);
	(void)lookup_json_introspection(body, size, &active, &has_exp, &exp,
	    &err);
	buf_release(&err);
	return 0;
}
