#!/bin/bash
# A catalogue of bad input, each entry with the exact diagnostic it must
# produce. Every tenant entry runs beside two valid tenants: the bad file
# becomes one row in state error whose notes carry the diagnostic, the
# valid tenants are still evaluated, and the three reports are written.
# Reported-expiry CSV entries cover both kinds of failure: a file that
# cannot be used stops the run with exit 64 before any report is
# replaced, and a bad row is skipped with a warning while the run goes on.
#
# Diagnostics are compared as whole lines, with the temporary folder in
# the expected text, and standard error must contain no other lines.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

catalogue=$fixtures/catalogue
. "$catalogue/runtime-entries.sh"
now=(--now 2026-03-22T08:15:00Z)

# The fixtures are copied so that links, folders and permission changes
# can be added beside them, and so messages name a path under $tmp.
entries=$tmp/entries
neighbours=$tmp/neighbours
reported=$tmp/reported
cp -R "$catalogue/entries" "$entries"
cp -R "$catalogue/neighbours" "$neighbours"
cp -R "$catalogue/reported" "$reported"
chmod -R u+w "$entries" "$neighbours" "$reported"
catalogue_add_runtime_entries "$entries"

# csv_column FILE COLUMN: print COLUMN of every data row, one per line,
# taking its position from the header. Understands quoted fields, doubled
# quotes and CRLF line ends; a value must not contain a line break.
csv_column() {
	awk -v want="$2" '
	function parse(record,    i, c, field, quoted) {
		n = 0
		field = ""
		quoted = 0
		for (i = 1; i <= length(record); i++) {
			c = substr(record, i, 1)
			if (quoted && c == "\"" && substr(record, i + 1, 1) == "\"") {
				field = field c
				i++
			} else if (c == "\"") {
				quoted = !quoted
			} else if (c == "," && !quoted) {
				cells[++n] = field
				field = ""
			} else {
				field = field c
			}
		}
		cells[++n] = field
	}
	{
		sub(/\r$/, "")
		parse($0)
		if (NR == 1) {
			for (i = 1; i <= n; i++)
				if (cells[i] == want)
					column = i
			next
		}
		if (column)
			print cells[column]
	}
	' "$1"
}

