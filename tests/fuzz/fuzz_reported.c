/* libFuzzer target: the reported-expiry CSV reader, applied to a small
 * fixed set of tenants. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "msg.h"
#include "reported.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_reported_tenants(struct tenant_list *list)
{
	static const char *const ids[] = { "acme-uk", "globex", "initech" };
	size_t i;

	tenant_list_init(list);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct tenant *t = tenant_new("fuzz.conf");

		t->id = xstrdup(ids[i]);
		tenant_list_add(list, t);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tenant_list list;
	FILE *fp;

	msg_set_level(MSG_QUIET);
	fp = fmemopen((void *)(uintptr_t)data, size, "r");
	if (fp == NULL)
		return 0;
	fuzz_reported_tenants(&list);
	(void)reported_parse(fp, "fuzz.csv", &list);
	(void)fclose(fp);
	tenant_list_release(&list);
	return 0;
}
