#!/bin/bash
# Live lookups against tests/live/server.py, a loopback stand-in for
# Atlassian's token APIs. The script covers every lookup type and its
# verdicts, the failure classes and their fallback, retries and
# Retry-After, and the secret file rules. It also checks that plain http
# to other hosts is rejected and that at most 4 lookups go to one host.
set -eu

. "$(dirname "$0")/lib.sh"

PYTHON3=${PYTHON3:-python3}
if [ "$PYTHON3" = no ] || ! command -v "$PYTHON3" >/dev/null 2>&1; then
	skip "python3 not found; the test server needs it"
fi

now=2026-03-22T08:15:00Z
. "$top_srcdir/tests/live/lib.sh"
secrets=$tmp/secrets

# start_server SCENARIOS ADDRESS...: start the stand-in on each loopback
# ADDRESS (one port for all) and set $port.
start_server() {
	local scenarios=$1 address
	local args=()

	shift
	for address in "$@"; do
		args+=(--address "$address")
	done
	: >"$server_log"
	"$PYTHON3" "$server" --scenarios "$scenarios" --log "$server_log" \
	    --port-file "$tmp/port" --lifetime 240 "${args[@]}" &
	server_pid=$!
	wait_for_server
}

# now_ms: the clock in milliseconds, for the timing checks.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# secret NAME VALUE: a secret file only its owner can read.
secret() {
	(umask 077 && printf '%s\n' "$2" >"$secrets/$1")
	chmod 600 "$secrets/$1"
}

# tenant DIR ID: write DIR/ID.conf, a [tenant] section for ID followed by
# standard input.
tenant() {
	{
		printf '[tenant]\nid = %s\n\n' "$2"
		cat
	} | write_file "$1/$2.conf"
}

# lines [TEXT...]: print each TEXT that is not empty on a line of its own.
lines() {
	local text

	for text in "$@"; do
		if [ -n "$text" ]; then
			printf '%s\n' "$text"
		fi
	done
}

# admin_tenant DIR ID LABEL CONNECTOR SCENARIO ORG_ID SECRET [EMAIL]: an
# api-token tenant looked up in the admin-api listing that the server
# plays at $base/SCENARIO, with the admin key in $secrets/SECRET.
# CONNECTOR is the connector's figure, or empty for none.
admin_tenant() {
	local label=$3 connector=$4 url=$base/$5 org=$6 secret=$secrets/$7
	local email=${8:+email = $8}

	{
		lines '[token]' 'kind = api-token' "label = $label" "$connector"
		echo
		lines '[source]' 'type = admin-api' "url = $url" "org_id = $org" \
		    "$email" "secret_file = $secret"
	} | tenant "$1" "$2"
}

# dc_tenant DIR ID SITE CONNECTOR SECRET [LINE...]: a dc-pat tenant whose
# token "Jira DC sync" is looked up at SITE with the token in
# $secrets/SECRET. CONNECTOR is the connector's figure, or empty for none.
# An empty SECRET adds no secret_file line, and each LINE is added to
# [source].
dc_tenant() {
	local dir=$1 id=$2 site=$3 connector=$4
	local secret=${5:+secret_file = $secrets/$5}

	shift 5
	{
		lines '[token]' 'kind = dc-pat' 'label = Jira DC sync' \
		    "site = $site" "$connector"
		echo
		lines '[source]' 'type = dc-pat' "$secret" "$@"
	} | tenant "$dir" "$id"
}

# introspection_tenant ID CONNECTOR [LINE...]: a scoped-api-token tenant in
# $main whose token the server's scenario ID introspects. CONNECTOR is the
# connector's figure, or empty for none, and each LINE is added to
# [source].
introspection_tenant() {
	local id=$1 connector=$2

	shift 2
	{
		lines '[token]' 'kind = scoped-api-token' \
		    'label = Scoped connector' "$connector"
		echo
		lines '[source]' 'type = introspection' \
		    "url = $base/$id/oauth/introspect" \
		    "secret_file = $secrets/introspected.key" "$@"
	} | tenant "$main" "$id"
}

