#!/bin/bash
# Writing the reports and reading the command line. A run that cannot
# write its reports exits 73, leaves the previous reports as they were and
# leaves no temporary files behind. -o creates missing folders, --format
# picks the reports, and the defaults are ./tenants and ./reports. Invalid
# paths and option values exit 64 with a message that names the value.
# --help and --version exit 0.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

now=(--now 2026-03-22T08:15:00Z)
first=$fixtures/cases/every-state/tenants
second=$fixtures/cases/worked-example-warn/tenants
reports="ttlwatch.csv ttlwatch.html ttlwatch.junit.xml"

# assert_only_reports DIR WHAT: DIR contains the three reports and no
# temporary or hidden files.
assert_only_reports() {
	local listing

	listing=$(cd "$1" && ls -A | LC_ALL=C sort | tr '\n' ' ')
	assert_equal "ttlwatch.csv ttlwatch.html ttlwatch.junit.xml " \
	    "$listing" "$2: the folder holds the three reports and nothing else"
}

# save_reports DIR COPY: copy the reports of DIR to COPY.
save_reports() {
	mkdir -p "$2"
	for f in $reports; do
		cp "$1/$f" "$2/$f"
	done
}

# assert_reports_unchanged DIR COPY WHAT
assert_reports_unchanged() {
	for f in $reports; do
		assert_same_file "$2/$f" "$1/$f" "$3: $f is unchanged"
	done
}

note "a successful run writes the three reports and nothing else"
out=$tmp/reports
run_ttlwatch --offline -o "$out" "${now[@]}" "$first"
assert_status 2 "first run"
assert_only_reports "$out" "first run"
save_reports "$out" "$tmp/saved"

note "an unwritable output folder: exit 73, previous reports intact"
chmod 0555 "$out"
if touch "$out/.probe" 2>/dev/null; then
	# Root ignores the permission bits, so this check proves nothing here.
	rm -f "$out/.probe"
	note "running as root: the read-only folder check is skipped"
else
	run_ttlwatch --offline -o "$out" "${now[@]}" "$second"
	assert_status 73 "read-only folder"
	assert_contains "$stderr_file" "'$out'" \
	    "read-only folder: the message names the folder"
	assert_reports_unchanged "$out" "$tmp/saved" "read-only folder"
	assert_only_reports "$out" "read-only folder"
	assert_equal "" "$(cat "$stdout_file")" \
	    "read-only folder: no summary for reports that were not written"
fi
chmod 0755 "$out"

note "an output folder under a regular file: exit 73"
: >"$tmp/file"
run_ttlwatch --offline -o "$tmp/file/out" "${now[@]}" "$second"
assert_status 73 "output folder under a regular file"
assert_contains "$stderr_file" "$tmp/file/out" \
    "output folder under a regular file: the message names the folder"
assert_equal "" "$(cat "$tmp/file")" \
    "output folder under a regular file: the file is untouched"
assert_reports_unchanged "$out" "$tmp/saved" \
    "output folder under a regular file"

note "a report that cannot be replaced: exit 73, no report replaced"
# A directory in place of one report makes its rename fail, even for
# root. The run must not replace the other two and then give up.
for blocked in $reports; do
	dir=$tmp/blocked/$blocked
	run_ttlwatch --offline -o "$dir" "${now[@]}" "$first"
	save_reports "$dir" "$tmp/blocked-saved/$blocked"
	rm "$dir/$blocked"
	mkdir "$dir/$blocked"
	run_ttlwatch --offline -o "$dir" "${now[@]}" "$second"
	assert_status 73 "$blocked replaced by a directory"
	assert_contains "$stderr_file" "$blocked" \
	    "$blocked replaced by a directory: the message names the report"
	for f in $reports; do
		if [ "$f" = "$blocked" ]; then
			continue
		fi
		assert_same_file "$tmp/blocked-saved/$blocked/$f" "$dir/$f" \
		    "$blocked replaced by a directory: $f is unchanged"
	done
	assert_equal "$reports " "$(cd "$dir" && ls -A | LC_ALL=C sort |
	    tr '\n' ' ')" \
	    "$blocked replaced by a directory: no temporary files left behind"
done

note "-o creates missing parent folders"
run_ttlwatch --offline -o "$tmp/new/parent/reports" "${now[@]}" "$second"
assert_status 1 "-o with missing parents"
assert_only_reports "$tmp/new/parent/reports" "-o with missing parents"

