#!/bin/sh
# Build the libFuzzer targets with clang and run each for SECONDS
# (default 60). Crashes are kept in the build directory's fuzz/artifacts
# and make the script fail; turn each into a regression input under
# tests/fuzz/regressions/TARGET/.
#
# usage: run.sh SRCDIR BUILDDIR [SECONDS]
set -eu

srcdir=$1
builddir=$2
seconds=${3:-60}
cc=${CLANG:-clang}
out=$builddir/fuzz
mkdir -p "$out/artifacts"

cflags="-std=c11 -g -O1 -D_DEFAULT_SOURCE -DTTLWATCH_VERSION=\"fuzz\"
-DTTLWATCH_PKGDATADIR=\"/nonexistent\" -I$srcdir/src
-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
$(pkg-config --cflags libcurl libxml-2.0 inih jansson)"
libs="$(pkg-config --libs libcurl libxml-2.0 inih jansson) -lcsv"
sources=$(ls "$srcdir"/src/*.c | grep -v '/main\.c$')

status=0
for target in config time reported json; do
	bin=$out/fuzz_$target
	# shellcheck disable=SC2086
	$cc $cflags -o "$bin" "$srcdir/tests/fuzz/fuzz_$target.c" $sources $libs
	corpus=$out/corpus_$target
	mkdir -p "$corpus"
	cp "$srcdir/tests/fuzz/corpus/$target/"* "$corpus/" 2>/dev/null || true
	regressions=$srcdir/tests/fuzz/regressions/$target
	if [ -d "$regressions" ]; then
		"$bin" -runs=0 "$regressions"/* >/dev/null 2>&1 || {
			echo "fuzz_$target: a regression input fails" >&2
			status=1
		}
	fi
	echo "fuzz_$target: running for $seconds s"
	if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix="$out/artifacts/${target}-" "$corpus" \
	    >"$out/fuzz_$target.log" 2>&1; then
		echo "fuzz_$target: crash; see $out/fuzz_$target.log" >&2
		tail -n 40 "$out/fuzz_$target.log" >&2
		status=1
	fi
done
exit $status
