/*
 * Reconciliation. The state follows the earlier of the two figures,
 * because a report that comes a day late is the failure this tool exists
 * to prevent. Two instants within an hour of each other are one expiry
 * (Atlassian refreshes its figure about hourly), and then the connector's
 * is kept. A reported calendar date D, shown in zone Z, stands for the
 * instant D begins in Z when it is used as the expiry.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "instant.h"
#include "reconcile.h"
#include "zone.h"

struct reconcile_ctx {
	struct tenant *tenant;
	const struct expiry *connector;
	const struct reported *reported;
	const char *zone;	/* Z */
	bool	 zone_assumed;	/* neither the CSV row nor the tenant set Z */
	int64_t	 now;
};

static void
reconcile_note(struct reconcile_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
reconcile_note(struct reconcile_ctx *c, const char *fmt, ...)
{
	struct buf note;
	va_list ap;

	buf_init(&note);
	va_start(ap, fmt);
	buf_vaddf(&note, fmt, ap);
	va_end(ap);
	tenant_add_note(c->tenant, buf_str(&note));
	buf_release(&note);
}

/* Write the reported value as the CSV shows it: YYYY-MM-DD, an instant,
 * or "never" for a token Atlassian lists without an expiry. */
void
reconcile_format_reported(const struct reported *r, char *out, size_t size)
{
	char text[INSTANT_BUFSZ];

	if (r->never) {
		snprintf(out, size, "%s", "never");
		return;
	}
	if (!r->set) {
		snprintf(out, size, "%s", "");
		return;
	}
	if (r->is_date)
		date_format(&r->date, text);
	else
		instant_format(r->instant, text);
	snprintf(out, size, "%s", text);
}

/* "2026-03-27 01:00 NZDT in Pacific/Auckland" */
static void
reconcile_local_text(const char *zone, int64_t t, char *out, size_t size)
{
	struct zone_time local;
	char day[DATE_BUFSZ];

	if (!zone_local(zone, t, &local)) {
		snprintf(out, size, "(unknown) in %s", zone);
		return;
	}
	date_format(&local.date, day);
	if (strcmp(local.abbrev, zone) == 0)
		snprintf(out, size, "%s %02d:%02d %s", day, local.hour,
		    local.minute, zone);
	else
		snprintf(out, size, "%s %02d:%02d %s in %s", day, local.hour,
		    local.minute, local.abbrev, zone);
}

static void
reconcile_use_reported(struct reconcile_ctx *c, int64_t t)
{
	struct result *r = &c->tenant->result;

	r->has_expiry = true;
	r->expires_at = t;
	r->source = c->reported->via != SOURCE_NONE ? c->reported->via :
	    SOURCE_ATLASSIAN_REPORTED;
}

static void
reconcile_use_connector(struct reconcile_ctx *c)
{
	struct result *r = &c->tenant->result;

	r->has_expiry = c->connector->known;
	r->expires_at = c->connector->t;
	r->source = c->connector->source;
}

static void
reconcile_note_zone_assumed(struct reconcile_ctx *c)
{
	if (c->zone_assumed)
		reconcile_note(c, "the tenant has no timezone set, so "
		    "Atlassian's date was read as UTC: set [tenant] timezone "
		    "to the zone of the token owner's browser");
}

static void
reconcile_note_earlier(struct reconcile_ctx *c, const char *reported)
{
	char ours[INSTANT_BUFSZ];

	instant_format(c->connector->t, ours);
	reconcile_note(c, "Atlassian reports an expiry of %s, earlier than "
	    "the connector's %s: the token was shortened, revoked or expired "
	    "early (Atlassian also expires tokens that go unused), so rotate "
	    "it now and update the connector's stored dates", reported, ours);
}

static void
reconcile_note_later(struct reconcile_ctx *c, const char *reported)
{
	char ours[INSTANT_BUFSZ];

	instant_format(c->connector->t, ours);
	if (c->tenant->kind == TOKEN_OAUTH_REFRESH)
		reconcile_note(c, "Atlassian reports an expiry of %s, later "
		    "than the connector's %s, because each refresh moves the "
		    "90-day window forward: ttlwatch keeps the earlier figure "
		    "until last_refreshed_at is updated", reported, ours);
	else
		reconcile_note(c, "Atlassian reports an expiry of %s, later "
		    "than the connector's %s: the connector's stored dates "
		    "are probably out of date after a rotation, so update "
		    "expires_at or created_at", reported, ours);
}

static void
reconcile_instant(struct reconcile_ctx *c)
{
	int64_t rep = c->reported->instant;
	int64_t ours = c->connector->t;
	char text[INSTANT_BUFSZ];
	struct result *r = &c->tenant->result;

	instant_format(rep, text);
	if (!c->connector->known) {
		r->recon = RECON_ATLASSIAN_ONLY;
		reconcile_use_reported(c, rep);
		reconcile_note(c, "the connector stores no expiry for this "
		    "token, so Atlassian's %s is used", text);
	} else if (rep >= ours - RECONCILE_MATCH_WINDOW &&
	    rep <= ours + RECONCILE_MATCH_WINDOW) {
		r->recon = RECON_MATCH;
		reconcile_use_connector(c);
	} else if (rep < ours) {
		r->recon = RECON_ATLASSIAN_EARLIER;
		reconcile_use_reported(c, rep);
		reconcile_note_earlier(c, text);
	} else {
		r->recon = RECON_ATLASSIAN_LATER;
		reconcile_use_connector(c);
		reconcile_note_later(c, text);
	}
}

static void
reconcile_date_only(struct reconcile_ctx *c)
{
	int64_t start = zone_day_start(c->zone, &c->reported->date);
	char day[DATE_BUFSZ], text[INSTANT_BUFSZ];

	date_format(&c->reported->date, day);
	instant_format(start, text);
	c->tenant->result.recon = RECON_ATLASSIAN_ONLY;
	reconcile_use_reported(c, start);
	reconcile_note(c, "the connector stores no expiry for this token, so "
	    "Atlassian's date is used: %s, which begins at %s in %s", day,
	    text, c->zone);
	reconcile_note_zone_assumed(c);
}

static void
reconcile_shift_note(struct reconcile_ctx *c, const char *day)
{
	char ours[INSTANT_BUFSZ], local[96];

	instant_format(c->connector->t, ours);
	reconcile_local_text(c->zone, c->connector->t, local, sizeof(local));
	reconcile_note(c, "Atlassian shows %s, but the expiry %s is %s: the "
	    "page was probably viewed in another timezone, so ttlwatch keeps "
	    "its own expiry", day, ours, local);
	reconcile_note_zone_assumed(c);
}

static void
reconcile_date(struct reconcile_ctx *c)
{
	const struct date *d = &c->reported->date;
	struct zone_time local;
	struct date west, east;
	char day[DATE_BUFSZ], text[INSTANT_BUFSZ + 64];
	int64_t start;

	if (!c->connector->known) {
		reconcile_date_only(c);
		return;
	}
	date_format(d, day);
	west = instant_utc_date(c->connector->t - RECONCILE_WEST_MAX);
	east = instant_utc_date(c->connector->t + RECONCILE_EAST_MAX);
	if (zone_local(c->zone, c->connector->t, &local) &&
	    date_cmp(d, &local.date) == 0) {
		c->tenant->result.recon = RECON_MATCH;
		reconcile_use_connector(c);
	} else if (date_cmp(d, &west) >= 0 && date_cmp(d, &east) <= 0) {
		c->tenant->result.recon = RECON_TIMEZONE_SHIFT;
		reconcile_use_connector(c);
		reconcile_shift_note(c, day);
	} else if (date_cmp(d, &west) < 0) {
		start = zone_day_start(c->zone, d);
		c->tenant->result.recon = RECON_ATLASSIAN_EARLIER;
		reconcile_use_reported(c, start);
		instant_format(start, text);
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    " (%s, as shown in %s)", day, c->zone);
		reconcile_note_earlier(c, text);
	} else {
		c->tenant->result.recon = RECON_ATLASSIAN_LATER;
		reconcile_use_connector(c);
		reconcile_note_later(c, day);
	}
}

