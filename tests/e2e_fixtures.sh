#!/bin/bash
# Run the program on every fixture folder in tests/fixtures/cases. Its
# ttlwatch.csv must equal the folder's expected.csv (shown as diff -u) and
# its exit status expected.status. Where the folder has an expected.stdout,
# the summary line on standard output must equal it too.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

cases=0

for dir in "$fixtures"/cases/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	out=$tmp/out/$name
	cases=$((cases + 1))

	if [ ! -f "$dir/expected.csv" ] || [ ! -f "$dir/expected.status" ]; then
		fail "$name: the fixture needs expected.csv and expected.status"
		continue
	fi
	note "$name"
	run_case "$dir" "$out"

	assert_status "$(cat "$dir/expected.status")" "$name: exit status"
	assert_same_file "$dir/expected.csv" "$out/ttlwatch.csv" \
	    "$name: ttlwatch.csv differs from expected.csv"
	if [ -f "$dir/expected.stdout" ]; then
		assert_same_file "$dir/expected.stdout" "$stdout_file" \
		    "$name: the summary on standard output"
	fi
done

if [ "$cases" -eq 0 ]; then
	fail "no fixture folders found under $fixtures/cases"
fi

# The reported-expiry CSV and the [atlassian] key feed the same rules, so
# the two forms of the reconciliation examples expect the same report.
assert_same_file "$fixtures/cases/reconcile-config-key/expected.csv" \
    "$fixtures/cases/reconcile-reported-csv/expected.csv" \
    "reconciliation through the config key and through --reported agree"

finish