# assert_stderr_lines WHAT LINE...: each LINE is a whole line of the last
# run's standard error, and standard error contains nothing else.
assert_stderr_lines() {
	local what=$1 line actual

	shift
	for line in "$@"; do
		if ! grep -Fxq -- "$line" "$stderr_file"; then
			fail "$what: expected this whole line on standard error"
			printf '  expected: %s\n' "$line" >&2
			sed 's/^/  actual:   /' "$stderr_file" >&2
		fi
	done
	actual=$(wc -l <"$stderr_file")
	if [ "$actual" -ne $# ]; then
		fail "$what: expected $# line(s) on standard error, got $actual"
		sed 's/^/    /' "$stderr_file" >&2
	fi
}

# assert_neighbours CSV WHAT: the valid tenants of every run are evaluated
# as if they ran alone.
assert_neighbours() {
	assert_equal healthy "$(csv_field "$1" neighbour-healthy state)" \
	    "$2: neighbour-healthy state"
	assert_equal 294 "$(csv_field "$1" neighbour-healthy days_left)" \
	    "$2: neighbour-healthy days_left"
	assert_equal warn "$(csv_field "$1" neighbour-warn state)" \
	    "$2: neighbour-warn state"
	assert_equal 4 "$(csv_field "$1" neighbour-warn days_left)" \
	    "$2: neighbour-warn days_left"
}

# assert_reports_written DIR WHAT: the three reports exist, and the JUnit
# report validates when xmllint is available.
assert_reports_written() {
	assert_file_exists "$1/ttlwatch.csv" "$2: CSV report"
	assert_file_exists "$1/ttlwatch.html" "$2: HTML report"
	assert_file_exists "$1/ttlwatch.junit.xml" "$2: JUnit report"
	if command -v "$XMLLINT" >/dev/null 2>&1; then
		assert_valid_junit "$1/ttlwatch.junit.xml" "$2"
	fi
}

# join_notes LINE...: the notes an error row carries for these
# diagnostics: each without the program's prefix, joined by "; ".
join_notes() {
	local line notes=

	for line in "$@"; do
		notes="$notes${notes:+; }${line#ttlwatch: }"
	done
	printf '%s' "$notes"
}

# run_entry NAME: run the entry folder NAME beside the valid tenants;
# the reports go to $out and the CSV is $csv.
run_entry() {
	out=$tmp/out/$1
	csv=$out/ttlwatch.csv
	run_ttlwatch --offline "${now[@]}" -o "$out" "$neighbours" \
	    "$entries/$1"
}

# check_error_entry NAME LINE...: the tenant file NAME/NAME.conf becomes
# an error row whose notes are exactly the diagnostics LINE... Standard
# error contains those lines and no others, and the run exits 3.
check_error_entry() {
	local name=$1

	shift
	run_entry "$name"
	assert_status 3 "$name"
	assert_stderr_lines "$name" "$@"
	assert_field "$csv" "$name" state error
	assert_field "$csv" "$name" days_left ""
	assert_field "$csv" "$name" notes "$(join_notes "$@")"
	assert_neighbours "$csv" "$name"
	assert_reports_written "$out" "$name"
}

# The reports of a good run, kept to prove that a run stopped by a
# file-level error replaces none of them.
kept=$tmp/kept
run_ttlwatch --offline "${now[@]}" -o "$kept" "$neighbours"
assert_status 1 "baseline run"
mkdir -p "$tmp/kept-copy"
cp "$kept"/ttlwatch.* "$tmp/kept-copy/"

# assert_kept_unchanged WHAT: exit 64 left the kept reports as they were,
# with no temporary files, and printed no summary.
assert_kept_unchanged() {
	local f

	for f in ttlwatch.csv ttlwatch.html ttlwatch.junit.xml; do
		assert_same_file "$tmp/kept-copy/$f" "$kept/$f" "$1: $f unchanged"
	done
	assert_equal "ttlwatch.csv ttlwatch.html ttlwatch.junit.xml " \
	    "$(cd "$kept" && ls -A | LC_ALL=C sort | tr '\n' ' ')" \
	    "$1: no other files in the output folder"
	assert_equal "" "$(cat "$stdout_file")" "$1: no summary"
}

note "files that are not text"
e=$entries
check_error_entry empty \
    "ttlwatch: $e/empty/empty.conf: the file is empty; a tenant needs at least [tenant] id and [token] kind"
# The binary file is 1024 pseudo-random bytes (see the catalogue's
# README), and its first line already contains a NUL byte. Once a file is
# known not to be text, messages about its later lines and about missing
# keys are only noise.
check_error_entry binary-junk \
    "ttlwatch: $e/binary-junk/binary-junk.conf:1: the line contains a NUL byte; this is not a text file"
check_error_entry nul-byte \
    "ttlwatch: $e/nul-byte/nul-byte.conf:4: the line contains a NUL byte; this is not a text file"
check_error_entry long-line \
    "ttlwatch: $e/long-line/long-line.conf:4: the line is 1048583 bytes long; the limit is 196"
check_error_entry invalid-utf8-name \
    "ttlwatch: $e/invalid-utf8-name/invalid-utf8-name.conf:4: the line is not valid UTF-8; save the file as UTF-8"

note "keys given twice"
check_error_entry duplicate-key \
    "ttlwatch: $e/duplicate-key/duplicate-key.conf:9: duplicate key 'expires_at' in [token]; the first is on line 8"

note "markup in a name and a label is data"
run_entry markup-in-text
assert_status 1 "markup"
assert_stderr_lines "markup"
assert_field "$csv" markup-in-text state healthy
assert_field "$csv" markup-in-text tenant_name "<script>alert(1)</script>"
assert_field "$csv" markup-in-text token_label "<b>"
assert_contains "$out/ttlwatch.html" "&lt;script&gt;alert(1)&lt;/script&gt;" \
    "markup: the name is escaped in HTML"
assert_contains "$out/ttlwatch.html" "&lt;b&gt;" \
    "markup: the label is escaped in HTML"
if grep -qi '<script' "$out/ttlwatch.html"; then
	fail "markup: the HTML report contains a script element"
fi
assert_neighbours "$csv" "markup"
assert_reports_written "$out" "markup"

note "dates and times that do not exist"
check_error_entry date-feb-30 \
    "ttlwatch: $e/date-feb-30/date-feb-30.conf:8: invalid created_at '2026-02-30T09:00:00Z': no such day in the calendar"
check_error_entry date-month-13 \
    "ttlwatch: $e/date-month-13/date-month-13.conf:8: invalid created_at '2026-13-01T09:00:00Z': no such day in the calendar"
check_error_entry time-hour-24 \
    "ttlwatch: $e/time-hour-24/time-hour-24.conf:8: invalid created_at '2026-03-01T24:00:00Z': no such time of day (hours 00-23, minutes and seconds 00-59)"
check_error_entry time-second-60 \
    "ttlwatch: $e/time-second-60/time-second-60.conf:8: invalid created_at '2026-03-01T23:59:60Z': no such time of day (hours 00-23, minutes and seconds 00-59)"
check_error_entry reported-expiry-feb-30 \
    "ttlwatch: $e/reported-expiry-feb-30/reported-expiry-feb-30.conf:11: invalid reported_expiry '2026-02-30': no such day in the calendar"

note "UTC offsets beyond 14 hours"
check_error_entry offset-plus-1401 \
    "ttlwatch: $e/offset-plus-1401/offset-plus-1401.conf:8: invalid created_at '2026-03-01T09:00:00+14:01': the UTC offset must be between -14:00 and +14:00"
check_error_entry offset-minus-1500 \
    "ttlwatch: $e/offset-minus-1500/offset-minus-1500.conf:8: invalid created_at '2026-03-01T09:00:00-15:00': the UTC offset must be between -14:00 and +14:00"

note "years outside 1970 to 9999"
check_error_entry year-1969 \
    "ttlwatch: $e/year-1969/year-1969.conf:8: invalid created_at '1969-12-31T23:59:59Z': the year must be between 1970 and 9999"
# A five-digit year is well formed; the message must name the range it
# breaks, as it does for 1969, not ask for another form.
check_error_entry year-10000 \
    "ttlwatch: $e/year-10000/year-10000.conf:8: invalid expires_at '10000-01-01T00:00:00Z': the year must be between 1970 and 9999"
check_error_entry epoch-negative \
    "ttlwatch: $e/epoch-negative/epoch-negative.conf:8: invalid created_at '-1': instants before 1970 are not supported"
check_error_entry offset-before-1970 \
    "ttlwatch: $e/offset-before-1970/offset-before-1970.conf:8: invalid created_at '1970-01-01T00:00:00+01:00': outside the years 1970 to 9999 in UTC"
check_error_entry offset-after-9999 \
    "ttlwatch: $e/offset-after-9999/offset-after-9999.conf:8: invalid expires_at '9999-12-31T23:30:00-01:00': outside the years 1970 to 9999 in UTC"

note "lifetimes of zero, below zero and beyond any integer"
check_error_entry ttl-zero \
    "ttlwatch: $e/ttl-zero/ttl-zero.conf:9: invalid ttl '0d': a duration must be longer than zero"
check_error_entry ttl-negative \
    "ttlwatch: $e/ttl-negative/ttl-negative.conf:9: invalid ttl '-1d': a duration cannot be negative"
check_error_entry ttl-overflow \
    "ttlwatch: $e/ttl-overflow/ttl-overflow.conf:9: invalid ttl '99999999999999999999d': the duration is longer than 100 years"

note "zone names that are paths"
check_error_entry zone-absolute-path \
    "ttlwatch: $e/zone-absolute-path/zone-absolute-path.conf:4: invalid timezone '/etc/passwd': a zone is a name such as Europe/London, not a path"
check_error_entry zone-parent-path \
    "ttlwatch: $e/zone-parent-path/zone-parent-path.conf:4: invalid timezone '../../etc/passwd': a zone is a name such as Europe/London, not a path"
check_error_entry zone-dot-dot-inside \
    "ttlwatch: $e/zone-dot-dot-inside/zone-dot-dot-inside.conf:4: invalid timezone 'Europe/../UTC': a zone is a name such as Europe/London, not a path"
check_error_entry zone-double-slash \
    "ttlwatch: $e/zone-double-slash/zone-double-slash.conf:4: invalid timezone 'Europe//London': a zone is a name such as Europe/London, not a path"

note "tenant files that cannot be read"
# Root reads a file whatever its mode bits are, so chmod 000 proves
# nothing there. A folder named like a tenant file and a link to nothing
# cannot be read by anyone, so they run for every user. The mode-000 file
# runs only when the mode bits actually stop this user.
mkdir -p "$e/unreadable"
printf '[tenant]\nid = unreadable\n\n[token]\nkind = api-token\nexpires_at = 2026-06-01T00:00:00Z\n' \
    >"$e/unreadable/unreadable.conf"
chmod 000 "$e/unreadable/unreadable.conf"
if cat "$e/unreadable/unreadable.conf" >/dev/null 2>&1; then
	note "mode 000 does not stop this user (root): that entry is skipped"
else
	check_error_entry unreadable \
	    "ttlwatch: cannot open '$e/unreadable/unreadable.conf': Permission denied"
fi
chmod 644 "$e/unreadable/unreadable.conf"

# A directory is not a tenant file, whatever its name: it is skipped, and
# ttlwatch reports that the folder, which contains nothing else, has no
# configurations.
run_entry directory-as-conf
assert_status 1 "directory named like a tenant file"
assert_stderr_lines "directory named like a tenant file" \
    "ttlwatch: no tenant configurations (*.conf) in '$e/directory-as-conf'"
assert_neighbours "$csv" "directory named like a tenant file"
assert_reports_written "$out" "directory named like a tenant file"

check_error_entry fifo \
    "ttlwatch: cannot open '$e/fifo/fifo.conf': not a regular file"

check_error_entry dangling-symlink \
    "ttlwatch: cannot open '$e/dangling-symlink/dangling-symlink.conf': No such file or directory"

run_entry symlink-loop
loop_a="ttlwatch: cannot open '$e/symlink-loop/loop-a.conf': Too many levels of symbolic links"
loop_b="ttlwatch: cannot open '$e/symlink-loop/loop-b.conf': Too many levels of symbolic links"
assert_status 3 "symlink loop"
assert_stderr_lines "symlink loop" "$loop_a" "$loop_b"
assert_field "$csv" loop-a state error
assert_field "$csv" loop-a notes "$(join_notes "$loop_a")"
assert_field "$csv" loop-b state error
assert_field "$csv" loop-b notes "$(join_notes "$loop_b")"
assert_neighbours "$csv" "symlink loop"
assert_reports_written "$out" "symlink loop"

note "a tenant id used by two files"
run_entry duplicate-id
line="ttlwatch: $e/duplicate-id/second.conf:3: duplicate tenant id 'duplicate-id'; '$e/duplicate-id/first.conf' already uses it, so give this tenant an id of its own"
assert_status 3 "duplicate id"
assert_stderr_lines "duplicate id" "$line"
assert_equal "neighbour-healthy neighbour-warn duplicate-id duplicate-id " \
    "$(csv_column "$csv" tenant_id | tr '\n' ' ')" "duplicate id: the rows"
assert_equal "healthy warn healthy error " \
    "$(csv_column "$csv" state | tr '\n' ' ')" \
    "duplicate id: the first file keeps the id, the second is an error"
assert_equal "$(join_notes "$line")" "$(csv_column "$csv" notes | tail -n 1)" \
    "duplicate id: the error row's notes"
assert_reports_written "$out" "duplicate id"

note "command lines that name no tenant: exit 64, reports kept"
mkdir -p "$tmp/no-configs"
: >"$tmp/no-configs/notes.txt"
cp "$neighbours/neighbour-healthy.conf" "$tmp/no-configs/.hidden.conf"
run_ttlwatch --offline "${now[@]}" -o "$kept" "$tmp/no-configs"
assert_status 64 "folder with no configs"
assert_stderr_lines "folder with no configs" \
    "ttlwatch: no tenant configurations (*.conf) in '$tmp/no-configs'" \
    "ttlwatch: no tenants to check; give tenant files or a directory of *.conf files"
assert_kept_unchanged "folder with no configs"

run_ttlwatch --offline "${now[@]}" -o "$kept" "$neighbours" \
    "$tmp/no-such-folder"
assert_status 64 "missing tenant folder"
assert_stderr_lines "missing tenant folder" \
    "ttlwatch: cannot open '$tmp/no-such-folder': No such file or directory"
assert_kept_unchanged "missing tenant folder"

# check_reported_fatal NAME LINE...: reported/NAME.csv cannot be used:
# exit 64 with exactly LINE... and the kept reports untouched.
check_reported_fatal() {
	local name=$1

	shift
	run_ttlwatch --offline "${now[@]}" -o "$kept" \
	    -r "$reported/$name.csv" "$neighbours"
	assert_status 64 "reported $name"
	assert_stderr_lines "reported $name" "$@"
	assert_kept_unchanged "reported $name"
}

# check_reported_row NAME LINE...: a row of reported/NAME.csv is skipped
# with exactly the warnings LINE...; the run carries on and exits 1.
check_reported_row() {
	local name=$1

	shift
	out=$tmp/out/reported-$name
	csv=$out/ttlwatch.csv
	run_ttlwatch --offline "${now[@]}" -o "$out" \
	    -r "$reported/$name.csv" "$neighbours"
	assert_status 1 "reported $name"
	assert_stderr_lines "reported $name" "$@"
	assert_neighbours "$csv" "reported $name"
	assert_reports_written "$out" "reported $name"
}

note "reported-expiry files that cannot be used: exit 64"
r=$reported
check_reported_fatal empty \
    "ttlwatch: $r/empty.csv: the file is empty; expected a header row with tenant_id and expires"
check_reported_fatal header-without-expires \
    "ttlwatch: $r/header-without-expires.csv:1: missing required column 'expires'; the header needs tenant_id and expires"
check_reported_fatal unclosed-quote \
    "ttlwatch: $r/unclosed-quote.csv:2: malformed CSV: a quoted field is not closed"
check_reported_fatal stray-quote \
    "ttlwatch: $r/stray-quote.csv:2: malformed CSV (error parsing data while strict checking enabled); check the quotes on this line"
check_reported_fatal no-such-file \
    "ttlwatch: cannot open '$r/no-such-file.csv': No such file or directory"

note "reported-expiry rows that are skipped: a warning, the run goes on"
check_reported_row ragged-row \
    "ttlwatch: $r/ragged-row.csv:2: the row has 3 fields but the header has 2; row skipped"
assert_field "$csv" neighbour-warn atlassian_expiry ""
assert_field "$csv" neighbour-healthy atlassian_expiry 2027-01-10

check_reported_row invalid-utf8-field \
    "ttlwatch: $r/invalid-utf8-field.csv:2: field 3 is not valid UTF-8; row skipped"
assert_field "$csv" neighbour-warn atlassian_expiry ""
assert_field "$csv" neighbour-healthy atlassian_expiry 2027-01-10

check_reported_row invalid-expires \
    "ttlwatch: $r/invalid-expires.csv:2: invalid expires '2026-02-30': no such day in the calendar; row skipped"
assert_field "$csv" neighbour-warn atlassian_expiry ""
assert_field "$csv" neighbour-healthy atlassian_expiry 2027-01-10

check_reported_row unknown-tenant \
    "ttlwatch: $r/unknown-tenant.csv:2: unknown tenant 'no-such-tenant'; row skipped"
assert_field "$csv" neighbour-warn atlassian_expiry 2026-03-26

check_reported_row second-row \
    "ttlwatch: $r/second-row.csv:3: second row for tenant 'neighbour-warn' (the first is at $r/second-row.csv:2); row skipped"
assert_field "$csv" neighbour-warn atlassian_expiry 2026-03-26
assert_field "$csv" neighbour-warn reconciliation match

note "a byte order mark and CRLF line ends are valid"
check_reported_row bom-crlf
assert_field "$csv" neighbour-warn atlassian_expiry 2026-03-26
assert_field "$csv" neighbour-warn reconciliation match
assert_field "$csv" neighbour-healthy atlassian_expiry ""

finish
