/* A tenant: its configuration as read, and the result of evaluating it. */
#ifndef TTLWATCH_TENANT_H
#define TTLWATCH_TENANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"

enum token_kind {
	TOKEN_UNSET,
	TOKEN_API,		/* api-token */
	TOKEN_SCOPED_API,	/* scoped-api-token */
	TOKEN_OAUTH_REFRESH,	/* oauth-refresh */
	TOKEN_DC_PAT		/* dc-pat */
};

enum state {
	STATE_HEALTHY,
	STATE_WARN,
	STATE_CRITICAL,
	STATE_UNKNOWN,
	STATE_ERROR,
	STATE_SKIPPED
};

/* The origin of the effective expiry: the CSV's expiry_source. */
enum expiry_source {
	SOURCE_NONE,
	SOURCE_CONFIG,
	SOURCE_OAUTH_ABSOLUTE,
	SOURCE_OAUTH_INACTIVITY,
	SOURCE_ATLASSIAN_REPORTED,	/* the offline value */
	SOURCE_ADMIN_API,		/* live lookups, by type */
	SOURCE_USER_API,
	SOURCE_DC_PAT,
	SOURCE_INTROSPECTION
};

/* The [source] section's type: how to ask Atlassian during the run. */
enum lookup_type {
	LOOKUP_NONE,
	LOOKUP_ADMIN_API,
	LOOKUP_USER_API,
	LOOKUP_DC_PAT,
	LOOKUP_INTROSPECTION,
	LOOKUP_PROBE
};

/* The [source] section as configured. */
struct lookup_config {
	enum lookup_type type;
	char	*url;
	char	*org_id;
	char	*account_id;
	char	*email;
	char	*token_id;
	char	*secret_file;
	char	*secret_env;
	char	*client_id;
	char	*client_secret_file;
	char	*ca_file;
	bool	 has_timeout;
	int64_t	 timeout;	/* seconds */
};

/* The verdict of a live lookup. */
enum lookup_verdict {
	LOOKUP_NOT_RUN,
	LOOKUP_FOUND,		/* an expiry instant */
	LOOKUP_NEVER,		/* listed without an expiry */
	LOOKUP_ALIVE,		/* the probe got in; no expiry */
	LOOKUP_REVOKED,		/* credential rejected or inactive: critical */
	LOOKUP_UNVOUCHED,	/* not listed, listed twice, admin key
				   rejected: unknown */
	LOOKUP_FAILED		/* no verdict: fall back to offline figures */
};

struct lookup_result {
	enum lookup_verdict verdict;
	int64_t	 expiry;	/* LOOKUP_FOUND */
	struct buf note;	/* the plain-words reason or finding */
};

enum reconciliation {
	RECON_NOT_REPORTED,
	RECON_ATLASSIAN_ONLY,
	RECON_MATCH,
	RECON_TIMEZONE_SHIFT,
	RECON_ATLASSIAN_EARLIER,
	RECON_ATLASSIAN_LATER
};

struct opt_instant {
	bool	set;
	int64_t	t;
};

/* The expiry Atlassian reports: an instant, or a date shown in a zone. */
struct reported {
	bool	set;
	bool	never;		/* a live lookup found no expiry at all */
	bool	is_date;
	int64_t	instant;	/* when !is_date */
	struct date date;	/* when is_date */
	char	*zone;		/* zone the date was shown in; NULL: tenant's */
	struct opt_instant reported_at;
	char	*label;		/* token label Atlassian listed, or NULL */
	char	*origin;	/* "FILE:LINE" of the value, for notes */
	enum expiry_source via;	/* SOURCE_ATLASSIAN_REPORTED or a lookup */
};

struct result {
	enum state state;
	bool	has_expiry;	/* false: unknown, or never expires */
	int64_t	expires_at;	/* the effective expiry */
	int64_t	days_left;
	enum expiry_source source;
	int	warn_days;
	bool	reconciled;	/* recon is set; false when a lookup decided */
	enum reconciliation recon;
	struct buf notes;	/* "; "-separated sentences */
};

struct tenant {
	char	*path;		/* the configuration file */
	char	*file_id;	/* the file's name without ".conf" */
	size_t	 order;		/* position in the run, from 0 */
	char	*id;
	long	 id_line;	/* line of the id key, for messages */
	char	*name;
	char	*zone;		/* IANA name; NULL: UTC, not chosen */
	char	*contacts;
	bool	 enabled;
	enum token_kind kind;
	char	*label;
	char	*site;
	struct opt_instant created_at;
	struct opt_instant expires_at;
	struct opt_instant consented_at;
	struct opt_instant last_refreshed_at;
	bool	 has_ttl;
	int64_t	 ttl;		/* seconds */
	int	 warn_days;	/* 0: not set, use the run's */
	struct reported reported;
	struct lookup_config source;
	struct lookup_result lookup;
	struct buf errors;	/* "FILE:LINE: message" sentences, "; "-joined */
	struct result result;
};

struct tenant_list {
	struct tenant **items;
	size_t	 len;
	size_t	 cap;
};

struct tenant *tenant_new(const char *path);
void	 tenant_free(struct tenant *t);
bool	 tenant_has_error(const struct tenant *t);
void	 tenant_error(struct tenant *t, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 tenant_error_at(struct tenant *t, long line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
const char *tenant_zone(const struct tenant *t);
const char *tenant_display_id(const struct tenant *t);
const char *tenant_display_name(const struct tenant *t);
void	 tenant_add_note(struct tenant *t, const char *note);

void	 reported_release(struct reported *r);

void	 tenant_list_init(struct tenant_list *list);
void	 tenant_list_release(struct tenant_list *list);
void	 tenant_list_add(struct tenant_list *list, struct tenant *t);
struct tenant *tenant_list_find(const struct tenant_list *list,
	    const char *id);

const char *token_kind_name(enum token_kind kind);
bool	 token_kind_parse(const char *s, enum token_kind *out);
bool	 token_kind_is_cloud(enum token_kind kind);
const char *state_name(enum state s);
const char *expiry_source_name(enum expiry_source s);
const char *reconciliation_name(enum reconciliation r);
const char *lookup_type_name(enum lookup_type type);
bool	 lookup_type_parse(const char *s, enum lookup_type *out);

#endif
