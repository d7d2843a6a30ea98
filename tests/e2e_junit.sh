#!/bin/bash
# The JUnit report: it validates against the project's schema
# (tests/schema/junit.xsd) with every state present, its counts match its
# test cases, each failure and error carries its finding both as message
# and as text, and --junit-fail-on critical lets warn pass. The schema is
# itself checked: it accepts a known-good document and rejects documents
# that break one rule each.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

require_xmllint

note "the schema accepts a valid document and rejects broken ones"
assert_valid_junit "$fixtures/junit/valid.xml" "schema: known-good document"
for doc in "$fixtures"/junit/invalid/*.xml; do
	if "$XMLLINT" --noout --schema "$schema" "$doc" >/dev/null 2>&1; then
		fail "schema: $(basename "$doc") validates but must be rejected"
	fi
done

# assert_xpath FILE EXPRESSION EXPECTED WHAT
assert_xpath() {
	assert_equal "$3" "$(xpath "$1" "$2")" "$4"
}

# assert_counts_match FILE WHAT: the testsuite's counts agree with its
# test cases.
assert_counts_match() {
	local suite='//testsuites/testsuite'
	local attribute element

	assert_xpath "$1" "string($suite/@tests)" \
	    "$(xpath "$1" "count($suite/testcase)")" "$2: tests"
	for attribute in failures errors skipped; do
		case $attribute in
		failures) element=failure ;;
		errors) element=error ;;
		skipped) element=skipped ;;
		esac
		assert_xpath "$1" "string($suite/@$attribute)" \
		    "$(xpath "$1" "count($suite/testcase/$element)")" \
		    "$2: $attribute"
	done
}

# assert_outcome FILE TENANT ELEMENT TYPE: the test case of TENANT contains
# one ELEMENT (failure, error, skipped) of TYPE, or nothing for "pass".
assert_outcome() {
	local testcase="//testcase[@classname=\"ttlwatch.$2\"]"

	assert_xpath "$1" "count($testcase)" 1 "$2: one test case"
	assert_xpath "$1" "string($testcase/@name)" "token expiry" \
	    "$2: test case name"
	if [ "$3" = pass ]; then
		assert_xpath "$1" "count($testcase/*)" 0 "$2: passes"
		return
	fi
	assert_xpath "$1" "count($testcase/*)" 1 "$2: exactly one outcome"
	assert_xpath "$1" "count($testcase/$3)" 1 "$2: outcome is <$3>"
	if [ -n "$4" ]; then
		assert_xpath "$1" "string($testcase/$3/@type)" "$4" \
		    "$2: <$3> type"
	fi
}

note "a run with every state"
out=$tmp/every-state
run_case "$fixtures/cases/every-state" "$out"
junit=$out/ttlwatch.junit.xml
assert_status 2 "every state: exit status"
assert_valid_junit "$junit" "every state"
assert_counts_match "$junit" "every state"
assert_xpath "$junit" "string(//testsuite/@tests)" 6 "every state: tests"
assert_xpath "$junit" "string(//testsuite/@failures)" 2 \
    "every state: failures (warn and critical)"
assert_xpath "$junit" "string(//testsuite/@errors)" 2 \
    "every state: errors (unknown and error)"
assert_xpath "$junit" "string(//testsuite/@skipped)" 1 "every state: skipped"
assert_xpath "$junit" "count(/testsuites/@*)" 0 \
    "every state: <testsuites> has no attributes"
assert_xpath "$junit" "count(/testsuites/testsuite)" 1 \
    "every state: one <testsuite>"
assert_xpath "$junit" "string(//testsuite/@name)" ttlwatch \
    "every state: testsuite name"
assert_xpath "$junit" "string(//testsuite/@id)" 0 "every state: testsuite id"
assert_xpath "$junit" "string(//testsuite/@timestamp)" 2026-03-22T08:15:00 \
    "every state: timestamp is the run's instant in UTC without a zone"
assert_outcome "$junit" s1-healthy pass ""
assert_outcome "$junit" s2-warn failure warn
assert_outcome "$junit" s3-critical failure critical
assert_outcome "$junit" s4-unknown error unknown
assert_outcome "$junit" s5-error error error
assert_outcome "$junit" s6-skipped skipped ""

note "the finding is both the message and the text"
assert_xpath "$junit" "count(//failure[not(@message)] | //error[not(@message)])" 0 \
    "every state: each failure and error has a message"
assert_xpath "$junit" "count(//failure[@message != string(.)] | //error[@message != string(.)])" 0 \
    "every state: each failure and error has its message as text"
assert_xpath "$junit" "string(//testcase[@classname=\"ttlwatch.s2-warn\"]/failure)" \
    "expires in 4 days (2026-03-26T09:00:00Z)" "every state: the warn finding"
assert_match "2026-03-20T00:00:00Z" \
    "$(xpath "$junit" 'string(//testcase[@classname="ttlwatch.s3-critical"]/failure/@message)')" \
    "every state: the critical finding names the expiry"
assert_match "tenants/s5-error\.conf:3: .*'maybe'" \
    "$(xpath "$junit" 'string(//testcase[@classname="ttlwatch.s5-error"]/error/@message)')" \
    "every state: the error finding names file, line and value"

note "test cases come in the order the tenants were read"
order=
for i in 1 2 3 4 5 6; do
	order="$order $(xpath "$junit" "string(//testsuite/testcase[$i]/@classname)")"
done
assert_equal " ttlwatch.s1-healthy ttlwatch.s2-warn ttlwatch.s3-critical ttlwatch.s4-unknown ttlwatch.s5-error ttlwatch.s6-skipped" \
    "$order" "every state: test case order"

note "the worked example: expires in 4 days"
run_case "$fixtures/cases/worked-example-warn" "$tmp/worked"
assert_xpath "$tmp/worked/ttlwatch.junit.xml" "string(//failure/@message)" \
    "expires in 4 days (2026-03-26T09:00:00Z)" "worked example: finding"
assert_valid_junit "$tmp/worked/ttlwatch.junit.xml" "worked example"

note "--junit-fail-on critical lets warn pass"
out=$tmp/fail-on-critical
read_args "$fixtures/cases/every-state/args"
run_ttlwatch_in "$fixtures/cases/every-state" --offline -o "$out" \
    --junit-fail-on critical "${args[@]}" tenants
junit=$out/ttlwatch.junit.xml
assert_status 2 "--junit-fail-on critical: the exit status does not change"
assert_valid_junit "$junit" "--junit-fail-on critical"
assert_counts_match "$junit" "--junit-fail-on critical"
assert_xpath "$junit" "string(//testsuite/@failures)" 1 \
    "--junit-fail-on critical: failures (critical only)"
assert_xpath "$junit" "string(//testsuite/@errors)" 2 \
    "--junit-fail-on critical: errors"
assert_outcome "$junit" s1-healthy pass ""
assert_outcome "$junit" s2-warn pass ""
assert_outcome "$junit" s3-critical failure critical
assert_outcome "$junit" s4-unknown error unknown
assert_outcome "$junit" s5-error error error
assert_outcome "$junit" s6-skipped skipped ""
assert_same_file "$fixtures/cases/every-state/expected.csv" "$out/ttlwatch.csv" \
    "--junit-fail-on critical: the CSV does not change"

note "--junit-fail-on warn is the default"
out=$tmp/fail-on-warn
run_ttlwatch_in "$fixtures/cases/every-state" --offline -o "$out" \
    --junit-fail-on warn "${args[@]}" tenants
assert_status 2 "--junit-fail-on warn: exit status"
sed 's/ time="[^"]*"/ time="T"/g' "$tmp/every-state/ttlwatch.junit.xml" \
    >"$tmp/default.xml"
sed 's/ time="[^"]*"/ time="T"/g' "$out/ttlwatch.junit.xml" >"$tmp/warn.xml"
assert_same_file "$tmp/default.xml" "$tmp/warn.xml" \
    "--junit-fail-on warn: the same report as the default, times aside"

note "every fixture's JUnit report validates"
for dir in "$fixtures"/cases/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	run_case "$dir" "$tmp/all/$name"
	assert_valid_junit "$tmp/all/$name/ttlwatch.junit.xml" "$name"
	assert_counts_match "$tmp/all/$name/ttlwatch.junit.xml" "$name"
done

finish