note "the defaults: ./tenants in, ./reports out"
mkdir -p "$tmp/cwd"
cp -R "$second" "$tmp/cwd/tenants"
chmod -R u+w "$tmp/cwd"
run_ttlwatch_in "$tmp/cwd" --offline "${now[@]}"
assert_status 1 "default paths"
assert_only_reports "$tmp/cwd/reports" "default paths"
assert_same_file "$fixtures/cases/worked-example-warn/expected.csv" \
    "$tmp/cwd/reports/ttlwatch.csv" "default paths: the CSV"

note "--format picks the reports"
for format in csv html junit csv,junit junit,html,csv; do
	dir=$tmp/format-$format
	run_ttlwatch --offline -o "$dir" "${now[@]}" --format "$format" \
	    "$second"
	assert_status 1 "--format $format"
	# The listing is sorted, and so is this list: csv, html, junit.
	expected=
	case ,$format, in
	*,csv,*) expected="${expected}ttlwatch.csv " ;;
	esac
	case ,$format, in
	*,html,*) expected="${expected}ttlwatch.html " ;;
	esac
	case ,$format, in
	*,junit,*) expected="${expected}ttlwatch.junit.xml " ;;
	esac
	assert_equal "$expected" "$(cd "$dir" && ls -A | LC_ALL=C sort |
	    tr '\n' ' ')" "--format $format: the reports written"
done
assert_same_file "$fixtures/cases/worked-example-warn/expected.csv" \
    "$tmp/format-csv/ttlwatch.csv" "--format csv: the CSV"

note "a path that does not exist: exit 64"
run_ttlwatch --offline -o "$tmp/missing-path" "${now[@]}" \
    "$tmp/no-such-folder"
assert_status 64 "nonexistent path"
assert_contains "$stderr_file" "$tmp/no-such-folder" \
    "nonexistent path: the message names the path"
assert_no_file "$tmp/missing-path/ttlwatch.csv" "nonexistent path: no report"
run_ttlwatch --offline -o "$tmp/missing-path" "${now[@]}" "$second" \
    "$tmp/no-such-file.conf"
assert_status 64 "nonexistent path beside a valid one"
assert_contains "$stderr_file" "$tmp/no-such-file.conf" \
    "nonexistent path beside a valid one: the message names the path"
assert_no_file "$tmp/missing-path/ttlwatch.csv" \
    "nonexistent path beside a valid one: no report"

note "invalid option values: exit 64, message names the value"
# Each entry is OPTION VALUE.
while read -r option value; do
	dir=$tmp/usage
	run_ttlwatch --offline -o "$dir" "${now[@]}" "$option" "$value" \
	    "$second"
	assert_status 64 "$option $value"
	assert_contains "$stderr_file" "$value" \
	    "$option $value: the message names the value"
	assert_contains "$stderr_file" "$option" \
	    "$option $value: the message names the option"
	assert_no_file "$dir/ttlwatch.csv" "$option $value: no report"
	assert_equal "" "$(cat "$stdout_file")" \
	    "$option $value: nothing on standard output"
done <<'EOF'
--warn-days 0
--warn-days 366
--warn-days -1
--warn-days 7d
--warn-days seven
--now junk
--now 2026-02-30T00:00:00Z
--now 2026-03-22
--format pdf
--format csv,pdf
--junit-fail-on maybe
--junit-fail-on healthy
--jobs 0
EOF

run_ttlwatch --offline -o "$tmp/usage" --no-such-option "$second"
assert_status 64 "unknown option"
assert_contains "$stderr_file" "no-such-option" \
    "unknown option: the message names the option"
assert_no_file "$tmp/usage/ttlwatch.csv" "unknown option: no report"

note "--help and --version"
run_ttlwatch --help
assert_status 0 "--help"
assert_contains "$stdout_file" "Usage: ttlwatch" "--help: usage on stdout"
assert_equal "" "$(cat "$stderr_file")" "--help: nothing on standard error"
run_ttlwatch -h
assert_status 0 "-h"
run_ttlwatch --version
assert_status 0 "--version"
assert_match '^ttlwatch [0-9]+\.[0-9]+' "$(head -n 1 "$stdout_file")" \
    "--version: name and version on the first line"
run_ttlwatch -V
assert_status 0 "-V"
run_ttlwatch_in "$tmp" --help -o "$tmp/help-out"
assert_no_file "$tmp/help-out/ttlwatch.csv" "--help: no report"

finish