# run_timed ARG...: run_ttlwatch ARG..., and set $elapsed to the wall time
# of the run in milliseconds.
run_timed() {
	local start

	start=$(now_ms)
	run_ttlwatch "$@"
	elapsed=$(($(now_ms) - start))
}

# assert_unusable CSV ID TEXT: the lookup found the token rejected or
# inactive, which makes a critical row without a reconciliation, and the
# row's notes contain TEXT.
# NOTE: days_left and expires_at of such a row are not checked. The
# program leaves both empty, although the CSV columns are documented as
# empty only for unknown, error and skipped rows.
assert_unusable() {
	assert_field "$1" "$2" state critical
	assert_field "$1" "$2" reconciliation ""
	assert_note "$1" "$2" "$3"
}

# requests NAME: how many requests the server logged for scenario NAME.
requests() {
	grep -c "\"scenario\": \"$1\"" "$server_log" || true
}

# assert_requests NAME COUNT
assert_requests() {
	assert_equal "$2" "$(requests "$1")" "$1: requests the server saw"
}

# assert_row CSV ID STATE DAYS_LEFT EXPIRES_AT EXPIRY_SOURCE RECONCILIATION
assert_row() {
	assert_field "$1" "$2" state "$3"
	assert_field "$1" "$2" days_left "$4"
	assert_field "$1" "$2" expires_at "$5"
	assert_field "$1" "$2" expiry_source "$6"
	assert_field "$1" "$2" reconciliation "$7"
}

# assert_note CSV ID TEXT: the row's notes contain TEXT.
assert_note() {
	local notes

	notes=$(csv_field "$1" "$2" notes)
	case $notes in
	*"$3"*) ;;
	*)
		fail "$2: notes lack '$3'"
		printf '  notes: %s\n' "$notes" >&2
		;;
	esac
}

# assert_no_note CSV ID TEXT: the row's notes do not contain TEXT.
assert_no_note() {
	local notes

	notes=$(csv_field "$1" "$2" notes)
	case $notes in
	*"$3"*)
		fail "$2: notes contain '$3'"
		printf '  notes: %s\n' "$notes" >&2
		;;
	esac
}

# Credentials: one value each, so a request that carries the wrong one is
# rejected by the server.
admin_key=admin-key-e2e-1
pat=dc-pat-e2e-1
api_token=api-token-e2e-1
introspected=introspect-token-e2e-1
client_secret=client-secret-e2e-1
probe_basic=$(printf '%s' "bot@acme.example:$api_token" | base64 -w0)
client_basic=$(printf '%s' "ttlwatch:$client_secret" | base64 -w0)

mkdir -p "$secrets"
chmod 700 "$secrets"
secret admin.key "$admin_key"
secret wrong-admin.key admin-key-wrong
secret pat.key "$pat"
secret wrong-pat.key dc-pat-wrong
secret api.key "$api_token"
secret introspected.key "$introspected"
secret client.secret "$client_secret"
secret group-readable.key "$pat"
chmod 640 "$secrets/group-readable.key"

