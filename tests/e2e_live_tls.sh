#!/bin/bash
# Live lookups over HTTPS to tests/live/server.py, with a certificate from
# a throwaway CA made here. With ca_file naming the CA the lookup succeeds.
# Without it, or for a host the certificate does not cover, the lookup
# fails and falls back, because verification is never turned off.
set -eu

. "$(dirname "$0")/lib.sh"

PYTHON3=${PYTHON3:-python3}
if [ "$PYTHON3" = no ] || ! command -v "$PYTHON3" >/dev/null 2>&1; then
	skip "python3 not found; the test server needs it"
fi
if ! command -v openssl >/dev/null 2>&1; then
	skip "openssl not found; it makes the test certificates"
fi

now=2026-03-22T08:15:00Z
. "$top_srcdir/tests/live/lib.sh"
pki=$tmp/pki

# requests NAME: how many requests the server logged for scenario NAME.
requests() {
	grep -c "\"scenario\": \"$1\"" "$server_log" || true
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

# A CA valid for two days and a server certificate it signs, for the IP
# address 127.0.0.1 only.
mkdir -p "$pki"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ttlwatch test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$pki/ca.key" -out "$pki/ca.pem" 2>"$pki/openssl.log" ||
    { cat "$pki/openssl.log" >&2; exit 1; }
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$pki/server.key" -out "$pki/server.csr" 2>"$pki/openssl.log" ||
    { cat "$pki/openssl.log" >&2; exit 1; }
cat >"$pki/server.ext" <<EOF
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
EOF
openssl x509 -req -in "$pki/server.csr" -CA "$pki/ca.pem" \
    -CAkey "$pki/ca.key" -set_serial 1001 -days 2 \
    -extfile "$pki/server.ext" -out "$pki/server.pem" \
    2>"$pki/openssl.log" || { cat "$pki/openssl.log" >&2; exit 1; }
chmod 600 "$pki/server.key" "$pki/ca.key"

pat=dc-pat-tls-1
(umask 077 && printf '%s\n' "$pat" >"$tmp/pat.key")

cat >"$tmp/scenarios.json" <<EOF
{
  "dc-tls": {"require_auth": "Bearer $pat", "json": [
    {"id": 5, "name": "Jira DC sync",
     "expiringAt": "2026-03-25T00:00:00.000+0000"}]}
}
EOF

: >"$server_log"
"$PYTHON3" "$server" --scenarios "$tmp/scenarios.json" --log "$server_log" \
    --port-file "$tmp/port" --lifetime 120 --address 127.0.0.1 \
    --address 127.0.0.2 --tls-cert "$pki/server.pem" \
    --tls-key "$pki/server.key" &
server_pid=$!
wait_for_server
note "HTTPS test server on port $port"

# tls_tenant ID HOST [CA_LINE]: a dc-pat tenant whose site is on HOST,
# expiring 2026-03-26T09:00:00Z by the connector's figure.
tls_tenant() {
	write_file "$tmp/tenants/$1.conf" <<EOF
[tenant]
id = $1

[token]
kind = dc-pat
label = Jira DC sync
site = https://$2:$port/s/dc-tls
created_at = 2025-03-26T09:00:00Z
ttl = 365d

[source]
type = dc-pat
secret_file = $tmp/pat.key
timeout = 5s
${3:-}
EOF
}

tls_tenant with-ca 127.0.0.1 "ca_file = $pki/ca.pem"
tls_tenant without-ca 127.0.0.1
tls_tenant wrong-name 127.0.0.2 "ca_file = $pki/ca.pem"

run_ttlwatch --now "$now" -o "$tmp/out" "$tmp/tenants"
csv=$tmp/out/ttlwatch.csv
assert_status 1 "HTTPS lookups"

note "ca_file makes the private CA trusted"
assert_field "$csv" with-ca state warn
assert_field "$csv" with-ca days_left 2
assert_field "$csv" with-ca expires_at 2026-03-25T00:00:00Z
assert_field "$csv" with-ca expiry_source dc-pat
assert_field "$csv" with-ca reconciliation atlassian-earlier
assert_equal 1 "$(requests dc-tls)" "only the trusted lookup reaches the server"
assert_contains "$server_log" '"auth_ok": true' \
    "the trusted lookup carries the token"

note "without ca_file, and for a name outside the certificate, it fails"
for id in without-ca wrong-name; do
	assert_field "$csv" "$id" state warn
	assert_field "$csv" "$id" days_left 4
	assert_field "$csv" "$id" expires_at 2026-03-26T09:00:00Z
	assert_field "$csv" "$id" expiry_source config
	assert_field "$csv" "$id" reconciliation not-reported
	assert_note "$csv" "$id" "the live dc-pat lookup failed (TLS certificate"
	assert_note "$csv" "$id" "the connector's figure was used instead"
done

finish
