#!/bin/bash
# The --reported CSV end to end. A byte order mark, CRLF line ends, a
# quoted newline, and reordered or unknown columns all give the same
# report as a plain file. A missing required column or an unreadable file
# stops the run with exit 64 before any report is written or replaced. A
# ragged row, an unknown or repeated tenant and a bad value each get a
# "ttlwatch: FILE:LINE: message" diagnostic, and the run goes on without
# that row. A value from the CSV wins over the tenant's reported_expiry.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

tenants=$fixtures/reported/tenants
work=$tmp/work
mkdir -p "$work"

# write_csv NAME: write standard input to $work/NAME as it is.
write_csv() {
	cat >"$work/$1"
}

# with_crlf NAME: rewrite $work/NAME with CRLF line ends.
with_crlf() {
	sed 's/$/\r/' "$work/$1" >"$work/$1.tmp"
	mv "$work/$1.tmp" "$work/$1"
}

# run_reported OUT ARG...: run on the tenants from $work, so that the
# CSV's name in messages is as given.
run_reported() {
	local out=$1

	shift
	run_ttlwatch_in "$work" --offline -o "$out" \
	    --now 2026-03-22T08:15:00Z "$@" "$tenants"
}

# assert_stderr_line FILE:LINE WORDS WHAT: standard error has a diagnostic
# for FILE:LINE that contains WORDS.
assert_stderr_line() {
	assert_contains "$stderr_file" "ttlwatch: $1: " "$3: diagnostic at $1"
	if ! grep -F "ttlwatch: $1: " "$stderr_file" | grep -Fq -- "$2"; then
		fail "$3: the diagnostic at $1 mentions '$2'"
		sed 's/^/    /' "$stderr_file" >&2
	fi
}

note "a plain CSV file"
write_csv plain.csv <<'EOF'
tenant_id,expires,timezone,reported_at,label
r1-config-key,2026-03-20,,,
r2-plain,2026-03-26T09:40:00Z,,2026-03-22T07:30:00Z,Nightly connector
r3-no-dates,2026-03-25,America/New_York,,
r4-zone-override,2026-03-27,Pacific/Auckland,,
EOF
run_reported "$tmp/plain" --reported plain.csv
baseline=$tmp/plain/ttlwatch.csv
assert_status 2 "plain CSV"
assert_equal "" "$(cat "$stderr_file")" "plain CSV: no diagnostics"
assert_field "$baseline" r1-config-key atlassian_expiry 2026-03-20
assert_field "$baseline" r1-config-key reconciliation atlassian-earlier
assert_field "$baseline" r1-config-key expires_at 2026-03-20T00:00:00Z
assert_field "$baseline" r1-config-key state critical
assert_field "$baseline" r2-plain atlassian_expiry 2026-03-26T09:40:00Z
assert_field "$baseline" r2-plain reconciliation match
assert_field "$baseline" r3-no-dates reconciliation atlassian-only
assert_field "$baseline" r3-no-dates expires_at 2026-03-25T04:00:00Z
assert_field "$baseline" r3-no-dates days_left 2
assert_field "$baseline" r4-zone-override reconciliation match

note "without the CSV, the tenant's own reported_expiry applies"
run_reported "$tmp/no-csv"
assert_status 3 "no CSV"
assert_field "$tmp/no-csv/ttlwatch.csv" r1-config-key atlassian_expiry \
    2026-04-30
assert_field "$tmp/no-csv/ttlwatch.csv" r1-config-key reconciliation \
    atlassian-later
assert_field "$tmp/no-csv/ttlwatch.csv" r4-zone-override reconciliation \
    not-reported

note "the row's timezone wins over the tenant's"
sed 's/,Pacific\/Auckland,/,,/' "$work/plain.csv" >"$work/no-zone.csv"
run_reported "$tmp/no-zone" --reported no-zone.csv
assert_field "$tmp/no-zone/ttlwatch.csv" r4-zone-override reconciliation \
    timezone-shift

# assert_like_plain NAME WHAT: the CSV file NAME gives the plain report
# without any diagnostic.
assert_like_plain() {
	run_reported "$tmp/$1" --reported "$1"
	assert_status 2 "$2"
	assert_equal "" "$(cat "$stderr_file")" "$2: no diagnostics"
	assert_same_file "$baseline" "$tmp/$1/ttlwatch.csv" \
	    "$2: the same report as a plain file"
}

note "a byte order mark, CRLF line ends, both"
{ printf '\357\273\277'; cat "$work/plain.csv"; } >"$work/bom.csv"
assert_like_plain bom.csv "byte order mark"
cp "$work/plain.csv" "$work/crlf.csv"
with_crlf crlf.csv
assert_like_plain crlf.csv "CRLF line ends"
cp "$work/bom.csv" "$work/bom-crlf.csv"
with_crlf bom-crlf.csv
assert_like_plain bom-crlf.csv "byte order mark and CRLF line ends"

