#!/bin/bash
# The shipped examples. Together, examples/tenants show every state, so a
# run on them at the documented instant exits 2 because one is critical.
# It writes all three reports, a JUnit file that validates and one CSV row
# per tenant file. Every file in examples/invalid becomes an error row.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

require_xmllint

examples=$top_srcdir/examples
now=(--now 2026-03-22T08:15:00Z)

if [ ! -d "$examples/tenants" ] || [ ! -d "$examples/invalid" ]; then
	fail "examples/tenants and examples/invalid must both exist"
	finish
fi

# count_conf DIR: the number of *.conf files in DIR that are not hidden.
count_conf() {
	local n=0 f

	for f in "$1"/*.conf; do
		if [ -f "$f" ]; then
			n=$((n + 1))
		fi
	done
	echo "$n"
}

# states FILE: the distinct states in the CSV report FILE, on one line.
states() {
	csv_column "$1" state | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}

reported=()
if [ -f "$examples/reported.csv" ]; then
	reported=(--reported examples/reported.csv)
fi

note "examples/tenants"
out=$tmp/tenants
run_ttlwatch_in "$top_srcdir" --offline -o "$out" "${now[@]}" \
    ${reported[@]+"${reported[@]}"} examples/tenants
csv=$out/ttlwatch.csv
assert_status 2 "examples/tenants"
for f in ttlwatch.csv ttlwatch.html ttlwatch.junit.xml; do
	assert_file_exists "$out/$f" "examples/tenants: $f"
done
assert_valid_junit "$out/ttlwatch.junit.xml" "examples/tenants"
assert_equal "$(count_conf "$examples/tenants")" "$(csv_rows "$csv")" \
    "examples/tenants: one CSV row per tenant file"
found=$(states "$csv")
for state in healthy warn critical unknown error skipped; do
	case " $found " in
	*" $state "*) ;;
	*) fail "examples/tenants: no tenant is $state (states: $found)" ;;
	esac
done

note "examples/invalid"
out=$tmp/invalid
run_ttlwatch_in "$top_srcdir" --offline -o "$out" "${now[@]}" \
    examples/invalid
csv=$out/ttlwatch.csv
assert_status 3 "examples/invalid"
assert_valid_junit "$out/ttlwatch.junit.xml" "examples/invalid"
assert_equal "$(count_conf "$examples/invalid")" "$(csv_rows "$csv")" \
    "examples/invalid: one CSV row per file"
assert_equal "error" "$(states "$csv")" "examples/invalid: every row is an error"
for f in "$examples"/invalid/*.conf; do
	name=$(basename "$f")
	# Every error row's notes start with the file it comes from.
	assert_contains "$csv" "examples/invalid/$name" \
	    "examples/invalid: $name has an error row naming the file"
done

finish
