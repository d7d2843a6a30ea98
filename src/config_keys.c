/* Tenant configuration keys: one sorted table, one parser per value type. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config_keys.h"
#include "date.h"
#include "duration.h"
#include "instant.h"
#include "reported.h"
#include "text.h"
#include "xalloc.h"
#include "zone.h"

#define CONFIG_ID_MAX		64
#define CONFIG_WARN_DAYS_MAX	365

static char **
config_field_string(struct tenant *t, size_t offset)
{
	return (char **)(void *)((char *)t + offset);
}

static struct opt_instant *
config_field_instant(struct tenant *t, size_t offset)
{
	return (struct opt_instant *)(void *)((char *)t + offset);
}

static void
config_store_string(struct tenant *t, size_t offset, const char *value)
{
	char **field = config_field_string(t, offset);

	free(*field);
	*field = xstrdup(value);
}

/* Free text: a name or a label. */
static bool
config_set_text(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	if (*value == '\0') {
		*why = "the value is empty; remove the line or give a value";
		return false;
	}
	config_store_string(t, offset, value);
	return true;
}

static bool
config_id_char(int c)
{
	return text_is_alpha(c) || text_is_digit(c) || c == '.' || c == '_' ||
	    c == '-';
}

static bool
config_set_id(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	size_t len = strlen(value);
	size_t i;

	if (len == 0 || len > CONFIG_ID_MAX) {
		*why = "expected 1 to 64 of A-Z a-z 0-9 . _ -";
		return false;
	}
	for (i = 0; i < len; i++) {
		if (!config_id_char((unsigned char)value[i])) {
			*why = "expected 1 to 64 of A-Z a-z 0-9 . _ -";
			return false;
		}
	}
	config_store_string(t, offset, value);
	return true;
}

static bool
config_set_zone(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	if (!zone_check(value, why))
		return false;
	config_store_string(t, offset, value);
	return true;
}

/* One address: something@domain, with no space or comma in it. */
static bool
config_address_valid(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	size_t i;

	if (at == NULL || at == s || at == s + len - 1 ||
	    memchr(at + 1, '@', len - (size_t)(at + 1 - s)) != NULL)
		return false;
	for (i = 0; i < len; i++) {
		if (text_is_space((unsigned char)s[i]))
			return false;
	}
	return true;
}