note "a quoted field across two lines, in a column ttlwatch ignores"
write_csv quoted-newline.csv <<'EOF'
tenant_id,expires,timezone,reported_at,label,comment
r1-config-key,2026-03-20,,,,"checked
by hand, ""twice"""
r2-plain,2026-03-26T09:40:00Z,,2026-03-22T07:30:00Z,Nightly connector,
r3-no-dates,2026-03-25,America/New_York,,,
r4-zone-override,2026-03-27,Pacific/Auckland,,,
EOF
assert_like_plain quoted-newline.csv "quoted newline in a field"
cp "$work/quoted-newline.csv" "$work/quoted-newline-crlf.csv"
with_crlf quoted-newline-crlf.csv
assert_like_plain quoted-newline-crlf.csv \
    "quoted newline in a field, CRLF line ends"

note "a label that differs from the connector's gets a note"
write_csv other-label.csv <<'EOF'
tenant_id,expires,label
r2-plain,2026-03-26T09:40:00Z,"Backup
connector"
EOF
run_reported "$tmp/other-label" --reported other-label.csv
assert_match "labelled 'Backup.connector', but the connector's token is labelled 'Nightly connector'" \
    "$(csv_field "$tmp/other-label/ttlwatch.csv" r2-plain notes | tr '\n' '.')" \
    "label mismatch note"

note "columns in another order, and an unknown column"
write_csv reordered.csv <<'EOF'
label,reported_at,comment,timezone,expires,tenant_id
,,checked by hand,,2026-03-20,r1-config-key
Nightly connector,2026-03-22T07:30:00Z,,,2026-03-26T09:40:00Z,r2-plain
,,,America/New_York,2026-03-25,r3-no-dates
,,,Pacific/Auckland,2026-03-27,r4-zone-override
EOF
assert_like_plain reordered.csv "reordered columns"

note "only the required columns"
write_csv required-only.csv <<'EOF'
expires,tenant_id
2026-03-20,r1-config-key
EOF
run_reported "$tmp/required-only" --reported required-only.csv
assert_status 2 "required columns only"
assert_equal "" "$(cat "$stderr_file")" "required columns only: no diagnostics"
assert_field "$tmp/required-only/ttlwatch.csv" r1-config-key \
    reconciliation atlassian-earlier

note "a missing required column stops the run before any report"
for column in tenant_id expires; do
	sed "1s/$column/other/" "$work/plain.csv" >"$work/no-$column.csv"

	run_reported "$tmp/no-$column" --reported "no-$column.csv"
	assert_status 64 "missing column $column"
	assert_contains "$stderr_file" "$column" \
	    "missing column $column: the message names the column"
	assert_contains "$stderr_file" "no-$column.csv" \
	    "missing column $column: the message names the file"
	assert_no_file "$tmp/no-$column/ttlwatch.csv" \
	    "missing column $column: no report written"

	# Reports from an earlier run in the output folder are kept.
	mkdir -p "$tmp/kept-$column"
	cp -R "$tmp/plain/." "$tmp/kept-$column/"
	run_reported "$tmp/kept-$column" --reported "no-$column.csv"
	assert_status 64 "missing column $column, earlier reports"
	for f in ttlwatch.csv ttlwatch.html ttlwatch.junit.xml; do
		assert_same_file "$tmp/plain/$f" "$tmp/kept-$column/$f" \
		    "missing column $column: the earlier $f is unchanged"
	done
done

note "an empty or missing reported file stops the run"
: >"$work/empty.csv"
run_reported "$tmp/empty" --reported empty.csv
assert_status 64 "empty reported file"
assert_contains "$stderr_file" "empty.csv" \
    "empty reported file: the message names the file"
assert_no_file "$tmp/empty/ttlwatch.csv" "empty reported file: no report"
run_reported "$tmp/missing" --reported no-such-file.csv
assert_status 64 "missing reported file"
assert_contains "$stderr_file" "no-such-file.csv" \
    "missing reported file: the message names the file"
assert_no_file "$tmp/missing/ttlwatch.csv" "missing reported file: no report"

note "bad rows are reported with FILE:LINE and skipped"
write_csv bad-rows.csv <<'EOF'
tenant_id,expires,timezone,reported_at,label
r1-config-key,2026-03-20,,,
r2-plain,2026-03-26T09:40:00Z
nobody-here,2026-03-25,,,
r1-config-key,2026-01-01,,,
r3-no-dates,2026-03-25,America/New_York,,,extra
r4-zone-override,2026-03-27,Pacific/Auckland,,
EOF
run_reported "$tmp/bad-rows" --reported bad-rows.csv
csv=$tmp/bad-rows/ttlwatch.csv
assert_status 2 "bad rows: the run goes on"
assert_stderr_line bad-rows.csv:3 "fields" "row with too few fields"
assert_stderr_line bad-rows.csv:4 "nobody-here" "unknown tenant"
assert_stderr_line bad-rows.csv:5 "r1-config-key" "second row for a tenant"
assert_stderr_line bad-rows.csv:6 "fields" "row with too many fields"
assert_equal 4 "$(grep -c '^ttlwatch: bad-rows\.csv:[0-9]*: ' "$stderr_file")" \
    "bad rows: one diagnostic per bad row"
assert_field "$csv" r1-config-key atlassian_expiry 2026-03-20
assert_field "$csv" r2-plain reconciliation not-reported
assert_field "$csv" r3-no-dates state unknown
assert_field "$csv" r4-zone-override reconciliation match
assert_equal 4 "$(csv_rows "$csv")" "bad rows: one report row per tenant"

note "a bad row after a quoted newline names its physical line"
write_csv late-bad-row.csv <<'EOF'
tenant_id,expires,timezone,reported_at,label
r2-plain,2026-03-26T09:40:00Z,,,"two
lines"
nobody-here,2026-03-25,,,
EOF
run_reported "$tmp/late-bad-row" --reported late-bad-row.csv
assert_stderr_line late-bad-row.csv:4 "nobody-here" \
    "unknown tenant after a quoted newline"
assert_field "$tmp/late-bad-row/ttlwatch.csv" r2-plain reconciliation match

note "bad values in a row are reported with FILE:LINE and skipped"
write_csv bad-values.csv <<'EOF'
tenant_id,expires,timezone,reported_at,label
r1-config-key,2026-03-20T09:00:00,,,
r2-plain,2026-03-26T09:40:00Z,Europe/Berln,,
r3-no-dates,soon,,,
r4-zone-override,2026-03-27,Pacific/Auckland,yesterday,
EOF
run_reported "$tmp/bad-values" --reported bad-values.csv
csv=$tmp/bad-values/ttlwatch.csv
assert_status 3 "bad values: the run goes on"
assert_stderr_line bad-values.csv:2 "2026-03-20T09:00:00" \
    "expires without an offset"
assert_stderr_line bad-values.csv:3 "Europe/Berln" "unknown timezone"
assert_stderr_line bad-values.csv:4 "soon" "expires that is no date"
assert_stderr_line bad-values.csv:5 "yesterday" "reported_at that is no instant"
assert_field "$csv" r1-config-key atlassian_expiry 2026-04-30
assert_field "$csv" r2-plain reconciliation not-reported
assert_field "$csv" r3-no-dates state unknown
assert_field "$csv" r4-zone-override reconciliation not-reported
assert_match "^the reported row at bad-values\.csv:3 was skipped \(invalid timezone 'Europe/Berln': " \
    "$(csv_field "$csv" r2-plain notes)" \
    "a skipped row is noted in its tenant's row, which -q does not hide"

run_reported "$tmp/bad-values-quiet" -q --reported bad-values.csv
assert_equal "" "$(cat "$stderr_file")" "bad values with -q: nothing on stderr"
assert_match "^the reported row at bad-values\.csv:4 was skipped \(invalid expires 'soon': " \
    "$(csv_field "$tmp/bad-values-quiet/ttlwatch.csv" r3-no-dates notes)" \
    "bad values with -q: the note is in the report"

note "bare CR line ends count as line ends"
printf 'tenant_id,expires\rnobody-a,2026-03-25\rnobody-b,2026-03-25\r' \
    >"$work/cr.csv"
run_reported "$tmp/cr" --reported cr.csv
assert_stderr_line cr.csv:2 "nobody-a" "bare CR: first row"
assert_stderr_line cr.csv:3 "nobody-b" "bare CR: second row"

note "a header wider than 256 columns is refused"
{ printf 'tenant_id,expires'; for i in $(seq 1 300); do printf ',c%d' "$i"; done
  printf '\n'; } >"$work/wide.csv"
run_reported "$tmp/wide" --reported wide.csv
assert_status 64 "wide header"
assert_stderr_line wide.csv:1 "the header has more than 256 columns" \
    "wide header"

note "after 20 row warnings the rest are counted"
{ echo tenant_id,expires; for i in $(seq 1 25); do echo "ghost-$i,2026-03-25"; done; } \
    >"$work/ghosts.csv"
run_reported "$tmp/ghosts" --reported ghosts.csv
assert_equal 20 "$(grep -c 'unknown tenant' "$stderr_file")" \
    "ghost rows: 20 printed"
assert_contains "$stderr_file" \
    "ttlwatch: ghosts.csv: 5 more rows were skipped; the first 20 are listed above" \
    "ghost rows: the rest counted"

note "--reported may be given more than once"
head -n 3 "$work/plain.csv" >"$work/part1.csv"
{ head -n 1 "$work/plain.csv"; tail -n 2 "$work/plain.csv"; } \
    >"$work/part2.csv"
run_reported "$tmp/two-files" --reported part1.csv --reported part2.csv
assert_status 2 "two reported files"
assert_equal "" "$(cat "$stderr_file")" "two reported files: no diagnostics"
assert_same_file "$baseline" "$tmp/two-files/ttlwatch.csv" \
    "two reported files: the same report as one file"
run_reported "$tmp/same-twice" --reported part1.csv -r part1.csv
assert_status 2 "the same file twice"
assert_stderr_line part1.csv:2 "r1-config-key" \
    "the same file twice: second row for a tenant"
assert_field "$tmp/same-twice/ttlwatch.csv" r1-config-key atlassian_expiry \
    2026-03-20

finish