# The scenarios the server plays, chosen by the /s/NAME/ path prefix.
cat >"$tmp/scenarios.json" <<EOF
{
  "admin-cursor": {"require_auth": "Bearer $admin_key", "pages": {
    "": {"data": [{"id": "t-100", "label": "Reporting bot",
                   "expiresAt": "2026-06-01T00:00:00Z", "status": "ACTIVE",
                   "user": {"email": "reports@acme.example"}},
                  {"id": "t-102", "label": "Old bot",
                   "expiresAt": "2026-09-01T00:00:00Z", "status": "expired"}],
         "links": {"next": "c/2+x="}},
    "c/2+x=": {"data": [{"id": "t-101", "label": "Nightly connector",
                         "expiresAt": "2026-03-26T09:00:00.000+0000",
                         "status": "ACTIVE",
                         "user": {"email": "bot@acme.example"}}],
               "links": {}}}},
  "admin-fullurl": {"require_auth": "Bearer $admin_key", "pages": {
    "": {"data": [],
         "links": {"next": "{origin}/s/admin-fullurl/admin/api-access/v1/orgs/org-2/api-tokens?cursor=page2"}},
    "page2": {"data": [{"id": "t-200", "label": "Nightly connector",
                        "expiresAt": 1774515600000, "status": "ACTIVE"}],
              "links": {"next": null}}}},
  "admin-shared": {"require_auth": "Bearer $admin_key", "pages": {
    "": {"data": [{"id": 301, "label": "Connector A",
                   "expiresAt": "2026-03-27T12:00:00Z", "status": "ACTIVE"}],
         "links": {"next": "p2"}},
    "p2": {"data": [{"id": 302, "label": "Connector B",
                     "expiresAt": "2026-04-10T00:00:00Z", "status": "ACTIVE"}],
           "links": {}}}},
  "admin-otherhost": {"require_auth": "Bearer $admin_key", "pages": {
    "": {"data": [{"id": "t-400", "label": "Nightly connector",
                   "expiresAt": "2026-03-24T00:00:00Z"}],
         "links": {"next": "http://127.0.0.2:9/s/admin-otherhost/admin/api-access/v1/orgs/org-4/api-tokens?cursor=x"}}}},
  "admin-loop": {"require_auth": "Bearer $admin_key", "pages": {
    "": {"data": [{"id": "t-500", "label": "Nightly connector",
                   "expiresAt": "2026-03-24T00:00:00Z"}],
         "links": {"next": "again"}},
    "again": {"data": [], "links": {"next": "again"}}}},
  "admin-dup": {"require_auth": "Bearer $admin_key", "pages": {
    "": {"data": [{"id": "t-601", "label": "Shared bot",
                   "expiresAt": "2026-03-27T12:00:00Z",
                   "user": {"email": "a@acme.example"}},
                  {"id": "t-602", "label": "Shared bot",
                   "expiresAt": "2026-04-01T00:00:00Z",
                   "user": {"email": "b@acme.example"}}],
         "links": {}}}},
  "admin-401": {"require_auth": "Bearer $admin_key", "pages": {
    "": {"data": [], "links": {}}}},
  "admin-403": {"status": 403, "json": {"message": "forbidden"}},
  "user-found": {"require_auth": "Bearer $admin_key", "json": [
    {"id": "u-1", "label": "Other token", "expiry": null},
    {"id": "u-2", "label": "Nightly connector",
     "expiry": "2026-03-24T09:00:00Z"}]},
  "dc-label": {"require_auth": "Bearer $pat", "json": [
    {"id": 1, "name": "Other token", "expiringAt": "2026-05-01T00:00:00.000+0000"},
    {"id": 2, "name": "Jira DC sync", "expiringAt": "2026-03-25T00:00:00.000+0000"}]},
  "dc-id": {"require_auth": "Bearer $pat", "json": [
    {"id": 41, "name": "Jira DC sync", "expiringAt": 1774396800},
    {"id": 42, "name": "Jira DC sync", "expiringAt": 1775001600000}]},
  "dc-never": {"require_auth": "Bearer $pat", "json": [
    {"id": 7, "name": "Forever token"}]},
  "dc-401": {"require_auth": "Bearer $pat", "json": []},
  "probe-ok": {"require_auth": "Basic $probe_basic",
               "json": {"accountId": "5b10", "emailAddress": "bot@acme.example"}},
  "probe-401": {"status": 401, "json": {"message": "unauthorized"}},
  "intro-exp": {"require_token": "$introspected",
                "json": {"active": true, "exp": 1774515600}},
  "intro-inactive": {"require_token": "$introspected",
                     "json": {"active": false}},
  "intro-client": {"require_auth": "Basic $client_basic",
                   "require_token": "$introspected",
                   "json": {"active": true, "exp": 1774612800}},
  "fail-timeout": {"delay_ms": 3000, "json": []},
  "fail-503": {"fail_first": 2, "fail_status": 503,
               "require_auth": "Bearer $pat", "json": [
    {"id": 3, "name": "Jira DC sync", "expiringAt": "2026-03-28T06:00:00Z"}]},
  "fail-500": {"fail_first": 1000, "fail_status": 500, "json": []},
  "ra-zero": {"fail_first": 1, "fail_status": 429, "retry_after": "0",
              "json": [{"id": 4, "name": "Jira DC sync",
                        "expiringAt": "2026-03-28T06:00:00Z"}]},
  "ra-hour": {"fail_first": 1000, "fail_status": 429,
              "retry_after": "3600", "json": []},
  "bad-json": {"raw": "[\n  {\"id\": 1,\n   \"name\": }\n]"},
  "oversize": {"oversize": true},
  "missing": {"status": 404, "json": {"message": "not found"}},
  "fallback": {"status": 404, "json": {"message": "not found"}},
  "slow": {"delay_ms": 1000, "json": [
    {"id": 9, "name": "Jira DC sync", "expiringAt": "2026-04-10T00:00:00Z"}]}
}
EOF