static bool
config_set_contacts(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	const char *p = value;

	for (;;) {
		const char *start = text_skip_space(p);
		const char *end = strchr(start, ',');
		size_t len = end != NULL ? (size_t)(end - start) : strlen(start);

		while (len > 0 && text_is_space((unsigned char)start[len - 1]))
			len--;
		if (!config_address_valid(start, len)) {
			*why = "expected email addresses separated by commas, "
			    "as in owner@example.com, ops@example.com";
			return false;
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	config_store_string(t, offset, value);
	return true;
}

static bool
config_set_enabled(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	bool *field = (bool *)(void *)((char *)t + offset);

	if (strcmp(value, "yes") == 0) {
		*field = true;
	} else if (strcmp(value, "no") == 0) {
		*field = false;
	} else {
		*why = "expected yes or no";
		return false;
	}
	return true;
}

static bool
config_set_kind(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	enum token_kind *field = (enum token_kind *)(void *)((char *)t + offset);

	if (!token_kind_parse(value, field)) {
		*why = "expected api-token, scoped-api-token, oauth-refresh or "
		    "dc-pat";
		return false;
	}
	return true;
}

static bool
config_set_instant(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	struct opt_instant *field = config_field_instant(t, offset);

	if (!instant_parse(value, &field->t, why))
		return false;
	field->set = true;
	return true;
}

static bool
config_set_ttl(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	(void)offset;
	if (!duration_parse(value, &t->ttl, why))
		return false;
	t->has_ttl = true;
	return true;
}

static bool
config_set_warn_days(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	int days = 0;
	const char *p;

	(void)offset;
	for (p = value; text_is_digit((unsigned char)*p) && days <= 1000; p++)
		days = days * 10 + (*p - '0');
	if (p == value || *p != '\0' || days < 1 ||
	    days > CONFIG_WARN_DAYS_MAX) {
		*why = "expected a whole number of days from 1 to 365";
		return false;
	}
	t->warn_days = days;
	return true;
}

/* Whether the parsed URL has a part that must not be in a base URL: a
 * user or password would leak into reports, a query or fragment would
 * be lost when paths are appended. */
static bool
config_url_has_extra(CURLU *u, const char **why)
{
	static const struct {
		CURLUPart part;
		const char *why;
	} extras[] = {
		{ CURLUPART_USER, "a URL here cannot carry a user or password; "
		    "put credentials in secret_file or secret_env" },
		{ CURLUPART_PASSWORD, "a URL here cannot carry a user or "
		    "password; put credentials in secret_file or secret_env" },
		{ CURLUPART_QUERY, "a base URL cannot have a query (?...)" },
		{ CURLUPART_FRAGMENT, "a base URL cannot have a fragment "
		    "(#...)" },
	};
	size_t i;

	for (i = 0; i < sizeof(extras) / sizeof(extras[0]); i++) {
		char *part = NULL;
		bool present = curl_url_get(u, extras[i].part, &part, 0) ==
		    CURLUE_OK;

		curl_free(part);
		if (present) {
			*why = extras[i].why;
			return true;
		}
	}
	return false;
}

/* An http or https base URL such as https://example.atlassian.net. */
static bool
config_set_site(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	const char *p;
	char *host = NULL;
	CURLU *u;
	bool ok;

	p = strstr(value, "://");
	if ((strncmp(value, "https://", 8) != 0 &&
	    strncmp(value, "http://", 7) != 0) || p == NULL || p[3] == '/' ||
	    p[3] == '\0') {
		*why = "expected a URL such as https://example.atlassian.net";
		return false;
	}
	for (p = value; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == 0x7f) {
			*why = "a URL cannot contain spaces, quotes, < > or \\";
			return false;
		}
	}
	u = curl_url();
	if (u == NULL) {
		*why = "out of memory";
		return false;
	}
	ok = curl_url_set(u, CURLUPART_URL, value, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    *host != '\0';
	curl_free(host);
	if (!ok)
		*why = "expected a URL such as https://example.atlassian.net";
	else if (config_url_has_extra(u, why))
		ok = false;
	curl_url_cleanup(u);
	if (ok)
		config_store_string(t, offset, value);
	return ok;
}

/* An instant, or a calendar date as Atlassian's profile page shows it. */
static bool
config_set_reported_expiry(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	(void)offset;
	return reported_parse_expiry(value, &t->reported, why);
}

static bool
config_set_reported_at(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	struct opt_instant *field = &t->reported.reported_at;

	(void)offset;
	if (!instant_parse(value, &field->t, why))
		return false;
	field->set = true;
	return true;
}

static bool
config_set_lookup_type(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	(void)offset;
	if (!lookup_type_parse(value, &t->source.type)) {
		*why = "expected admin-api, user-api, dc-pat, introspection or "
		    "probe";
		return false;
	}
	return true;
}

/* An identifier Atlassian issued, such as an organization id or an
 * account id (which may contain a colon). It goes into a URL path, so
 * "." and ".." are rejected. */
static bool
config_set_ident(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	const char *p;

	for (p = value; *p != '\0'; p++) {
		if (!text_is_alpha((unsigned char)*p) &&
		    !text_is_digit((unsigned char)*p) &&
		    strchr("-_.:", *p) == NULL)
			break;
	}
	if (p == value || *p != '\0' || p - value > 128 ||
	    strcmp(value, ".") == 0 || strcmp(value, "..") == 0) {
		*why = "expected an identifier of letters, digits and - _ . :";
		return false;
	}
	config_store_string(t, offset, value);
	return true;
}

static bool
config_set_email(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	if (!config_address_valid(value, strlen(value)) ||
	    strchr(value, ',') != NULL) {
		*why = "expected one email address, as in bot@example.com";
		return false;
	}
	config_store_string(t, offset, value);
	return true;
}

static bool
config_set_path(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	bool ok = config_set_text(t, offset, value, why);

	if (!ok)
		*why = "expected a file name";
	return ok;
}

/* The name of an environment variable, as the shell writes one. */
static bool
config_set_env_name(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	const char *p;

	for (p = value; *p != '\0'; p++) {
		if (!(text_is_alpha((unsigned char)*p) || *p == '_' ||
		    (p > value && text_is_digit((unsigned char)*p))))
			break;
	}
	if (p == value || *p != '\0') {
		*why = "expected a variable name such as ACME_JIRA_TOKEN";
		return false;
	}
	config_store_string(t, offset, value);
	return true;
}

static bool
config_set_timeout(struct tenant *t, size_t offset, const char *value,
    const char **why)
{
	int64_t secs;

	(void)offset;
	if (!duration_parse(value, &secs, why))
		return false;
	if (secs > 600) {
		*why = "expected at most 10 minutes, as in 30s";
		return false;
	}
	t->source.timeout = secs;
	t->source.has_timeout = true;
	return true;
}

#define FIELD(f)	offsetof(struct tenant, f)

/* Sorted by section, then by key. */
static const struct config_key config_keys[] = {
	{ "atlassian", "reported_at", config_set_reported_at, 0 },
	{ "atlassian", "reported_expiry", config_set_reported_expiry, 0 },
	{ "source", "account_id", config_set_ident, FIELD(source.account_id) },
	{ "source", "ca_file", config_set_path, FIELD(source.ca_file) },
	{ "source", "client_id", config_set_ident, FIELD(source.client_id) },
	{ "source", "client_secret_file", config_set_path,
	    FIELD(source.client_secret_file) },
	{ "source", "email", config_set_email, FIELD(source.email) },
	{ "source", "org_id", config_set_ident, FIELD(source.org_id) },
	{ "source", "secret_env", config_set_env_name, FIELD(source.secret_env) },
	{ "source", "secret_file", config_set_path, FIELD(source.secret_file) },
	{ "source", "timeout", config_set_timeout, 0 },
	{ "source", "token_id", config_set_ident, FIELD(source.token_id) },
	{ "source", "type", config_set_lookup_type, 0 },
	{ "source", "url", config_set_site, FIELD(source.url) },
	{ "tenant", "contacts", config_set_contacts, FIELD(contacts) },
	{ "tenant", "enabled", config_set_enabled, FIELD(enabled) },
	{ "tenant", "id", config_set_id, FIELD(id) },
	{ "tenant", "name", config_set_text, FIELD(name) },
	{ "tenant", "timezone", config_set_zone, FIELD(zone) },
	{ "token", "consented_at", config_set_instant, FIELD(consented_at) },
	{ "token", "created_at", config_set_instant, FIELD(created_at) },
	{ "token", "expires_at", config_set_instant, FIELD(expires_at) },
	{ "token", "kind", config_set_kind, FIELD(kind) },
	{ "token", "label", config_set_text, FIELD(label) },
	{ "token", "last_refreshed_at", config_set_instant,
	    FIELD(last_refreshed_at) },
	{ "token", "site", config_set_site, FIELD(site) },
	{ "token", "ttl", config_set_ttl, 0 },
	{ "token", "warn_days", config_set_warn_days, 0 },
};

#define CONFIG_KEY_COUNT	(sizeof(config_keys) / sizeof(config_keys[0]))

const struct config_key *
config_key_find(const char *section, const char *name)
{
	size_t i;

	for (i = 0; i < CONFIG_KEY_COUNT; i++) {
		if (strcmp(config_keys[i].section, section) == 0 &&
		    strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	}
	return NULL;
}

size_t
config_key_index(const struct config_key *key)
{
	return (size_t)(key - config_keys);
}

size_t
config_key_count(void)
{
	return CONFIG_KEY_COUNT;
}

const struct config_key *
config_key_at(size_t index)
{
	return &config_keys[index];
}

bool
config_section_known(const char *section)
{
	size_t i;

	for (i = 0; i < CONFIG_KEY_COUNT; i++) {
		if (strcmp(config_keys[i].section, section) == 0)
			return true;
	}
	return false;
}

/* Write the keys of section as "a, b, c" for an error message. */
void
config_key_list(const char *section, char *out, size_t size)
{
	size_t used = 0;
	size_t i;

	out[0] = '\0';
	for (i = 0; i < CONFIG_KEY_COUNT && used < size; i++) {
		int n;

		if (strcmp(config_keys[i].section, section) != 0)
			continue;
		n = snprintf(out + used, size - used, "%s%s",
		    used > 0 ? ", " : "", config_keys[i].name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}
