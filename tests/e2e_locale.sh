#!/bin/bash
# The reports do not depend on the caller's locale or time zone. Under a
# locale whose decimal separator is a comma (de_DE.UTF-8, built into a
# private LOCPATH) every JUnit time keeps its decimal point, the CSV is
# byte for byte the one written under LC_ALL=C, and a directory is still
# read in byte order. Under TZ=UTC, America/Los_Angeles and
# Pacific/Kiritimati (UTC-8/-7 and UTC+14) every fixture's CSV and JUnit
# report are the same.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

require_xmllint

if ! command -v localedef >/dev/null 2>&1; then
	skip "localedef not found"
fi

locale_dir=$tmp/locale
mkdir -p "$locale_dir"
localedef -i de_DE -f UTF-8 "$locale_dir/de_DE.UTF-8" \
    >"$tmp/localedef.out" 2>&1 || true
if [ ! -f "$locale_dir/de_DE.UTF-8/LC_NUMERIC" ]; then
	fail "localedef could not build de_DE.UTF-8:"
	sed 's/^/    /' "$tmp/localedef.out" >&2
	finish
fi
german=(LC_ALL=de_DE.UTF-8 "LOCPATH=$locale_dir")

# The check below is worthless unless the locale really writes commas.
assert_equal "1,5" "$(env "${german[@]}" printf '%.1f' 1.5)" \
    "de_DE.UTF-8 from LOCPATH writes a decimal comma"

# normalise_times FILE: the JUnit report with every time value replaced,
# so that two runs can be compared even if they took different times.
normalise_times() {
	sed 's/ time="[^"]*"/ time="T"/g' "$1"
}

note "JUnit times and the CSV under a decimal-comma locale"
for name in every-state reconcile-config-key read-order; do
	dir=$fixtures/cases/$name

	ttlwatch_env=()
	run_case "$dir" "$tmp/c/$name"
	assert_status "$(cat "$dir/expected.status")" "$name under C"

	ttlwatch_env=("${german[@]}")
	run_case "$dir" "$tmp/de/$name"
	ttlwatch_env=()
	assert_status "$(cat "$dir/expected.status")" "$name under de_DE.UTF-8"

	junit=$tmp/de/$name/ttlwatch.junit.xml
	assert_valid_junit "$junit" "$name under de_DE.UTF-8"
	times=$(grep -o ' time="[^"]*"' "$junit" | sed 's/ time="\(.*\)"/\1/')
	if [ -z "$times" ]; then
		fail "$name: no time attributes in the JUnit report"
	fi
	for t in $times; do
		assert_match '^[0-9]+\.[0-9]{3}$' "$t" \
		    "$name under de_DE.UTF-8: JUnit time with a decimal point"
	done
	assert_same_file "$tmp/c/$name/ttlwatch.csv" \
	    "$tmp/de/$name/ttlwatch.csv" \
	    "$name: the CSV under de_DE.UTF-8 is the one written under C"
	normalise_times "$tmp/c/$name/ttlwatch.junit.xml" >"$tmp/c-junit.xml"
	normalise_times "$junit" >"$tmp/de-junit.xml"
	assert_same_file "$tmp/c-junit.xml" "$tmp/de-junit.xml" \
	    "$name: the JUnit report under de_DE.UTF-8 is the one written under C"
done

note "the CSV does not depend on the process's time zone"
for dir in "$fixtures"/cases/*/; do
	dir=${dir%/}
	name=$(basename "$dir")

	ttlwatch_env=(TZ=UTC)
	run_case "$dir" "$tmp/tz-utc/$name"
	for zone in America/Los_Angeles Pacific/Kiritimati; do
		ttlwatch_env=("TZ=$zone")
		run_case "$dir" "$tmp/tz-$zone/$name"
		assert_same_file "$tmp/tz-utc/$name/ttlwatch.csv" \
		    "$tmp/tz-$zone/$name/ttlwatch.csv" \
		    "$name: the CSV under TZ=$zone is the one written under TZ=UTC"
		normalise_times "$tmp/tz-utc/$name/ttlwatch.junit.xml" \
		    >"$tmp/utc-junit.xml"
		normalise_times "$tmp/tz-$zone/$name/ttlwatch.junit.xml" \
		    >"$tmp/zone-junit.xml"
		assert_same_file "$tmp/utc-junit.xml" "$tmp/zone-junit.xml" \
		    "$name: the JUnit report under TZ=$zone is the one written under TZ=UTC"
	done

	# Both at once, the decimal comma and a far-off zone.
	ttlwatch_env=("${german[@]}" TZ=Pacific/Kiritimati)
	run_case "$dir" "$tmp/tz-german/$name"
	assert_same_file "$tmp/tz-utc/$name/ttlwatch.csv" \
	    "$tmp/tz-german/$name/ttlwatch.csv" \
	    "$name: the CSV under de_DE.UTF-8 and TZ=Pacific/Kiritimati"
	ttlwatch_env=()
done

finish
