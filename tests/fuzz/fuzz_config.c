/* libFuzzer target: the tenant configuration parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp;
	struct tenant *t;

	msg_set_level(MSG_QUIET);
	fp = fmemopen((void *)(uintptr_t)data, size, "r");
	if (fp == NULL)
		return 0;
	t = config_parse(fp, "fuzz.conf");
	(void)fclose(fp);
	tenant_free(t);
	return 0;
}
