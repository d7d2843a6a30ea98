#!/bin/bash
# Inputs that expiry checkers commonly get wrong, each with its neighbours.
# They are days left across midnight, instants in Jira's offset forms,
# unknown time zones, leap days, control characters in XML, spreadsheet
# formulas in CSV cells, date-times without an offset, durations without
# a unit, and the FILE:LINE form of diagnostics. e2e_fixtures.sh compares
# the whole reports of the same fixture folders. This script checks the
# one property each case is about, so that a failure names its cause.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

require_xmllint

# run_fixture NAME: run the fixture folder NAME and set $out, $csv and
# $junit to its reports.
run_fixture() {
	out=$tmp/$1
	run_case "$fixtures/cases/$1" "$out"
	csv=$out/ttlwatch.csv
	junit=$out/ttlwatch.junit.xml
}

# assert_row TENANT STATE DAYS_LEFT EXPIRES_AT: three cells of one row.
assert_row() {
	assert_field "$csv" "$1" state "$2"
	assert_field "$csv" "$1" days_left "$3"
	assert_field "$csv" "$1" expires_at "$4"
}

# assert_diagnostics_form WHAT: every line on standard error reads
# "ttlwatch: FILE:LINE: message", the message in lower case with no final
# full stop.
assert_diagnostics_form() {
	local line

	if [ ! -s "$stderr_file" ]; then
		fail "$1: expected diagnostics on standard error, got none"
		return
	fi
	while IFS= read -r line; do
		assert_match '^ttlwatch: [^:]+\.conf:[1-9][0-9]*: [a-z]' "$line" \
		    "$1: diagnostic in the form 'ttlwatch: FILE:LINE: message'"
		assert_match '[^.]$' "$line" \
		    "$1: diagnostic without a final full stop"
	done <"$stderr_file"
}

note "days left are whole days rounded down, also across midnight"
run_fixture days-left-rounding
assert_status 2 "days left: exit status"
assert_row a1-evening-before critical -1 2022-04-17T18:19:20Z
assert_row a2-one-second-past critical -1 2022-04-18T08:59:59Z
assert_row a3-at-now critical 0 2022-04-18T09:00:00Z
assert_row a4-one-second-ahead warn 0 2022-04-18T09:00:01Z
assert_row a5-one-day-past critical -1 2022-04-17T09:00:00Z
assert_row a6-one-day-one-second-past critical -2 2022-04-17T08:59:59Z
assert_row a7-window-inside warn 6 2022-04-25T08:59:59Z
assert_row a8-window-edge healthy 7 2022-04-25T09:00:00Z
assert_row a9-one-year-past critical -365 2021-04-18T09:00:00Z
assert_row b3-ttl-hours-past critical -1 2022-04-17T10:00:00Z

note "instants with Jira's offsets, fractions and epoch values"
run_fixture instant-forms
assert_status 1 "instant forms: exit status"
# These are 1774515600, 1774483200 and 1774533600 in epoch seconds.
at_0900=2026-03-26T09:00:00Z
at_0000=2026-03-26T00:00:00Z
at_1400=2026-03-26T14:00:00Z
assert_field "$csv" off01-jira-utc expires_at $at_0900
assert_field "$csv" off02-jira-plus-nine expires_at $at_0000
assert_field "$csv" off03-colon-plus-nine expires_at $at_0000
assert_field "$csv" off04-jira-minus-five expires_at $at_1400
assert_field "$csv" off05-z-with-fraction expires_at $at_0900
assert_field "$csv" off06-z-plain expires_at $at_0900
assert_field "$csv" off07-microseconds expires_at $at_0900
assert_field "$csv" off08-plus-0545 expires_at $at_0900
assert_field "$csv" off09-minus-0330 expires_at $at_0900
assert_field "$csv" off10-plus-14 expires_at $at_0900
assert_field "$csv" off11-minus-12 expires_at $at_0900
assert_field "$csv" off12-epoch-seconds expires_at $at_0900
assert_field "$csv" off13-epoch-milliseconds expires_at $at_0900
assert_field "$csv" off14-created-at-jira expires_at $at_0900

note "--now takes the same instant forms"
for now in 2026-03-22T17:15:00.000+0900 2026-03-22T03:15:00-05:00 \
    1774167300 1774167300000; do
	run_ttlwatch --offline -o "$tmp/now" --now "$now" \
	    "$fixtures/cases/worked-example-warn/tenants"
	assert_status 1 "--now $now: exit status"
	assert_field "$tmp/now/ttlwatch.csv" worked-example evaluated_at \
	    2026-03-22T08:15:00Z
	assert_field "$tmp/now/ttlwatch.csv" worked-example days_left 4
done

note "an unknown time zone is an error that names the zone"
run_fixture unknown-zone
assert_status 3 "unknown zone: exit status"
assert_field "$csv" zone1-misspelt state error
assert_field "$csv" zone1-misspelt days_left ""
assert_match "Europe/Berln" "$(csv_field "$csv" zone1-misspelt notes)" \
    "unknown zone: the notes name the zone"
