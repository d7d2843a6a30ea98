/* The context every report writer receives, and the wording they share. */
#ifndef TTLWATCH_REPORT_H
#define TTLWATCH_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "state.h"
#include "tenant.h"

/* Rotation pages. Cloud tokens are all managed on the account's profile;
 * a Data Center token on its own site's profile page. */
#define REPORT_CLOUD_ROTATE_URL \
	"https://id.atlassian.com/manage-profile/security/api-tokens"
#define REPORT_DC_ROTATE_PATH \
	"/secure/ViewProfile.jspa?selectedTab=" \
	"com.atlassian.pats.pats-plugin:jira-user-personal-access-tokens"

struct report_ctx {
	const struct tenant_list *tenants;	/* in the order read */
	const struct state_counts *counts;
	int64_t	 now;				/* the run's instant */
	enum state junit_fail_on;		/* STATE_WARN or _CRITICAL */
	const char *version;
	const char *csv_name;			/* "ttlwatch.csv", for links */
};

bool	report_has_days(const struct result *r);
void	report_finding(const struct tenant *t, struct buf *out);
void	report_message(const struct tenant *t, struct buf *out);
void	report_rotate_url(const struct tenant *t, struct buf *out);
void	report_summary(const struct state_counts *c, struct buf *out);

#endif
