#!/bin/bash
# Credentials never leak. Every lookup type runs with a distinctive secret
# and -v against responses that succeed, reject the secret (401), time
# out, and carry malformed JSON. No secret may appear in standard output,
# standard error or any report, and none may reach the server in the
# request line: only in headers or the form body.
set -eu

. "$(dirname "$0")/lib.sh"

PYTHON3=${PYTHON3:-python3}
if [ "$PYTHON3" = no ] || ! command -v "$PYTHON3" >/dev/null 2>&1; then
	skip "python3 not found; the test server needs it"
fi

now=2026-03-22T08:15:00Z
. "$top_srcdir/tests/live/lib.sh"
secrets=$tmp/secrets
tenants=$tmp/tenants

# secret NAME VALUE: a secret file only its owner can read.
secret() {
	(umask 077 && printf '%s\n' "$2" >"$secrets/$1")
}

# base64_of TEXT: the base64 encoding of TEXT, as a Basic header carries it.
base64_of() {
	printf '%s' "$1" | base64 -w0
}

# The secrets: each distinctive, two with characters a form body must
# percent-encode.
admin_key=S3cr3t-admin-7f1e
user_key=S3cr3t-user-2b9c
pat=S3cr3t-pat-4d2a
api_token=S3cr3t-apitok-9a0b
introspected='S3cr3t-introspect/5c3d+='
client_secret='S3cr3t+client/8e6f='
two_line=S3cr3t-twoline-1a2b
group_readable=S3cr3t-group-3c4d

probe_basic=$(base64_of "bot@acme.example:$api_token")
client_basic=$(base64_of "ttlwatch:$client_secret")

# Every form a secret could leak in: as is, percent-encoded, and inside
# a Basic header.
leak_values=(
	"$admin_key" "$user_key" "$pat" "$api_token" "$introspected"
	'S3cr3t-introspect%2F5c3d%2B%3D' "$client_secret"
	'S3cr3t%2Bclient%2F8e6f%3D' "$two_line" "$group_readable"
	"$probe_basic" "$client_basic"
)

mkdir -p "$secrets" "$tenants"
chmod 700 "$secrets"
secret admin.key "$admin_key"
secret pat.key "$pat"
secret api.key "$api_token"
secret introspected.key "$introspected"
secret client.secret "$client_secret"
printf '%s\nsecond line\n' "$two_line" >"$secrets/two-line.key"
chmod 600 "$secrets/two-line.key"
secret group-readable.key "$group_readable"
chmod 640 "$secrets/group-readable.key"
export TTLWATCH_SECRETS_USER_KEY=$user_key

cat >"$tmp/scenarios.json" <<EOF
{
  "admin-ok": {"require_auth": "Bearer $admin_key", "pages": {
    "": {"data": [{"id": "t-1", "label": "Nightly connector",
                   "expiresAt": "2026-03-26T09:00:00Z"}],
         "links": {"next": "two"}},
    "two": {"data": [], "links": {}}}},
  "admin-401": {"require_auth": "Bearer not-the-key", "json": {}},
  "admin-slow": {"delay_ms": 2000, "json": {}},
  "admin-bad": {"require_auth": "Bearer $admin_key", 
                "raw": "{\"data\": [{\"id\": 1, \"label\": }]}"},
  "user-ok": {"require_auth": "Bearer $user_key", "json": [
    {"id": "u-1", "label": "Nightly connector",
     "expiry": "2026-03-26T09:00:00Z"}]},
  "user-401": {"require_auth": "Bearer not-the-key", "json": []},
  "user-slow": {"delay_ms": 2000, "json": []},
  "user-bad": {"require_auth": "Bearer $user_key", "raw": "[{\"id\": 1,"},
  "dc-ok": {"require_auth": "Bearer $pat", "json": [
    {"id": 1, "name": "Nightly connector",
     "expiringAt": "2026-03-26T09:00:00.000+0000"}]},
  "dc-401": {"require_auth": "Bearer not-the-pat", "json": []},
  "dc-slow": {"delay_ms": 2000, "json": []},
  "dc-bad": {"require_auth": "Bearer $pat", "raw": "[{\"id\" 1}]"},
  "dc-echo": {"require_auth": "Bearer $pat",
              "raw": "{\"token\" \"$pat\"}"},
  "probe-ok": {"require_auth": "Basic $probe_basic",
               "json": {"accountId": "5b10"}},
  "probe-401": {"require_auth": "Basic not-the-token", "json": {}},
  "probe-slow": {"delay_ms": 2000, "json": {}},
  "probe-bad": {"require_auth": "Basic $probe_basic", "raw": "{\"accountId\": "},
  "intro-ok": {"require_auth": "Basic $client_basic",
               "require_token": "$introspected",
               "json": {"active": true, "exp": 1774515600}},
  "intro-401": {"require_auth": "Basic not-the-client",
                "require_token": "$introspected", "json": {}},
  "intro-slow": {"delay_ms": 2000, "json": {}},
  "intro-bad": {"require_auth": "Basic $client_basic",
                "require_token": "$introspected",
                "raw": "{\"active\": tru}"}
}
EOF

: >"$server_log"
"$PYTHON3" "$server" --scenarios "$tmp/scenarios.json" --log "$server_log" \
    --port-file "$tmp/port" --lifetime 120 --address 127.0.0.1 \
    --address 127.0.0.2 &
