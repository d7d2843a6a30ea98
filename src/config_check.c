/* Rules that involve more than one key of a tenant file. The rule that a
 * tenant id appears once in a run is in config_collect.c. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "config_check.h"
#include "config_keys.h"
#include "expiry.h"
#include "http.h"
#include "lookup_request.h"
#include "instant.h"
#include "msg.h"

/* Atlassian Cloud API tokens live at most 365 days (since December 2024). */
#define CONFIG_CLOUD_TTL_MAX	(365 * SECONDS_PER_DAY)

struct config_check_ctx {
	struct tenant *tenant;
	const long *key_lines;
};

static long
config_check_line(const struct config_check_ctx *c, const char *section,
    const char *name)
{
	const struct config_key *key = config_key_find(section, name);

	return key != NULL ? c->key_lines[config_key_index(key)] : 0;
}

static void
config_check_error(const struct config_check_ctx *c, long line,
    const char *message)
{
	tenant_error_at(c->tenant, line, "%s", message);
}

static void
config_check_required(const struct config_check_ctx *c)
{
	if (c->tenant->id == NULL && config_check_line(c, "tenant", "id") == 0)
		config_check_error(c, 0, "missing key 'id' in [tenant]; every "
		    "tenant needs an id such as acme-uk");
	if (c->tenant->kind == TOKEN_UNSET &&
	    config_check_line(c, "token", "kind") == 0)
		config_check_error(c, 0, "missing key 'kind' in [token]; "
		    "expected api-token, scoped-api-token, oauth-refresh or "
		    "dc-pat");
}

static void
config_check_ttl(const struct config_check_ctx *c)
{
	const struct tenant *t = c->tenant;
	long ttl_line = config_check_line(c, "token", "ttl");

	if (t->has_ttl && !t->created_at.set &&
	    config_check_line(c, "token", "created_at") == 0)
		config_check_error(c, ttl_line, "ttl needs created_at, the "
		    "instant the token was made");
	if (t->created_at.set && !t->has_ttl && ttl_line == 0 &&
	    !t->expires_at.set)
		config_check_error(c, config_check_line(c, "token",
		    "created_at"), "created_at needs ttl, the token's "
		    "lifetime, such as 365d");
	if (t->has_ttl && t->created_at.set &&
	    t->created_at.t + t->ttl > INSTANT_MAX)
		config_check_error(c, ttl_line, "created_at + ttl falls after "
		    "the year 9999");
	if (t->has_ttl && t->ttl > CONFIG_CLOUD_TTL_MAX &&
	    (t->kind == TOKEN_API || t->kind == TOKEN_SCOPED_API))
		config_check_error(c, ttl_line, "ttl is longer than 365 days, "
		    "the most Atlassian Cloud allows for an API token");
}

static void
config_check_order(const struct config_check_ctx *c)
{
	const struct tenant *t = c->tenant;

	if (t->expires_at.set && t->created_at.set &&
	    t->expires_at.t <= t->created_at.t)
		config_check_error(c, config_check_line(c, "token",
		    "expires_at"), "expires_at is not after created_at");
	if (t->consented_at.set &&
	    t->consented_at.t + EXPIRY_OAUTH_ABSOLUTE > INSTANT_MAX)
		config_check_error(c, config_check_line(c, "token",
		    "consented_at"), "the refresh token's lifetime would end "
		    "after the year 9999");
	if (t->last_refreshed_at.set &&
	    t->last_refreshed_at.t + EXPIRY_OAUTH_INACTIVITY > INSTANT_MAX)
		config_check_error(c, config_check_line(c, "token",
		    "last_refreshed_at"), "the refresh token's lifetime would "
		    "end after the year 9999");
	if (t->last_refreshed_at.set && t->consented_at.set &&
	    t->last_refreshed_at.t < t->consented_at.t)
		config_check_error(c, config_check_line(c, "token",
		    "last_refreshed_at"), "last_refreshed_at is before "
		    "consented_at, but a refresh token exists only after "
		    "consent");
}

/* consented_at and last_refreshed_at describe OAuth refresh tokens only. */
static void
config_check_oauth(const struct config_check_ctx *c)
{
	static const char *const keys[] = {
		"consented_at", "last_refreshed_at"
	};
	size_t i;

	if (c->tenant->kind == TOKEN_OAUTH_REFRESH ||
	    c->tenant->kind == TOKEN_UNSET)
		return;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		long line = config_check_line(c, "token", keys[i]);
		char message[160];

		if (line == 0)
			continue;
		snprintf(message, sizeof(message), "%s applies only to kind "
		    "oauth-refresh, not %s", keys[i],
		    token_kind_name(c->tenant->kind));
		config_check_error(c, line, message);
	}
}

static void
config_check_reported(const struct config_check_ctx *c)
{
	long at_line = config_check_line(c, "atlassian", "reported_at");

	if (at_line != 0 &&
	    config_check_line(c, "atlassian", "reported_expiry") == 0)
		config_check_error(c, at_line, "reported_at needs "
		    "reported_expiry, the value that was read at that time");
}