start_server "$tmp/scenarios.json" 127.0.0.1 127.0.0.2
base=http://127.0.0.1:$port/s
note "test server on port $port"

# The connector's figures: C expires 2026-03-26T09:00:00Z (4 days left,
# warn); L expires 2026-04-30T00:00:00Z, later than every live expiry.
connector_c='created_at = 2025-03-26T09:00:00Z
ttl = 365d'
connector_l='expires_at = 2026-04-30T00:00:00Z'

main=$tmp/main

# admin-api: a listing of two pages, by cursor and by full URL.
admin_tenant "$main" admin-cursor "Nightly connector" "$connector_l" \
    admin-cursor org-1 admin.key
admin_tenant "$main" admin-expired "Old bot" "" admin-cursor org-1 admin.key
admin_tenant "$main" admin-fullurl "Nightly connector" "$connector_l" \
    admin-fullurl/ org-2 admin.key

# admin-api: two tenants of one organization share one listing.
admin_tenant "$main" shared-a "Connector A" "" admin-shared org-3 admin.key
admin_tenant "$main" shared-b "Connector B" "" admin-shared org-3 admin.key

# admin-api: a next link to another host, and a cursor that repeats.
admin_tenant "$main" admin-otherhost "Nightly connector" "$connector_c" \
    admin-otherhost org-4 admin.key
admin_tenant "$main" admin-loop "Nightly connector" "$connector_c" \
    admin-loop org-5 admin.key

# admin-api: no token with the label, two with it, and email to pick one.
admin_tenant "$main" admin-nomatch "Missing label" "$connector_c" \
    admin-dup org-6 admin.key
admin_tenant "$main" dup-any "Shared bot" "$connector_c" admin-dup org-6 \
    admin.key
admin_tenant "$main" dup-email "Shared bot" "" admin-dup org-6 admin.key \
    B@Acme.example

# admin-api: the organization's admin key is rejected.
admin_tenant "$main" admin-401 "Nightly connector" "$connector_c" \
    admin-401 org-7 wrong-admin.key
admin_tenant "$main" admin-403 "Nightly connector" "$connector_c" \
    admin-403 org-8 admin.key

tenant "$main" user-found <<EOF
[token]
kind = api-token
label = Nightly connector
$connector_l

[source]
type = user-api
url = $base/user-found
account_id = 5b10ac8d82e05b22cc7d4ef5
secret_env = TTLWATCH_E2E_ADMIN_KEY
EOF

# dc-pat: url defaults to the site.
dc_tenant "$main" dc-label "$base/dc-label" "" pat.key
dc_tenant "$main" dc-id "$base/dc-id" "" pat.key "token_id = 42"

