#!/usr/bin/env bash
# The HTML digest end to end, with the default template. It checks for
# valid markup that mail clients keep (no scripts, forms or external
# resources), escaped tenant text, every state shown as a word on inline
# colours, and rows in urgency order. It then checks the 100 KB limit
# with 5,000 tenants, and with more problem rows than fit. When TIDY is
# empty or "no", tidy's checks are skipped and the script exits with 77
# once every other check has passed.
set -eu

. "$(dirname "$0")/lib.sh"

now=2026-03-22T08:15:00Z
now_epoch=1774167300	# the same instant in epoch seconds
limit=102400		# 100 KB: the digest must stay below it
TIDY=${TIDY-$(command -v tidy || true)}
if [ "$TIDY" = no ]; then
	TIDY=
fi

# tidy_check FILE WHAT: tidy reports no errors. Warnings are printed
# but do not fail the check.
tidy_check() {
	local rc=0

	[ -n "$TIDY" ] || return 0
	"$TIDY" -e -q "$1" >"$tmp/tidy.out" 2>&1 || rc=$?
	if [ "$rc" -ge 2 ]; then
		fail "$2: tidy reports errors"
		sed 's/^/    /' "$tmp/tidy.out" >&2
	elif [ "$rc" -eq 1 ]; then
		note "$2: tidy warnings:"
		sed 's/^/#   /' "$tmp/tidy.out"
	fi
}

# assert_lacks_nocase FILE STRING WHAT: no line contains STRING in any case.
assert_lacks_nocase() {
	if grep -Fiq -- "$2" "$1"; then
		fail "$3"
		grep -Fi -- "$2" "$1" | sed 's/^/    /' >&2
	fi
}

# row_ids FILE: the tenant id of each row, in document order. The default
# template writes a row's id after the name as "<br>ID &middot;".
row_ids() {
	grep -oE '<br>[A-Za-z0-9._-]+ &middot;' "$1" |
	    sed 's/^<br>//; s/ &middot;$//' | tr '\n' ' ' | sed 's/ $//'
}

# state_cells FILE: every table cell whose whole text is a state word.
state_cells() {
	grep -oE '<td[^>]*>(CRITICAL|WARN|UNKNOWN|ERROR|HEALTHY|SKIPPED)</td>' \
	    "$1" || true
}

size_of() {
	wc -c <"$1" | tr -d ' '
}

note "fixture tenants: one of each state, hostile names"
out=$tmp/fixture
run_ttlwatch --offline --now "$now" -o "$out" "$fixtures/html"
html=$out/ttlwatch.html
assert_status 2 "fixture run with critical tenants"
assert_file_exists "$html" "fixture digest"
tidy_check "$html" "fixture digest"

for banned in '<script' '<form' '<link' '@import' 'url(' \
    'http-equiv=refresh' 'http-equiv="refresh"' '<style'; do
	assert_lacks_nocase "$html" "$banned" "digest contains '$banned'"
done
assert_contains "$html" \
    'Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons' \
    "markup and & in a tenant name are escaped"
assert_contains "$html" 'Ticket &lt;b&gt;bridge&lt;/b&gt;' \
    "markup in a token label is escaped"
assert_contains "$html" 'Nightly &quot;quotes&quot; sync' \
    "quotes in a token label are escaped"
assert_contains "$html" 'Harbour &amp; Dock Authority' \
    "& in a tenant name is escaped"
assert_contains "$html" \
    'Contacts: berths@harbour.example, ops@harbour.example' \
    "a row names the tenant's contacts"

cells=$(state_cells "$html")
assert_equal 9 "$(printf '%s\n' "$cells" | grep -c .)" \
    "one state cell per tenant"
unstyled=$(printf '%s\n' "$cells" | grep -vE \
    '^<td [^>]*style="[^"]*background-color:#[0-9a-f]{6};color:#[0-9a-f]{6}' ||
    true)
assert_equal "" "$unstyled" "every state cell sets its colours inline"
assert_equal "CRITICAL CRITICAL CRITICAL WARN WARN ERROR UNKNOWN HEALTHY SKIPPED" \
    "$(printf '%s\n' "$cells" | sed 's/.*>\([A-Z]*\)<\/td>$/\1/' |
    tr '\n' ' ' | sed 's/ $//')" "state words in urgency order"
assert_equal "crit-early crit-script crit-tie warn-two warn-four bad-config unknown-dc healthy-dc skipped-one" \
    "$(row_ids "$html")" \
    "rows by state, then days left, then read order"

assert_contains "$html" \
    '2026-03-26 09:00 UTC<br>2026-03-26 09:00 GMT (Europe/London)' \
    "expiry in UTC and in the tenant's zone"
assert_contains "$html" '2026-03-24 12:00 UTC<br>2026-03-25 01:00 NZDT' \
    "expiry in a zone east of UTC"
assert_contains "$html" 'Atlassian: 2026-03-26' \
    "Atlassian's reported date beside ours"
assert_contains "$html" "invalid ttl &#39;30&#39;" \
    "an error row shows its configuration error"
