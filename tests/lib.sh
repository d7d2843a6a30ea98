# Shared helpers for the end-to-end tests. Each test script is a bash
# script that runs under `set -eu`, sources this file and ends with
# `finish`. Exit status: 0 pass, 1 fail, 77 skip.
#
# make check exports top_srcdir, top_builddir, XMLLINT and TIDY. A script
# run by hand finds the source tree from its own path. Fixtures are read
# from $top_srcdir and everything is written under $tmp, so the tests work
# in a VPATH build and in the read-only tree of make distcheck.

if [ -z "${top_srcdir:-}" ]; then
	top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
fi
top_builddir=${top_builddir:-$top_srcdir}
XMLLINT=${XMLLINT:-xmllint}

ttlwatch=$top_builddir/src/ttlwatch
fixtures=$top_srcdir/tests/fixtures
schema=$top_srcdir/tests/schema/junit.xsd
test_name=$(basename "$0" .sh)
failures=0

# Extra environment for the program, as NAME=VALUE words. It is empty
# unless a test sets it.
ttlwatch_env=()

# The output files of the last run_ttlwatch, and its exit status.
stdout_file=
stderr_file=
status=

cleanup() {
	if [ -n "${tmp:-}" ] && [ -d "$tmp" ]; then
		# Some tests take write permission away from their folders.
		chmod -R u+rwx "$tmp" 2>/dev/null || true
		rm -rf "$tmp"
	fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# Each test starts in the C locale and UTC whatever the caller's settings,
# and a test that needs another locale or zone sets it on purpose.
export LC_ALL=C TZ=UTC
unset LANG LANGUAGE 2>/dev/null || true

if [ ! -x "$ttlwatch" ]; then
	echo "$test_name: $ttlwatch not found; run make first" >&2
	exit 1
fi

# Print a failure and count it. The script carries on, so one run shows
# every broken check.
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# Print a progress line for the log.
note() {
	echo "# $*"
}

# Exit 77 because an optional tool is missing.
skip() {
	echo "SKIP: $*" >&2
	exit 77
}

# End the script: 1 if any check failed, else 0.
finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$test_name: $failures check(s) failed" >&2
		exit 1
	fi
	echo "$test_name: all checks passed"
	exit 0
}

# run_ttlwatch ARG...: run the program with $ttlwatch_env added to the
# environment, saving its standard output and standard error under $tmp
# and its exit status in $status.
run_ttlwatch() {
	stdout_file=$tmp/stdout
	stderr_file=$tmp/stderr
	status=0
	env ${ttlwatch_env[@]+"${ttlwatch_env[@]}"} "$ttlwatch" "$@" \
	    >"$stdout_file" 2>"$stderr_file" || status=$?
}

# run_ttlwatch_in DIR ARG...: the same, from the working directory DIR, so
# that file names in messages are relative to DIR and stable.
run_ttlwatch_in() {
	local dir=$1

	shift
	stdout_file=$tmp/stdout
	stderr_file=$tmp/stderr
	status=0
	(cd "$dir" &&
	    exec env ${ttlwatch_env[@]+"${ttlwatch_env[@]}"} "$ttlwatch" "$@") \
	    >"$stdout_file" 2>"$stderr_file" || status=$?
}

# Show what the last run printed, after a failed check.
show_output() {
	echo "--- standard output:" >&2
	cat "$stdout_file" >&2
	echo "--- standard error:" >&2
	cat "$stderr_file" >&2
	echo "---" >&2
}

# assert_status EXPECTED WHAT: the last run exited with EXPECTED.
assert_status() {
	if [ "$status" != "$1" ]; then
		fail "$2: expected exit status $1, got $status"
		show_output
	fi
}

# assert_equal EXPECTED ACTUAL WHAT
assert_equal() {
	if [ "$1" != "$2" ]; then
		fail "$3"
		printf '  expected: %s\n  actual:   %s\n' "$1" "$2" >&2
	fi
}

# assert_match EXTENDED_REGEX ACTUAL WHAT
assert_match() {
	if ! printf '%s\n' "$2" | grep -Eq -- "$1"; then
		fail "$3"
		printf '  expected to match: %s\n  actual: %s\n' "$1" "$2" >&2
	fi
}

# assert_contains FILE FIXED_STRING WHAT: some line of FILE contains the
# string.
assert_contains() {
	if [ ! -f "$1" ]; then
		fail "$3: $1 does not exist"
	elif ! grep -Fq -- "$2" "$1"; then
		fail "$3"
		printf '  expected to contain: %s\n  actual contents of %s:\n' \
		    "$2" "$1" >&2
		sed 's/^/    /' "$1" >&2
	fi
}

# assert_lacks FILE FIXED_STRING WHAT: no line of FILE contains it.
assert_lacks() {
	if [ -f "$1" ] && grep -Fq -- "$2" "$1"; then
		fail "$3"
		printf '  expected not to contain: %s\n  matching lines:\n' "$2" >&2
		grep -F -- "$2" "$1" | sed 's/^/    /' >&2
	fi
}