tenant "$main" dc-never <<EOF
[token]
kind = dc-pat
label = Forever token
site = $base/dc-never

[source]
type = dc-pat
secret_file = $secrets/pat.key
EOF

dc_tenant "$main" dc-401 "$base/dc-401" "$connector_c" wrong-pat.key

for id in probe-ok probe-401; do
	tenant "$main" "$id" <<EOF
[token]
kind = api-token
label = Nightly connector
site = $base/$id
$connector_c

[source]
type = probe
email = bot@acme.example
secret_file = $secrets/api.key
EOF
done

introspection_tenant intro-exp ""
introspection_tenant intro-inactive "$connector_c"
introspection_tenant intro-client "$connector_l" "client_id = ttlwatch" \
    "client_secret_file = $secrets/client.secret"

# Lookups that fail fall back to the offline figures.
for id in fail-timeout bad-json oversize missing; do
	dc_tenant "$main" "$id" "$base/$id" "$connector_c" pat.key \
	    "timeout = 1s"
done

tenant "$main" fallback <<EOF
[token]
kind = dc-pat
label = Jira DC sync
site = $base/fallback
$connector_c

[atlassian]
reported_expiry = 2026-03-24T09:00:00Z
reported_at = 2026-03-22T07:30:00Z

[source]
type = dc-pat
secret_file = $secrets/pat.key
EOF

# Credentials that cannot be read make error rows.
dc_tenant "$main" secret-mode "$base/dc-label" "$connector_c" \
    group-readable.key
dc_tenant "$main" secret-env "$base/dc-label" "$connector_c" "" \
    "secret_env = TTLWATCH_E2E_UNSET_SECRET"

unset TTLWATCH_E2E_UNSET_SECRET
export TTLWATCH_E2E_ADMIN_KEY=$admin_key

note "every lookup type, verdicts and failures in one run"
run_ttlwatch --now "$now" -o "$tmp/out-main" -v "$main"
csv=$tmp/out-main/ttlwatch.csv
assert_status 2 "live run with critical tenants"
assert_match '^ttlwatch: lookups: [0-9]+ requests ok, [0-9]+ retried, [0-9]+ failed$' \
    "$(grep 'lookups:' "$stderr_file" || true)" "-v closing line"

assert_row "$csv" admin-cursor warn 4 2026-03-26T09:00:00Z admin-api \
    atlassian-earlier
assert_note "$csv" admin-cursor "expiring at 2026-03-26T09:00:00Z with status 'ACTIVE'"
assert_field "$csv" admin-expired state critical
assert_note "$csv" admin-expired "lists the token with status EXPIRED, so rotate it now"
assert_requests admin-cursor 2
assert_contains "$server_log" \
    '"path": "/s/admin-cursor/admin/api-access/v1/orgs/org-1/api-tokens?cursor=c%2F2%2Bx%3D"' \
    "admin-cursor: the cursor is escaped into the query"

assert_row "$csv" admin-fullurl warn 4 2026-03-26T09:00:00Z admin-api \
    atlassian-earlier
assert_requests admin-fullurl 2
assert_contains "$server_log" \
    '"path": "/s/admin-fullurl/admin/api-access/v1/orgs/org-2/api-tokens?cursor=page2"' \
    "admin-fullurl: the full next URL is followed as given"

assert_row "$csv" shared-a warn 5 2026-03-27T12:00:00Z admin-api \
    atlassian-only
assert_row "$csv" shared-b healthy 18 2026-04-10T00:00:00Z admin-api \
    atlassian-only
assert_requests admin-shared 2
assert_contains "$server_log" \
    '"path": "/s/admin-shared/admin/api-access/v1/orgs/org-3/api-tokens"' \
    "admin-shared: first page"
assert_contains "$server_log" \
    '"path": "/s/admin-shared/admin/api-access/v1/orgs/org-3/api-tokens?cursor=p2"' \
    "admin-shared: second page"