assert_field "$csv" zone2-lower-case state error
assert_field "$csv" zone3-file-path state error
assert_field "$csv" zone4-valid state healthy
assert_field "$csv" zone5-valid-utc state healthy
assert_contains "$stderr_file" \
    "ttlwatch: tenants/zone1-misspelt.conf:3: invalid timezone 'Europe/Berln'" \
    "unknown zone: diagnostic with file, line and zone"
assert_match "invalid timezone 'Europe/Berln'" \
    "$(xpath "$junit" 'string(//testcase[@classname="ttlwatch.zone1-misspelt"]/error/@message)')" \
    "unknown zone: the JUnit error names the zone"
assert_diagnostics_form "unknown zone"

note "an unknown zone beside a critical tenant: critical wins"
run_fixture unknown-zone-with-critical
assert_status 2 "unknown zone with a critical tenant: exit status"
assert_field "$csv" zone1-misspelt state error
assert_field "$csv" zone2-critical state critical

note "created_at + ttl across a leap day"
run_fixture leap-day
assert_status 2 "leap day: exit status"
assert_row leap1-ttl-ends-on-leap-day warn 1 2024-02-29T00:00:00Z
assert_row leap2-ttl-ends-before critical 0 2024-02-28T00:00:00Z
assert_row leap3-ttl-crosses-leap-day warn 2 2024-03-01T00:00:00Z
assert_row leap4-expires-on-leap-day warn 1 2024-02-29T23:59:59Z
assert_row leap5-oauth-consent warn 1 2024-02-29T00:00:00Z
assert_field "$csv" leap6-no-such-day state error
assert_match "2023-02-29" "$(csv_field "$csv" leap6-no-such-day notes)" \
    "leap day: an impossible date is named in the notes"
assert_field "$csv" leap7-reported-no-such-day state error
assert_field "$csv" leap8-reported-leap-day reconciliation match

note "control characters in a name and a label"
ctl_dir=$tmp/control/tenants
mkdir -p "$ctl_dir"
printf '[tenant]\nid = control-chars\nname = Acme\001Retail\n\n[token]\nkind = api-token\nlabel = ci\033bot\nexpires_at = 2026-03-23T00:00:00Z\n' \
    >"$ctl_dir/control-chars.conf"
run_ttlwatch --offline -o "$tmp/control/out" --now 2026-03-22T08:15:00Z \
    "$ctl_dir"
junit=$tmp/control/out/ttlwatch.junit.xml
assert_status 1 "control characters: exit status"
assert_valid_junit "$junit" "control characters in name and label"
assert_lacks "$junit" "$(printf '\001')" \
    "control characters: byte 0x01 is not written into the JUnit report"
assert_lacks "$junit" "$(printf '\033')" \
    "control characters: byte 0x1b is not written into the JUnit report"
assert_contains "$junit" "$(printf '\357\277\275')" \
    "control characters: the name and the label appear with U+FFFD in the JUnit report"

note "control characters and invalid UTF-8 in a file name that gives the id"
bad_dir=$tmp/bad-names/tenants
mkdir -p "$bad_dir"
printf '[token]\nkind = api-token\n' >"$bad_dir/ctl$(printf '\001')name.conf"
printf '[token]\nkind = api-token\n' >"$bad_dir/bad$(printf '\377')byte.conf"
run_ttlwatch --offline -o "$tmp/bad-names/out" --now 2026-03-22T08:15:00Z \
    "$bad_dir"
junit=$tmp/bad-names/out/ttlwatch.junit.xml
assert_status 3 "control characters in file names: exit status"
assert_valid_junit "$junit" "control characters in file names"
assert_lacks "$junit" "$(printf '\001')" \
    "file names: byte 0x01 is not written into the JUnit report"
assert_lacks "$junit" "$(printf '\377')" \
    "file names: byte 0xff is not written into the JUnit report"
assert_contains "$junit" "classname=\"ttlwatch.ctl$(printf '\357\277\275')name" \
    "file names: the 0x01 byte of the id appears as U+FFFD"
assert_contains "$junit" "classname=\"ttlwatch.bad$(printf '\357\277\275')byte" \
    "file names: the 0xff byte of the id appears as U+FFFD"
if command -v iconv >/dev/null 2>&1; then
	if ! iconv -f UTF-8 -t UTF-8 "$tmp/bad-names/out/ttlwatch.csv" \
	    >/dev/null 2>&1; then
		fail "file names: the CSV report is not valid UTF-8"
		grep -an "$(printf '\377')" "$tmp/bad-names/out/ttlwatch.csv" |
		    cat -v | sed 's/^/    /' >&2
	fi
fi

note "a line that is not UTF-8 is an error row, and the JUnit stays valid"
utf8_dir=$tmp/not-utf8/tenants
mkdir -p "$utf8_dir"
printf '[tenant]\nid = not-utf8\n\n[token]\nkind = api-token\nlabel = bad\377byte\nexpires_at = 2026-04-01T00:00:00Z\n' \
    >"$utf8_dir/not-utf8.conf"
run_ttlwatch --offline -o "$tmp/not-utf8/out" --now 2026-03-22T08:15:00Z \
    "$utf8_dir"