static void
reconcile_note_stale(struct reconcile_ctx *c)
{
	const struct opt_instant *at = &c->reported->reported_at;
	char text[INSTANT_BUFSZ];
	int64_t age;

	if (!at->set)
		return;
	age = c->now - at->t;
	instant_format(at->t, text);
	if (age > RECONCILE_STALE_AFTER && age < 2 * SECONDS_PER_DAY)
		reconcile_note(c, "Atlassian's figure was read at %s, %lld "
		    "hours before this run, so a revocation since then is not "
		    "reflected", text, (long long)(age / 3600));
	else if (age >= 2 * SECONDS_PER_DAY)
		reconcile_note(c, "Atlassian's figure was read at %s, %lld "
		    "days before this run, so a revocation since then is not "
		    "reflected", text, (long long)(age / SECONDS_PER_DAY));
	else if (age < 0)
		reconcile_note(c, "Atlassian's figure is dated %s, after this "
		    "run's time: check reported_at", text);
}

/* A reported row that names the token differently may be about another
 * token of the same tenant. */
static void
reconcile_note_label(struct reconcile_ctx *c)
{
	const char *theirs = c->reported->label;
	const char *ours = c->tenant->label;

	if (theirs != NULL && ours != NULL && strcmp(theirs, ours) != 0)
		reconcile_note(c, "Atlassian's figure is for a token labelled "
		    "'%s', but the connector's token is labelled '%s': check "
		    "that both are the same token", theirs, ours);
}

/*
 * Set t's effective expiry, expiry_source and reconciliation from the
 * connector's figure and t->reported, and add the notes that explain a
 * difference.
 */
void
reconcile_tenant(struct tenant *t, const struct expiry *connector,
    int64_t now)
{
	struct reconcile_ctx c;

	memset(&c, 0, sizeof(c));
	c.tenant = t;
	c.connector = connector;
	c.reported = &t->reported;
	c.now = now;
	c.zone = t->reported.zone != NULL ? t->reported.zone : tenant_zone(t);
	c.zone_assumed = t->reported.zone == NULL && t->zone == NULL;
	t->result.reconciled = true;

	if (!t->reported.set) {
		t->result.recon = RECON_NOT_REPORTED;
		reconcile_use_connector(&c);
		return;
	}
	if (t->reported.is_date)
		reconcile_date(&c);
	else
		reconcile_instant(&c);
	reconcile_note_stale(&c);
	reconcile_note_label(&c);
}
