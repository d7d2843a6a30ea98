/* The HTML digest, filled into a template. */
#ifndef TTLWATCH_REPORT_HTML_H
#define TTLWATCH_REPORT_HTML_H

#include <stdbool.h>

#include "buf.h"
#include "report.h"

/* Fill the template text with the run's results into out. On failure
 * (a template that does not parse) return false with a message in err
 * that names the template's line. */
bool	report_html_write(const struct report_ctx *ctx, const char *template_path,
	    const char *template_text, struct buf *out, struct buf *err);

#endif