assert_status 3 "line not UTF-8: exit status"
assert_field "$tmp/not-utf8/out/ttlwatch.csv" not-utf8 state error
assert_match "not-utf8\.conf:6: .*UTF-8" \
    "$(csv_field "$tmp/not-utf8/out/ttlwatch.csv" not-utf8 notes)" \
    "line not UTF-8: the notes name file and line"
assert_valid_junit "$tmp/not-utf8/out/ttlwatch.junit.xml" "line not UTF-8"
assert_lacks "$tmp/not-utf8/out/ttlwatch.junit.xml" "$(printf '\377')" \
    "line not UTF-8: byte 0xff is not written into the JUnit report"

note "text cells that a spreadsheet would run get a leading apostrophe"
run_fixture formula-guard
assert_status 2 "formula guard: exit status"
assert_field "$csv" f1-hyperlink token_label \
    "'=HYPERLINK(\"http://x\",\"renew\")"
assert_field "$csv" f2-minus token_label "'-prod"
assert_field "$csv" f3-plus token_label "'+1"
assert_field "$csv" f4-at token_label "'@x"
assert_field "$csv" f5-name-formula tenant_name "'=1+2"
assert_field "$csv" "'-lead-dash" tenant_id "'-lead-dash"
assert_field "$csv" f6-inner-dash token_label "prod-1"
assert_field "$csv" f6-inner-dash tenant_name "Acme - Prod"
for id in f1-hyperlink f2-minus f3-plus f4-at f5-name-formula; do
	assert_field "$csv" "$id" days_left -3
done
assert_contains "$csv" ",'-prod,critical,-3,2026-03-19T08:15:00Z," \
    "formula guard: days_left -3 is written without an apostrophe"

note "ids and notes taken from file names get the apostrophe too"
# Without an id, a row is named after its file, and its notes start with
# the path as given: here a bare file name.
names_dir=$tmp/formula-names
mkdir -p "$names_dir"
tab=$(printf '\t')
cr=$(printf '\r')
for name in "=SUM(1)" "+plus" "@at" "${tab}tab" "${cr}cr"; do
	printf '[token]\nkind = api-token\n' >"$names_dir/$name.conf"
done
run_ttlwatch_in "$names_dir" --offline -o "$tmp/formula-names-out" \
    --now 2026-03-22T08:15:00Z "=SUM(1).conf" "+plus.conf" "@at.conf" \
    "${tab}tab.conf" "${cr}cr.conf"
csv=$tmp/formula-names-out/ttlwatch.csv
assert_status 3 "formula names: exit status"
for name in "=SUM(1)" "+plus" "@at" "${tab}tab" "${cr}cr"; do
	prefix="'$name.conf: "
	notes=$(csv_field "$csv" "'$name" notes)
	assert_field "$csv" "'$name" state error
	assert_equal "$prefix" "${notes:0:${#prefix}}" \
	    "formula names: the notes of '$name' start with an apostrophe"
done

note "a date-time without an offset is an error naming file, line and value"
run_fixture missing-offset
assert_status 3 "missing offset: exit status"
for id in m1-expires-at m2-expires-at-fraction m3-created-at \
    m4-consented-at m5-reported-expiry m6-reported-at; do
	assert_field "$csv" "$id" state error
done
assert_contains "$stderr_file" \
    "ttlwatch: tenants/m1-expires-at.conf:7: invalid expires_at '2026-03-26T09:00:00': no UTC offset" \
    "missing offset: diagnostic with file, line and value"
assert_match "^tenants/m1-expires-at\.conf:7: .*'2026-03-26T09:00:00'" \
    "$(csv_field "$csv" m1-expires-at notes)" \
    "missing offset: the notes name file, line and value"
assert_contains "$stderr_file" \
    "ttlwatch: tenants/m5-reported-expiry.conf:10: invalid reported_expiry '2026-03-26T09:00:00'" \
    "missing offset: a reported date-time without an offset is rejected too"
assert_diagnostics_form "missing offset"

run_ttlwatch --offline -o "$tmp/now-offset" --now 2026-03-22T08:15:00 \
    "$fixtures/cases/worked-example-warn/tenants"
assert_status 64 "--now without an offset: exit status"
assert_contains "$stderr_file" "2026-03-22T08:15:00" \
    "--now without an offset: the message names the value"
assert_no_file "$tmp/now-offset/ttlwatch.csv" \
    "--now without an offset: no report"

note "a ttl without a unit is an error that asks for one"
run_fixture ttl-units
assert_status 3 "ttl units: exit status"
assert_field "$csv" t1-bare-number state error
assert_match "invalid ttl '365'.*unit.*d, h, m or s" \
    "$(csv_field "$csv" t1-bare-number notes)" \
    "bare ttl: the notes say ttl needs a unit"
assert_contains "$stderr_file" "ttlwatch: tenants/t1-bare-number.conf:8: invalid ttl '365'" \
    "bare ttl: diagnostic with file, line and value"
assert_field "$csv" t2-unknown-unit state error
for id in t3-days t4-hours t5-minutes t6-seconds; do
	assert_row "$id" warn 4 2026-03-26T09:00:00Z
done
assert_diagnostics_form "ttl units"

finish