assert_row "$csv" admin-otherhost warn 4 2026-03-26T09:00:00Z config \
    not-reported
assert_note "$csv" admin-otherhost "next-page link points to another host"
assert_note "$csv" admin-otherhost "the connector's figure was used instead"
assert_requests admin-otherhost 1
assert_lacks "$server_log" '127.0.0.2' "admin-otherhost: no request to the other host"

assert_row "$csv" admin-loop warn 4 2026-03-26T09:00:00Z config \
    not-reported
assert_note "$csv" admin-loop "links back to a page it already gave"
assert_requests admin-loop 2

assert_row "$csv" admin-nomatch unknown "" "" "" ""
assert_note "$csv" admin-nomatch "lists no token labelled 'Missing label'"
assert_row "$csv" dup-any unknown "" "" "" ""
assert_note "$csv" dup-any "lists 2 tokens labelled 'Shared bot'"
assert_row "$csv" dup-email healthy 9 2026-04-01T00:00:00Z admin-api \
    atlassian-only
assert_requests admin-dup 1

for id in admin-401 admin-403; do
	assert_row "$csv" "$id" unknown "" "" "" ""
	assert_note "$csv" "$id" "rejected the organization admin API key (HTTP ${id#admin-})"
done
assert_requests admin-401 1

assert_row "$csv" user-found warn 2 2026-03-24T09:00:00Z user-api \
    atlassian-earlier
assert_contains "$server_log" \
    '"path": "/s/user-found/users/5b10ac8d82e05b22cc7d4ef5/manage/api-tokens"' \
    "user-found: request path"

assert_row "$csv" dc-label warn 2 2026-03-25T00:00:00Z dc-pat atlassian-only
assert_contains "$server_log" '"path": "/s/dc-label/rest/pat/latest/tokens"' \
    "dc-label: the request goes to the site's token list"
assert_row "$csv" dc-id healthy 9 2026-04-01T00:00:00Z dc-pat atlassian-only
assert_row "$csv" dc-never healthy "" "" "" atlassian-only
assert_note "$csv" dc-never "never expires"

assert_unusable "$csv" dc-401 "rejected the token (HTTP 401)"

assert_row "$csv" probe-ok warn 4 2026-03-26T09:00:00Z config not-reported
assert_note "$csv" probe-ok "proves only that it is alive"
assert_unusable "$csv" probe-401 "rejected the token (HTTP 401)"

assert_row "$csv" intro-exp warn 4 2026-03-26T09:00:00Z introspection \
    atlassian-only
assert_unusable "$csv" intro-inactive "inactive"
assert_row "$csv" intro-client warn 5 2026-03-27T12:00:00Z introspection \
    atlassian-earlier
assert_contains "$server_log" \
    '"method": "POST", "path": "/s/intro-client/oauth/introspect", "scenario": "intro-client", "auth_ok": true, "form_keys": ["token"]' \
    "intro-client: client credentials and the token field both arrive"
assert_contains "$server_log" \
    '"scenario": "intro-exp", "auth_ok": true, "form_keys": ["token"]' \
    "intro-exp: the token travels in the form field token"

for id in fail-timeout bad-json oversize missing; do
	assert_row "$csv" "$id" warn 4 2026-03-26T09:00:00Z config not-reported
	assert_note "$csv" "$id" "the live dc-pat lookup failed"
	assert_note "$csv" "$id" "the connector's figure was used instead"
done
assert_note "$csv" fail-timeout "timed out after 4 attempts"
assert_requests fail-timeout 4
assert_note "$csv" bad-json "invalid JSON at line 3, column"
assert_note "$csv" oversize "larger than 1 MiB"
assert_note "$csv" missing "(HTTP 404)"
assert_requests missing 1

assert_row "$csv" fallback warn 2 2026-03-24T09:00:00Z atlassian-reported \
    atlassian-earlier