server_pid=$!
wait_for_server
note "test server on port $port"

# source_lines TYPE SCENARIO: the [source] keys of one lookup type. The
# timeouts go to a second address so they do not hold up the others.
source_lines() {
	local host=127.0.0.1

	case $2 in
	*-slow) host=127.0.0.2 ;;
	esac
	local base=http://$host:$port/s/$2
	case $1 in
	admin-api)
		printf 'url = %s\norg_id = org-%s\nsecret_file = %s\n' "$base" \
		    "$2" "$secrets/admin.key" ;;
	user-api)
		printf 'url = %s\naccount_id = 5b10ac8d\nsecret_env = %s\n' \
		    "$base" TTLWATCH_SECRETS_USER_KEY ;;
	dc-pat)
		printf 'url = %s\nsecret_file = %s\n' "$base" \
		    "$secrets/pat.key" ;;
	probe)
		printf 'url = %s\nemail = bot@acme.example\nsecret_file = %s\n' \
		    "$base" "$secrets/api.key" ;;
	introspection)
		printf 'url = %s/introspect\nsecret_file = %s\n' "$base" \
		    "$secrets/introspected.key"
		printf 'client_id = ttlwatch\nclient_secret_file = %s\n' \
		    "$secrets/client.secret" ;;
	esac
}

# lookup_tenant ID TYPE SCENARIO [SECRET_FILE]: a tenant that looks its
# token up with TYPE at SCENARIO.
lookup_tenant() {
	local kind=api-token

	case $2 in
	dc-pat) kind=dc-pat ;;
	introspection) kind=scoped-api-token ;;
	esac
	{
		printf '[tenant]\nid = %s\n\n[token]\nkind = %s\n' "$1" "$kind"
		printf 'label = Nightly connector\n'
		printf 'created_at = 2025-03-26T09:00:00Z\nttl = 365d\n\n'
		printf '[source]\ntype = %s\ntimeout = 1s\n' "$2"
		source_lines "$2" "$3" | if [ -n "${4:-}" ]; then
			sed "s|^secret_file = .*|secret_file = $4|"
		else
			cat
		fi
	} | write_file "$tenants/$1.conf"
}

for type in admin-api user-api dc-pat probe introspection; do
	prefix=${type%%-*}
	case $type in
	introspection) prefix=intro ;;
	esac
	for outcome in ok 401 slow bad; do
		lookup_tenant "$prefix-$outcome" "$type" "$prefix-$outcome"
	done
done

# A server that echoes the token back inside malformed JSON: the parser's
# error quotes the text near the fault, which must not carry the token
# into a report.
lookup_tenant dc-echo dc-pat dc-echo
lookup_tenant two-line dc-pat dc-ok "$secrets/two-line.key"
lookup_tenant group-readable dc-pat dc-ok "$secrets/group-readable.key"

run_ttlwatch --now "$now" -o "$tmp/out" -v "$tenants"
csv=$tmp/out/ttlwatch.csv

note "the lookups ran and carried their credentials"
for id in admin-ok user-ok dc-ok intro-ok; do
	assert_field "$csv" "$id" state warn
	assert_field "$csv" "$id" reconciliation match
done
assert_field "$csv" probe-ok state warn
for id in dc-401 probe-401; do
	assert_field "$csv" "$id" state critical
done
for id in admin-401 user-401 intro-401; do
	assert_field "$csv" "$id" state unknown
done
for id in admin-slow user-slow dc-slow probe-slow intro-slow; do
	assert_match 'timed out' "$(csv_field "$csv" "$id" notes)" \
	    "$id: notes name the timeout"
done
for id in admin-bad user-bad dc-bad intro-bad dc-echo; do
	assert_match 'invalid JSON at line' "$(csv_field "$csv" "$id" notes)" \
	    "$id: notes name the malformed JSON"
done
assert_field "$csv" two-line state error
assert_field "$csv" group-readable state error
for name in admin-ok user-ok dc-ok probe-ok intro-ok admin-bad user-bad \
    dc-bad probe-bad intro-bad dc-echo; do
	if ! grep -q "\"scenario\": \"$name\", \"auth_ok\": true" "$server_log"
	then
		fail "$name: the server did not receive the expected credentials"
	fi
done

note "no secret in standard output, standard error or any report"
assert_contains "$stderr_file" "ttlwatch: lookups: " \
    "-v prints the lookup counters, so verbose output was checked too"
assert_contains "$stderr_file" "retrying " \
    "-v prints the retries of the timed-out lookups"
outputs=("$stdout_file" "$stderr_file" "$tmp/out")
for value in "${leak_values[@]}"; do
	if grep -rqF -- "$value" "${outputs[@]}"; then
		fail "a secret appears in the output: $value"
		grep -rnF -- "$value" "${outputs[@]}" | sed 's/^/    /' >&2
	fi
done

note "no secret in a request line"
"$PYTHON3" -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    print(json.loads(line)["path"])
' "$server_log" >"$tmp/paths"
for value in "${leak_values[@]}"; do
	assert_lacks "$tmp/paths" "$value" "request paths and queries"
done
assert_lacks "$tmp/paths" "S3cr3t" "request paths and queries"

finish
