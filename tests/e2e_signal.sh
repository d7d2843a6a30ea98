#!/bin/bash
# A run killed with SIGTERM while it writes its reports leaves no
# temporary files behind, and the previous reports stay as they were.
set -eu
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

many=$tmp/many
out=$tmp/out
mkdir -p "$many" "$out"

# Enough tenants that writing the reports takes a noticeable time.
for i in $(seq -w 1 20000); do
	printf '[tenant]\nid = t%s\nname = Tenant %s with a longer name\n[token]\nkind = api-token\nlabel = Connector %s\nexpires_at = 2026-06-01T00:00:00Z\n' \
	    "$i" "$i" "$i" >"$many/t$i.conf"
done
printf 'previous\n' >"$out/ttlwatch.csv"

# Kill the run as soon as a staged file appears; try a few times, since
# the window can be missed on a fast machine.
seen=no
for attempt in 1 2 3 4 5; do
	"$ttlwatch" --offline --now 2026-03-22T08:15:00Z -o "$out" "$many" \
	    >/dev/null 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if compgen -G "$out/.ttlwatch.*" >/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
			seen=yes
			break
		fi
		sleep 0.005
	done
	wait "$pid" 2>/dev/null || true
	if [ "$seen" = yes ]; then
		break
	fi
	printf 'previous\n' >"$out/ttlwatch.csv"
done
if [ "$seen" = no ]; then
	note "no staged file was seen before the run ended; nothing to check"
	exit 77
fi

assert_equal "" "$(cd "$out" && ls -A | grep '^\.ttlwatch\.' || true)" \
    "no temporary files are left after SIGTERM"
assert_equal "previous" "$(cat "$out/ttlwatch.csv")" \
    "the previous CSV is intact after SIGTERM"
finish