static bool
config_check_any_source_key(const struct config_check_ctx *c)
{
	size_t i;

	for (i = 0; i < config_key_count(); i++) {
		if (strcmp(config_key_at(i)->section, "source") == 0 &&
		    c->key_lines[i] != 0)
			return true;
	}
	return false;
}

/* Whether the lookup would send a credential over plain http to a host
 * that is not loopback. */
static bool
config_check_plain_http(const struct config_check_ctx *c)
{
	const char *url = lookup_base_url(c->tenant);

	return url != NULL && strncmp(url, "http://", 7) == 0 &&
	    !http_url_is_loopback(url);
}

/* The key each lookup type cannot do without, besides the secret. */
static void
config_check_source_needs(const struct config_check_ctx *c)
{
	const struct lookup_config *s = &c->tenant->source;
	long line = config_check_line(c, "source", "type");

	if (s->type == LOOKUP_ADMIN_API && s->org_id == NULL)
		config_check_error(c, line, "type admin-api needs org_id, the "
		    "organization whose API tokens are listed");
	if (s->type == LOOKUP_USER_API && s->account_id == NULL)
		config_check_error(c, line, "type user-api needs account_id, "
		    "the token owner's Atlassian account");
	if (s->type == LOOKUP_INTROSPECTION && s->url == NULL)
		config_check_error(c, line, "type introspection needs url, the "
		    "introspection endpoint");
	if ((s->type == LOOKUP_DC_PAT || s->type == LOOKUP_PROBE) &&
	    s->url == NULL && c->tenant->site == NULL)
		config_check_error(c, line, s->type == LOOKUP_DC_PAT ?
		    "type dc-pat needs url in [source] or site in [token]" :
		    "type probe needs url in [source] or site in [token]");
	if (s->type == LOOKUP_PROBE && s->email == NULL)
		config_check_error(c, line, "type probe needs email, the user "
		    "the API token belongs to");
	if ((s->type == LOOKUP_ADMIN_API || s->type == LOOKUP_USER_API ||
	    (s->type == LOOKUP_DC_PAT && s->token_id == NULL)) &&
	    c->tenant->label == NULL)
		config_check_error(c, line, "this lookup type finds the token "
		    "by its label: set label in [token]");
	if (config_check_plain_http(c))
		config_check_error(c, line, "plain http is allowed only to "
		    "loopback addresses; use https");
	if (s->token_id != NULL && s->type != LOOKUP_DC_PAT)
		config_check_error(c, config_check_line(c, "source",
		    "token_id"), "token_id applies only to type dc-pat");
}

static void
config_check_source_secrets(const struct config_check_ctx *c)
{
	const struct lookup_config *s = &c->tenant->source;
	long line = config_check_line(c, "source", "type");

	if (s->secret_file != NULL && s->secret_env != NULL)
		config_check_error(c, config_check_line(c, "source",
		    "secret_env"), "give secret_file or secret_env, not both");
	else if (s->secret_file == NULL && s->secret_env == NULL)
		config_check_error(c, line, "[source] needs the credential: "
		    "secret_file or secret_env");
	if ((s->client_id == NULL) != (s->client_secret_file == NULL))
		config_check_error(c, line, "client_id and client_secret_file "
		    "go together");
}

/* [source]: a lookup type, the keys that type needs, and a secret that is
 * never in the file itself. */
static void
config_check_source(const struct config_check_ctx *c)
{
	const struct lookup_config *s = &c->tenant->source;

	if (!config_check_any_source_key(c))
		return;
	if (s->type == LOOKUP_NONE) {
		if (config_check_line(c, "source", "type") == 0)
			config_check_error(c, 0, "missing key 'type' in "
			    "[source]; expected admin-api, user-api, dc-pat, "
			    "introspection or probe");
		return;
	}
	if (c->tenant->kind == TOKEN_OAUTH_REFRESH) {
		config_check_error(c, config_check_line(c, "source", "type"),
		    "OAuth refresh tokens are never looked up: asking "
		    "Atlassian's token endpoint would rotate the refresh token "
		    "the connector holds; remove [source]");
		return;
	}
	config_check_source_needs(c);
	config_check_source_secrets(c);
}

/*
 * Check the rules that span several keys. A file with no content at all
 * gets one message instead of a list of missing keys.
 */
void
config_check(struct tenant *t, bool content, const long *key_lines)
{
	struct config_check_ctx c = { t, key_lines };

	if (!content && !tenant_has_error(t)) {
		config_check_error(&c, 0, "the file is empty; a tenant needs "
		    "at least [tenant] id and [token] kind");
		return;
	}
	config_check_required(&c);
	config_check_ttl(&c);
	config_check_order(&c);
	config_check_oauth(&c);
	config_check_reported(&c);
	config_check_source(&c);
}
