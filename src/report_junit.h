/* ttlwatch.junit.xml: one test case per tenant, for CI dashboards. */
#ifndef TTLWATCH_REPORT_JUNIT_H
#define TTLWATCH_REPORT_JUNIT_H

#include <stdbool.h>

#include "buf.h"
#include "report.h"

bool	report_junit_write(const struct report_ctx *ctx, struct buf *out);

#endif
