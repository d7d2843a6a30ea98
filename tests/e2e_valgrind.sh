#!/bin/bash
# The program under Valgrind's memcheck must show no invalid read or
# write, no use of an uninitialised value and no definitely or indirectly
# lost block. It runs on the examples, with all reports and with the CSV
# report only, and on the bad-input catalogue: the tenant files and the
# reported-expiry files, including those that stop the run. Skips when
# valgrind is missing, and when the program was built with
# AddressSanitizer, which cannot run under valgrind.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
	skip "valgrind not found"
fi
if nm "$ttlwatch" 2>/dev/null | grep -q __asan_init ||
    ldd "$ttlwatch" 2>/dev/null | grep -q libasan; then
	skip "$ttlwatch is built with sanitizers; valgrind cannot run it"
fi

catalogue=$fixtures/catalogue
. "$catalogue/runtime-entries.sh"
examples=$top_srcdir/examples
now=(--now 2026-03-22T08:15:00Z)
runs=0

# run_memcheck WHAT STATUS ARG...: run the program under memcheck with
# ARG...; the program must exit with STATUS and valgrind must report no
# error and no definitely or indirectly lost block. Valgrind's own exit
# status 99 means it found an error, leaks of those kinds included.
run_memcheck() {
	local what=$1 expected=$2 log

	shift 2
	runs=$((runs + 1))
	log=$tmp/memcheck-$runs.log
	stdout_file=$tmp/stdout
	stderr_file=$tmp/stderr
	status=0
	valgrind --tool=memcheck --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	    --track-fds=no --log-file="$log" \
	    "$ttlwatch" "$@" >"$stdout_file" 2>"$stderr_file" || status=$?

	if [ "$status" = 99 ]; then
		fail "$what: valgrind reports errors"
		sed 's/^/    /' "$log" >&2
		return
	fi
	assert_status "$expected" "$what"
	if ! grep -q 'ERROR SUMMARY: 0 errors from 0 contexts' "$log"; then
		fail "$what: valgrind did not report zero errors"
		sed 's/^/    /' "$log" >&2
	fi
	if grep -Eq '(definitely|indirectly) lost: [1-9]' "$log"; then
		fail "$what: memory definitely or indirectly lost"
		sed 's/^/    /' "$log" >&2
	fi
}

note "the examples, all three reports"
run_memcheck "examples" 2 --offline "${now[@]}" -o "$tmp/examples" \
    -r "$examples/reported.csv" "$examples/tenants"
assert_file_exists "$tmp/examples/ttlwatch.html" "examples: HTML report"

note "the examples, CSV report only"
run_memcheck "examples, --format csv" 2 --offline "${now[@]}" \
    -o "$tmp/examples-csv" --format csv -r "$examples/reported.csv" \
    "$examples/tenants"
assert_file_exists "$tmp/examples-csv/ttlwatch.csv" "--format csv: CSV report"
assert_no_file "$tmp/examples-csv/ttlwatch.html" "--format csv: no HTML"

note "every catalogue entry in one run, with the reported rows it skips"
entries=$tmp/entries
cp -R "$catalogue/entries" "$entries"
chmod -R u+w "$entries"
catalogue_add_runtime_entries "$entries"
reported=()
for name in ragged-row invalid-utf8-field invalid-expires unknown-tenant \
    second-row bom-crlf; do
	reported+=(-r "$catalogue/reported/$name.csv")
done
run_memcheck "catalogue" 3 --offline "${now[@]}" -o "$tmp/catalogue" \
    "${reported[@]}" "$catalogue/neighbours" "$entries"/*/
assert_file_exists "$tmp/catalogue/ttlwatch.junit.xml" \
    "catalogue: JUnit report"

note "reported-expiry files that stop the run"
for name in empty header-without-expires unclosed-quote stray-quote; do
	run_memcheck "reported $name" 64 --offline "${now[@]}" \
	    -o "$tmp/stopped" -r "$catalogue/reported/$name.csv" \
	    "$catalogue/neighbours"
done
assert_no_file "$tmp/stopped/ttlwatch.csv" "stopped runs: no report"

finish