assert_note "$csv" fallback "(HTTP 404)"
assert_note "$csv" fallback "the offline reported value was used instead"

assert_field "$csv" secret-mode state error
assert_note "$csv" secret-mode "$secrets/group-readable.key"
assert_note "$csv" secret-mode "chmod 600"
assert_field "$csv" secret-env state error
assert_note "$csv" secret-env "TTLWATCH_E2E_UNSET_SECRET is not set or is empty"

note "--offline sends no request"
lines_before=$(wc -l <"$server_log")
run_ttlwatch --now "$now" -o "$tmp/out-offline" --offline "$main"
assert_equal "$lines_before" "$(wc -l <"$server_log")" \
    "--offline: requests the server saw"
assert_row "$tmp/out-offline/ttlwatch.csv" admin-cursor healthy 38 \
    2026-04-30T00:00:00Z config not-reported
assert_field "$tmp/out-offline/ttlwatch.csv" dc-401 state warn

note "a proxy from the environment is not used for plain http to loopback"
# Nothing listens on port 9 of 127.0.0.1, so a request sent through the
# proxy would fail to connect.
dc_tenant "$tmp/proxied" proxied "$base/dc-label" "" pat.key "timeout = 5s"
requests_before=$(requests dc-label)
http_proxy=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 \
    ALL_PROXY=http://127.0.0.1:9 run_ttlwatch --now "$now" \
    -o "$tmp/out-proxied" "$tmp/proxied"
assert_row "$tmp/out-proxied/ttlwatch.csv" proxied warn 2 \
    2026-03-25T00:00:00Z dc-pat atlassian-only
assert_equal $((requests_before + 1)) "$(requests dc-label)" \
    "proxied: the request reached the server directly"

note "503 twice then 200, and 500 on every attempt"
retries=$tmp/retries
dc_tenant "$retries" fail-503 "$base/fail-503" "" pat.key
dc_tenant "$retries" fail-500 "$base/fail-500" "$connector_c" pat.key
run_ttlwatch --now "$now" -o "$tmp/out-retries" -v "$retries"
csv=$tmp/out-retries/ttlwatch.csv
assert_row "$csv" fail-503 warn 5 2026-03-28T06:00:00Z dc-pat atlassian-only
assert_requests fail-503 3
assert_row "$csv" fail-500 warn 4 2026-03-26T09:00:00Z config not-reported
assert_note "$csv" fail-500 "server error (HTTP 500) after 4 attempts"
assert_requests fail-500 4
assert_contains "$stderr_file" \
    "ttlwatch: lookups: 1 requests ok, 5 retried, 1 failed" \
    "-v counts requests, retries and failures"

note "429 with Retry-After 0 waits 1 s, then succeeds"
dc_tenant "$tmp/ra-zero" ra-zero "$base/ra-zero" "" pat.key
run_timed --now "$now" -o "$tmp/out-ra-zero" "$tmp/ra-zero"
assert_row "$tmp/out-ra-zero/ttlwatch.csv" ra-zero warn 5 \
    2026-03-28T06:00:00Z dc-pat atlassian-only
assert_requests ra-zero 2
if [ "$elapsed" -lt 1000 ]; then
	fail "Retry-After 0: the retry came after $elapsed ms, expected at least 1000"
fi

note "429 with Retry-After 3600 gives up at once"
dc_tenant "$tmp/ra-hour" ra-hour "$base/ra-hour" "$connector_c" pat.key
run_timed --now "$now" -o "$tmp/out-ra-hour" "$tmp/ra-hour"
csv=$tmp/out-ra-hour/ttlwatch.csv
assert_row "$csv" ra-hour warn 4 2026-03-26T09:00:00Z config not-reported
assert_note "$csv" ra-hour "rate limited (HTTP 429)"
assert_note "$csv" ra-hour "asked to wait 3600 s"
assert_requests ra-hour 1
if [ "$elapsed" -ge 3000 ]; then
	fail "Retry-After 3600: the run took $elapsed ms, expected to give up at once"