# assert_file_exists FILE WHAT
assert_file_exists() {
	if [ ! -f "$1" ]; then
		fail "$2: $1 does not exist"
	fi
}

# assert_no_file FILE WHAT
assert_no_file() {
	if [ -e "$1" ]; then
		fail "$2: $1 exists"
	fi
}

# assert_same_file EXPECTED ACTUAL WHAT: byte for byte, shown as diff -u.
assert_same_file() {
	if [ ! -f "$2" ]; then
		fail "$3: $2 does not exist"
	elif ! cmp -s "$1" "$2"; then
		fail "$3"
		diff -u "$1" "$2" >&2 || true
	fi
}

# assert_valid_junit FILE WHAT: FILE validates against the project's own
# JUnit schema.
assert_valid_junit() {
	if [ ! -f "$1" ]; then
		fail "$2: $1 does not exist"
	elif ! "$XMLLINT" --noout --schema "$schema" "$1" 2>"$tmp/xmllint.err"
	then
		fail "$2: $1 does not validate against tests/schema/junit.xsd"
		sed 's/^/    /' "$tmp/xmllint.err" >&2
	fi
}

# xpath FILE EXPRESSION: print the result of an XPath expression, such as
# string(//testcase[1]/@time), on the XML document FILE.
xpath() {
	"$XMLLINT" --xpath "$2" "$1" 2>/dev/null || true
}

# Stop with a failure when xmllint cannot be run. It is not optional:
# configure requires it, because the JUnit checks cannot be made without it.
require_xmllint() {
	if ! command -v "$XMLLINT" >/dev/null 2>&1; then
		fail "xmllint not found: apt-get install libxml2-utils"
		finish
	fi
}

# csv_select FILE COLUMN [TENANT_ID]: print the value of COLUMN in the row
# of TENANT_ID, or in every row when no id is given, taking the column's
# position from the header. Quoted fields, doubled quotes and CRLF line
# ends are understood. A missing row or column prints nothing.
csv_select() {
	awk -v want_column="$2" -v want_id="${3-}" -v all=$(($# < 3)) '
	# Split one RFC 4180 record into cell[1..n] and return n.
	function split_record(rec,    n, i, c, field, quoted) {
		n = 0
		field = ""
		quoted = 0
		for (i = 1; i <= length(rec); i++) {
			c = substr(rec, i, 1)
			if (quoted) {
				if (c == "\"" && substr(rec, i + 1, 1) == "\"") {
					field = field "\""
					i++
				} else if (c == "\"") {
					quoted = 0
				} else {
					field = field c
				}
			} else if (c == "\"") {
				quoted = 1
			} else if (c == ",") {
				cell[++n] = field
				field = ""
			} else {
				field = field c
			}
		}
		cell[++n] = field
		return n
	}
	# Count the quotes in s: a record goes on while the count is odd.
	function quotes(s,    t) {
		t = s
		return gsub(/"/, "", t)
	}
	{
		sub(/\r$/, "")
		record = open ? pending "\n" $0 : $0
		open = (open + quotes($0)) % 2
		if (open) {
			pending = record
			next
		}
		pending = ""
		n = split_record(record)
		if (!have_header) {
			for (i = 1; i <= n; i++)
				if (cell[i] == want_column)
					column = i
			have_header = 1
			next
		}
		if (column && all) {
			print cell[column]
		} else if (column && cell[1] == want_id) {
			print cell[column]
			exit
		}
	}
	' "$1"
}

# csv_field FILE TENANT_ID COLUMN: the value of one cell.
csv_field() {
	csv_select "$1" "$3" "$2"
}

# csv_column FILE COLUMN: the values of one column, a row per line.
csv_column() {
	csv_select "$1" "$2"
}

# assert_field FILE TENANT_ID COLUMN EXPECTED: one CSV cell has a value.
assert_field() {
	local actual

	actual=$(csv_field "$1" "$2" "$3")
	assert_equal "$4" "$actual" "$2: $3"
}

# csv_rows FILE: the number of data rows, not counting the header.
csv_rows() {
	awk '
	function quotes(s,    t) { t = s; return gsub(/"/, "", t) }
	{ open = (open + quotes($0)) % 2; if (!open) rows++ }
	END { print rows - 1 }
	' "$1"
}

# read_args FILE: fill the array args with the lines of FILE, one
# command-line argument per line. Blank lines are ignored.
read_args() {
	local line

	args=()
	if [ -f "$1" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			if [ -n "$line" ]; then
				args+=("$line")
			fi
		done <"$1"
	fi
}

# run_case DIR OUT: run the program on the fixture folder DIR (tenants/,
# optional reported.csv and args) from inside DIR, writing the reports to
# OUT. Lookups are never made: every run is --offline.
run_case() {
	local dir=$1 out=$2

	read_args "$dir/args"
	if [ -f "$dir/reported.csv" ]; then
		args+=(--reported reported.csv)
	fi
	run_ttlwatch_in "$dir" --offline -o "$out" ${args[@]+"${args[@]}"} \
	    tenants
}

# write_file PATH: copy standard input to PATH, creating its folder.
write_file() {
	mkdir -p "$(dirname "$1")"
	cat >"$1"
}
