#!/bin/bash
# An output folder that runs out of space or cannot be written. The run
# must exit 73 with a message that names the folder and the operating
# system's error. The reports of the previous run must stay byte for byte
# as they were, and no temporary file (.ttlwatch.*) may be left behind.
#
# The folder is on a 128 KiB tmpfs mounted for the test, so this needs
# root. It skips when not root or when the mount fails (for example in a
# container without the capability). Folders that a non-root user cannot
# write are covered by e2e_outfile.sh.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

if [ "$(id -u)" != 0 ]; then
	skip "mounting a small tmpfs needs root"
fi

mnt=$tmp/mnt
out=$mnt/reports
mounted=false
immutable=

# Undo what the test did to the system before lib.sh removes $tmp: an
# immutable folder cannot be removed and a mount must not outlive the
# test.
release() {
	if [ -n "$immutable" ]; then
		chattr -i "$immutable" 2>/dev/null || true
	fi
	if $mounted; then
		umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
	fi
	cleanup
}
trap release EXIT

mkdir -p "$mnt"
if ! mount -t tmpfs -o size=128k tmpfs "$mnt" 2>"$tmp/mount.err"; then
	skip "cannot mount a tmpfs: $(cat "$tmp/mount.err")"
fi
mounted=true

now=(--now 2026-03-22T08:15:00Z)
few=$fixtures/catalogue/neighbours
reports="ttlwatch.csv ttlwatch.html ttlwatch.junit.xml"
page=$(getconf PAGESIZE)

# Many warn tenants, so that every row is written in full in all three
# reports and they need far more than the space left.
many=$tmp/many
mkdir -p "$many"
for i in $(seq -w 1 300); do
	printf '[tenant]\nid = tenant-%s\nname = Tenant %s of a large run\n\n[token]\nkind = api-token\nlabel = Nightly connector\nexpires_at = 2026-03-25T00:00:00Z\n' \
	    "$i" "$i" >"$many/tenant-$i.conf"
done

# assert_previous_kept WHAT: the reports of the first run are unchanged
# and the folder contains nothing else.
assert_previous_kept() {
	local f listing

	for f in $reports; do
		assert_same_file "$tmp/saved/$f" "$out/$f" "$1: $f is unchanged"
	done
	listing=$(cd "$out" && ls -A | LC_ALL=C sort | tr '\n' ' ')
	assert_equal "$reports " "$listing" \
	    "$1: the folder holds the three reports and nothing else"
	assert_equal "" "$(find "$mnt" -name '.ttlwatch.*' -print)" \
	    "$1: no temporary files anywhere on the filesystem"
	assert_equal "" "$(cat "$stdout_file")" "$1: no summary"
}

# assert_stderr_line WHAT LINE: LINE is a whole line of standard error.
assert_stderr_line() {
	if ! grep -Fxq -- "$2" "$stderr_file"; then
		fail "$1: expected this whole line on standard error"
		printf '  expected: %s\n' "$2" >&2
		sed 's/^/  actual:   /' "$stderr_file" >&2
	fi
}

# leave_free PAGES: shrink the filler so that PAGES pages are free.
leave_free() {
	local size

	size=$(stat -c %s "$mnt/filler")
	truncate -s $((size - $1 * page)) "$mnt/filler"
}

note "a first run with few tenants fits"
run_ttlwatch --offline "${now[@]}" -o "$out" "$few"
assert_status 1 "first run"
mkdir -p "$tmp/saved"
for f in $reports; do
	cp "$out/$f" "$tmp/saved/$f"
done

# The sizes of the large reports, from a run on the ordinary disk.
run_ttlwatch --offline "${now[@]}" -o "$tmp/large" "$many"
assert_status 1 "large run on the ordinary disk"
csv_pages=$((($(stat -c %s "$tmp/large/ttlwatch.csv") + page - 1) / page))
html_pages=$((($(stat -c %s "$tmp/large/ttlwatch.html") + page - 1) / page))

note "the filesystem is full"
dd if=/dev/zero of="$mnt/filler" bs="$page" 2>/dev/null || true
leave_free 2
run_ttlwatch --offline "${now[@]}" -o "$out" "$many"
assert_status 73 "full filesystem"
assert_stderr_line "full filesystem" \
    "ttlwatch: cannot write '$out/ttlwatch.csv': No space left on device"
assert_stderr_line "full filesystem" \
    "ttlwatch: reports not written; the previous ones in '$out' are unchanged"
assert_previous_kept "full filesystem"

note "room for the CSV report but not for the HTML report"
# The CSV is staged first and fits; the HTML report then fails, and the
# staged CSV must go too, without replacing the old one.
if [ $((csv_pages + 2)) -lt "$html_pages" ]; then
	dd if=/dev/zero of="$mnt/filler" bs="$page" oflag=append \
	    conv=notrunc 2>/dev/null || true
	leave_free $((csv_pages + 2))
	run_ttlwatch --offline "${now[@]}" -o "$out" "$many"
	assert_status 73 "full after the CSV"
	assert_stderr_line "full after the CSV" \
	    "ttlwatch: cannot write '$out/ttlwatch.html': No space left on device"
	assert_stderr_line "full after the CSV" \
	    "ttlwatch: reports not written; the previous ones in '$out' are unchanged"
	assert_previous_kept "full after the CSV"
else
	note "the large HTML report is not larger than the CSV: case skipped"
fi
rm -f "$mnt/filler"

note "an immutable output folder"
# Root ignores mode bits, so chmod 0555 would not stop it; the immutable
# attribute does, on filesystems that support it.
if chattr +i "$out" 2>/dev/null; then
	immutable=$out
	run_ttlwatch --offline "${now[@]}" -o "$out" "$many"
	assert_status 73 "immutable folder"
	assert_stderr_line "immutable folder" \
	    "ttlwatch: cannot create a file in '$out': Operation not permitted"
	assert_stderr_line "immutable folder" \
	    "ttlwatch: reports not written; the previous ones in '$out' are unchanged"
	chattr -i "$out"
	immutable=
	assert_previous_kept "immutable folder"
else
	note "chattr +i is not supported on tmpfs here: case skipped"
fi

note "an output folder on a read-only filesystem"
if mount -o remount,ro "$mnt" 2>/dev/null; then
	run_ttlwatch --offline "${now[@]}" -o "$out" "$many"
	assert_status 73 "read-only filesystem"
	assert_stderr_line "read-only filesystem" \
	    "ttlwatch: cannot create a file in '$out': Read-only file system"
	assert_stderr_line "read-only filesystem" \
	    "ttlwatch: reports not written; the previous ones in '$out' are unchanged"
	mount -o remount,rw "$mnt"
	assert_previous_kept "read-only filesystem"
else
	fail "cannot remount the test's own tmpfs read-only"
fi

note "with space again, the CSV report is replaced"
run_ttlwatch --offline "${now[@]}" -o "$out" --format csv "$many"
assert_status 1 "run after space is freed"
assert_same_file "$tmp/large/ttlwatch.csv" "$out/ttlwatch.csv" \
    "run after space is freed: the new CSV"

finish