fi

note "plain http to a host that is not loopback is rejected unsent"
# 192.0.2.1 is a documentation address (RFC 5737). The program must reject
# the URL before it connects. Where unshare works, the run also gets a
# network namespace of its own with no route anywhere, so even a bug could
# not send a packet out.
dc_tenant "$tmp/remote" remote-http http://192.0.2.1/ "$connector_c" pat.key \
    "timeout = 5s"
isolate=()
if unshare -n true 2>/dev/null; then
	isolate=(unshare -n)
elif unshare -rn true 2>/dev/null; then
	isolate=(unshare -rn)
fi
start=$(now_ms)
status=0
${isolate[@]+"${isolate[@]}"} "$ttlwatch" --now "$now" \
    -o "$tmp/out-remote" -v "$tmp/remote" >"$tmp/stdout" 2>"$tmp/stderr" ||
    status=$?
elapsed=$(($(now_ms) - start))
csv=$tmp/out-remote/ttlwatch.csv
assert_status 3 "plain http to 192.0.2.1"
assert_row "$csv" remote-http error "" "" "" ""
assert_note "$csv" remote-http "plain http is allowed only to loopback addresses"
assert_no_note "$csv" remote-http "could not connect"
assert_no_note "$csv" remote-http "timed out"
assert_lacks "$tmp/stderr" "retrying" "plain http to 192.0.2.1: no retry"
assert_contains "$tmp/stderr" "lookups: 0 requests ok, 0 retried, 0 failed" \
    "plain http to 192.0.2.1: no request is made"
if [ "$elapsed" -ge 2000 ]; then
	fail "plain http to 192.0.2.1: the run took $elapsed ms, expected a refusal without waiting"
fi

note "at most 4 lookups to one host at a time"
for i in 1 2 3 4 5 6 7 8; do
	dc_tenant "$tmp/one-host" "slow-$i" "http://127.0.0.1:$port/s/slow" "" \
	    pat.key
	address=127.0.0.$((i % 2 + 1))
	dc_tenant "$tmp/two-hosts" "slow-$i" "http://$address:$port/s/slow" "" \
	    pat.key
done

# The run also records its CPU time: a program that waits for the server
# sleeps in poll() and needs a small fraction of the wall time.
TIMEFORMAT='%3U %3S'
{ time run_timed --now "$now" -o "$tmp/out-one-host" --jobs 16 \
    "$tmp/one-host"; } 2>"$tmp/cpu-time"
cpu_ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$tmp/cpu-time")
assert_row "$tmp/out-one-host/ttlwatch.csv" slow-8 healthy 18 \
    2026-04-10T00:00:00Z dc-pat atlassian-only
note "8 lookups of 1 s to one host: $elapsed ms, $cpu_ms ms of CPU time"
if [ "$elapsed" -lt 2000 ]; then
	fail "one host: 8 lookups of 1 s took $elapsed ms; with 4 at a time they need at least 2000"
fi
if [ "$cpu_ms" -ge 500 ]; then
	fail "one host: waiting $elapsed ms for the server took $cpu_ms ms of CPU time; expected under 500"
fi

run_timed --now "$now" -o "$tmp/out-two-hosts" --jobs 16 "$tmp/two-hosts"
assert_row "$tmp/out-two-hosts/ttlwatch.csv" slow-8 healthy 18 \
    2026-04-10T00:00:00Z dc-pat atlassian-only
note "8 lookups of 1 s over two hosts: $elapsed ms"
if [ "$elapsed" -ge 2000 ]; then
	fail "two hosts: 8 lookups of 1 s took $elapsed ms; 4 per host at once need about 1000"
fi
assert_equal 16 "$(requests slow)" "slow: requests the server saw"
assert_contains "$server_log" '"host": "127.0.0.2:' \
    "two hosts: the second address was used"

finish
