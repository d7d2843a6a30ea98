/* Wording shared by the reports: the one-line finding, the summary line
 * and the rotation link. */
#include <string.h>

#include "instant.h"
#include "report.h"

/* Whether a row shows an expiry and days left: only a known expiry of a
 * healthy, warn or critical token does. */
bool
report_has_days(const struct result *r)
{
	return r->has_expiry && (r->state == STATE_HEALTHY ||
	    r->state == STATE_WARN || r->state == STATE_CRITICAL);
}

static void
report_finding_expiry(const struct tenant *t, struct buf *out)
{
	const struct result *r = &t->result;
	char when[INSTANT_BUFSZ];

	if (!r->has_expiry) {
		buf_adds(out, r->state == STATE_CRITICAL ? "rejected by "
		    "Atlassian: revoked or expired" : "never expires");
		return;
	}
	instant_format(r->expires_at, when);
	if (r->state == STATE_CRITICAL)
		buf_addf(out, "expired at %s", when);
	else if (r->days_left == 0)
		buf_addf(out, "expires in less than a day (%s)", when);
	else
		buf_addf(out, "expires in %lld day%s (%s)",
		    (long long)r->days_left, r->days_left == 1 ? "" : "s",
		    when);
}

/* Append the one-line finding for t, e.g. "expires in 4 days (...)". */
void
report_finding(const struct tenant *t, struct buf *out)
{
	switch (t->result.state) {
	case STATE_HEALTHY:
	case STATE_WARN:
	case STATE_CRITICAL:
		report_finding_expiry(t, out);
		break;
	case STATE_UNKNOWN:
		buf_adds(out, "expiry unknown");
		break;
	case STATE_ERROR:
		buf_adds(out, "invalid configuration");
		break;
	case STATE_SKIPPED:
		buf_adds(out, "disabled");
		break;
	}
}

/* Append the finding followed by the notes or the configuration errors:
 * the whole story in one line, for JUnit messages. */
void
report_message(const struct tenant *t, struct buf *out)
{
	const struct buf *extra = t->result.state == STATE_ERROR ?
	    &t->errors : &t->result.notes;

	report_finding(t, out);
	if (extra->len > 0) {
		buf_adds(out, ": ");
		buf_add(out, extra->data, extra->len);
	}
}

/* Append the page where t's token is rotated, or nothing for a Data
 * Center token whose site is not configured. */
void
report_rotate_url(const struct tenant *t, struct buf *out)
{
	size_t len;

	if (token_kind_is_cloud(t->kind)) {
		buf_adds(out, REPORT_CLOUD_ROTATE_URL);
		return;
	}
	if (t->kind != TOKEN_DC_PAT || t->site == NULL)
		return;
	len = strlen(t->site);
	while (len > 0 && t->site[len - 1] == '/')
		len--;
	buf_add(out, t->site, len);
	buf_adds(out, REPORT_DC_ROTATE_PATH);
}

/* Append "12 tenants: 1 critical, 2 warn, 8 healthy, 1 unknown". */
void
report_summary(const struct state_counts *c, struct buf *out)
{
	static const enum state order[] = {
		STATE_CRITICAL, STATE_WARN, STATE_HEALTHY, STATE_UNKNOWN,
		STATE_ERROR, STATE_SKIPPED
	};
	const char *sep = ": ";
	size_t i;

	buf_addf(out, "%zu tenant%s", c->total, c->total == 1 ? "" : "s");
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (c->n[order[i]] == 0)
			continue;
		buf_addf(out, "%s%zu %s", sep, c->n[order[i]],
		    state_name(order[i]));
		sep = ", ";
	}
}