assert_contains "$html" 'no expiry is known' "an unknown row shows its note"
assert_contains "$html" \
    'href="https://jira.harbour.example/secure/ViewProfile.jspa?' \
    "a Data Center row links to its site's token page"
assert_contains "$html" \
    'href="https://id.atlassian.com/manage-profile/security/api-tokens"' \
    "a Cloud row links to Atlassian's token page"
assert_contains "$html" \
    '9 tenants: 3 critical, 2 warn, 1 healthy, 1 unknown, 1 error, 1 skipped' \
    "summary counts"
assert_contains "$html" 'Evaluated at 2026-03-22 08:15 UTC' \
    "evaluation time"
assert_lacks "$html" 'not listed' "a small digest lists every row"

note "a template with a section left open"
printf '<p>\n{{#rows}}\n{{tenant_id}}\n</p>\n' >"$tmp/open.html"
run_ttlwatch --offline --now "$now" -o "$tmp/open-out" \
    --template "$tmp/open.html" "$fixtures/html"
assert_status 73 "run with a broken template"
assert_contains "$stderr_file" "open.html:2: section 'rows' is not closed" \
    "message names the template's line"
assert_no_file "$tmp/open-out/ttlwatch.html" "digest from a broken template"

# write_tenant DIR ID NAME EXPIRES_EPOCH: one api-token tenant file.
write_tenant() {
	printf '[tenant]\nid = %s\nname = %s\ntimezone = Europe/London\n[token]\nkind = api-token\nlabel = Connector for %s\nexpires_at = %s\n' \
	    "$2" "$3" "$2" "$4" >"$1/$2.conf"
}

note "5,000 tenants: 40 need attention, 4,960 are healthy"
big=$tmp/big
mkdir "$big"
problems=
for i in $(seq 1 5000); do
	id=$(printf 't%04d' "$i")
	if [ $((i % 125)) -ne 0 ]; then
		expires=$((now_epoch + 30 * 86400 + i))
	elif [ $((i / 125 % 2)) -eq 1 ]; then
		expires=$((now_epoch - i * 60))		# critical
		problems="$problems $id"
	else
		expires=$((now_epoch + i * 60))		# warn: under 4 days
		problems="$problems $id"
	fi
	write_tenant "$big" "$id" "Load test tenant $id" "$expires"
done
run_ttlwatch --offline --now "$now" -o "$tmp/big-out" "$big"
html=$tmp/big-out/ttlwatch.html
assert_status 2 "5,000-tenant run"
size=$(size_of "$html")
note "5,000-tenant digest: $size bytes"
if [ "$size" -ge "$limit" ]; then
	fail "5,000-tenant digest is $size bytes, not under $limit"
fi
for id in $problems; do
	assert_contains "$html" "<br>$id &middot;" "problem tenant $id listed"
done
assert_equal 40 "$(state_cells "$html" | grep -c .)" \
    "only the 40 problem rows are listed"
assert_match '4960 healthy tenants are not listed; see ttlwatch\.csv' \
    "$(cat "$html")" "healthy rows collapse into a count"
assert_lacks "$html" "<br>t0001 &middot;" "healthy tenant t0001 not listed"
assert_lacks "$html" "more tenants that need attention" \
    "no problem row left out"
tidy_check "$html" "5,000-tenant digest"

note "600 critical tenants: more problem rows than fit"
many=$tmp/many
mkdir "$many"
for i in $(seq 1 600); do
	id=$(printf 'c%04d' "$i")
	write_tenant "$many" "$id" "Critical tenant $id with a longer name" \
	    $((now_epoch - i * 86400))
done
write_tenant "$many" h0001 "Healthy tenant" $((now_epoch + 90 * 86400))
run_ttlwatch --offline --now "$now" -o "$tmp/many-out" "$many"
html=$tmp/many-out/ttlwatch.html
size=$(size_of "$html")
note "600-critical digest: $size bytes"
if [ "$size" -ge "$limit" ]; then
	fail "600-critical digest is $size bytes, not under $limit"
fi
# Each row of this test takes under 1 KB, so a digest more than 3,000
# bytes below the limit stopped while another row still fit.
if [ "$size" -lt $((limit - 3000)) ]; then
	fail "600-critical digest is $size bytes: rows that fit were left out"
fi
shown=$(state_cells "$html" | grep -c .)
expected_ids=$(for i in $(seq 600 -1 $((601 - shown))); do
	printf 'c%04d ' "$i"
done | sed 's/ $//')
assert_equal "$expected_ids" "$(row_ids "$html")" \
    "the most expired rows are kept, in order"
assert_match "^$((600 - shown)) more tenants that need attention are not listed, to keep this message under 100 kB; see ttlwatch\.csv$" \
    "$(grep -o '[0-9]* more tenants[^<]*' "$html")" \
    "the last line counts the rows left out"
assert_contains "$html" '1 healthy tenant is not listed; see ttlwatch.csv' \
    "the healthy row collapses too"
tidy_check "$html" "600-critical digest"

if [ -z "$TIDY" ] && [ "$failures" -eq 0 ]; then
	skip "tidy not found; every check but tidy's passed"
fi
finish
