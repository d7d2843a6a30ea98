/* ttlwatch.csv: one row per tenant, RFC 4180. */
#ifndef TTLWATCH_REPORT_CSV_H
#define TTLWATCH_REPORT_CSV_H

#include <stdbool.h>

#include "buf.h"
#include "report.h"

void	report_csv_write(const struct report_ctx *ctx, struct buf *out);
void	report_csv_field(struct buf *out, const char *value, bool text);

#endif
