#!/bin/sh
# Static analysis of src/: GCC's -fanalyzer, clang's scan-build, cppcheck
# and clang-tidy (.clang-tidy). Fails on any finding.
#
# usage: analyze.sh SRCDIR BUILDDIR
set -u

srcdir=$1
builddir=$2
out=$builddir/analyze
mkdir -p "$out"
defs="-std=c11 -D_DEFAULT_SOURCE -DTTLWATCH_VERSION=\"analyze\"
-DTTLWATCH_PKGDATADIR=\"/nonexistent\" -I$srcdir/src
$(pkg-config --cflags libcurl libxml-2.0 inih jansson)"
status=0

fail() {
	echo "analyze: $1 found problems" >&2
	status=1
}

echo "analyze: gcc -fanalyzer"
for f in "$srcdir"/src/*.c; do
	# shellcheck disable=SC2086
	gcc $defs -fanalyzer -Werror -c "$f" -o "$out/$(basename "$f").o" ||
	    fail "gcc -fanalyzer ($f)"
done

echo "analyze: scan-build"
for f in "$srcdir"/src/*.c; do
	# shellcheck disable=SC2086
	scan-build --status-bugs -o "$out/scan-build" clang $defs -c "$f" \
	    -o "$out/$(basename "$f").clang.o" >"$out/scan-build.log" 2>&1 || {
		cat "$out/scan-build.log" >&2
		fail "scan-build ($f)"
	}
done

echo "analyze: cppcheck"
# variableScope is off: declaring locals at the top of a function is the
# house style (as in OpenBSD's code), not a defect.
cppcheck --enable=warning,style,performance,portability --inline-suppr \
    --std=c11 --quiet --error-exitcode=1 --suppress=missingIncludeSystem \
    --suppress=variableScope \
    -D_DEFAULT_SOURCE -DTTLWATCH_VERSION=\"analyze\" \
    -DTTLWATCH_PKGDATADIR=\"/nonexistent\" -I "$srcdir/src" \
    "$srcdir"/src/*.c || fail cppcheck

echo "analyze: clang-tidy"
# shellcheck disable=SC2086
clang-tidy --quiet "$srcdir"/src/*.c -- $defs || fail clang-tidy

exit $status
