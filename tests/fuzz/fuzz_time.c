/* libFuzzer target: the instant, date, duration and zone-name parsers.
 * The first byte picks the parser; the rest is the text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "duration.h"
#include "instant.h"
#include "zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_time_parse(unsigned selector, const char *text)
{
	const char *why = NULL;
	char out[INSTANT_BUFSZ];
	struct date d;
	int64_t t;

	switch (selector % 4) {
	case 0:
		if (instant_parse(text, &t, &why))
			instant_format(t, out);
		break;
	case 1:
		if (date_parse(text, &d, &why))
			date_format(&d, out);
		break;
	case 2:
		(void)duration_parse(text, &t, &why);
		break;
	default:
		(void)zone_check(text, &why);
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size == 0)
		return 0;
	text = malloc(size);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	fuzz_time_parse(data[0], text);
	free(text);
	return 0;
}
