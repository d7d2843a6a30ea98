#!/bin/bash
# Benchmark of live lookups: N dc-pat tenants spread evenly over H
# loopback addresses of one tests/live/server.py process that responds
# to each request after L seconds. ttlwatch runs RUNS times for each J in
# JOBS_LIST. For each J the script prints the median wall time, the floor
# N*L/J that no scheduler can beat, their ratio, the peak RSS, the median
# CPU time and the requests the server saw.
#
# Two control runs check that the server is not the limit: ttlwatch on
# twice as many addresses, and curl's own parallel transfers on the same
# URLs.
#
# Run from a build directory (or set TTLWATCH):
#     ../bench/live.sh
# Settings, from the environment: N (1000), DELAY_MS (100), HOSTS (4),
# RUNS (5), JOBS_LIST ("16 4 32"), CONTROL_JOBS ("16 32"), and TIME_BIN
# (/usr/bin/time, the GNU time that reports the peak RSS).
set -eu

N=${N:-1000}
DELAY_MS=${DELAY_MS:-100}
HOSTS=${HOSTS:-4}
RUNS=${RUNS:-5}
JOBS_LIST=${JOBS_LIST:-16 4 32}
CONTROL_JOBS=${CONTROL_JOBS:-16 32}
PYTHON3=${PYTHON3:-python3}
TIME_BIN=${TIME_BIN:-/usr/bin/time}

srcdir=$(cd "$(dirname "$0")/.." && pwd)
ttlwatch=${TTLWATCH:-./src/ttlwatch}
server=$srcdir/tests/live/server.py
now=2026-03-22T08:15:00Z

if [ ! -x "$ttlwatch" ]; then
	echo "live.sh: $ttlwatch not found; run from a build directory or" \
	    "set TTLWATCH" >&2
	exit 1
fi
ttlwatch=$(cd "$(dirname "$ttlwatch")" && pwd)/$(basename "$ttlwatch")
if [ "$HOSTS" -lt 1 ] || [ "$HOSTS" -gt 63 ]; then
	echo "live.sh: HOSTS must be 1 to 63 (the control run uses twice" \
	    "as many addresses)" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ttlwatch-bench.XXXXXX")
server_pid=
stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		server_pid=
	fi
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

export LC_ALL=C TZ=UTC

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# start_server ADDRESS_COUNT: one server on 127.0.0.1 .. 127.0.0.COUNT,
# all on one port, which is stored in $port.
start_server() {
	local i tries=0
	local args=()

	for i in $(seq 1 "$1"); do
		args+=(--address "127.0.0.$i")
	done
	rm -f "$tmp/port"
	: >"$tmp/requests.log"
	"$PYTHON3" "$server" --scenarios "$tmp/scenarios.json" \
	    --log "$tmp/requests.log" --port-file "$tmp/port" \
	    --lifetime 3600 "${args[@]}" &
	server_pid=$!
	while [ ! -s "$tmp/port" ]; do
		if ! kill -0 "$server_pid" 2>/dev/null || [ "$tries" -ge 100 ]
		then
			echo "live.sh: the test server did not start" >&2
			exit 1
		fi
		sleep 0.1
		tries=$((tries + 1))
	done
	port=$(cat "$tmp/port")
}

# make_tenants DIR HOST_COUNT: N dc-pat tenants, tenant i on address
# 127.0.0.(i mod HOST_COUNT + 1).
make_tenants() {
	local dir=$1 hosts=$2 i id site

	rm -rf "$dir"
	mkdir -p "$dir"
	for i in $(seq 1 "$N"); do
		printf -v id 'bench-%05d' "$i"
		site=http://127.0.0.$((i % hosts + 1)):$port/s/bench
		printf '[tenant]\nid = %s\n\n' "$id" >"$dir/$id.conf"
		printf '[token]\nkind = dc-pat\nlabel = Bench token\nsite = %s\n\n' \
		    "$site" >>"$dir/$id.conf"
		printf '[source]\ntype = dc-pat\nsecret_file = %s\n' \
		    "$tmp/pat.key" >>"$dir/$id.conf"
	done
}

# median: the middle of the numbers on standard input (the lower middle
# for an even count).
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# cpu_ms FILE: the children's CPU time, user and system, in ms, from the
# output of the builtin times in FILE.
cpu_ms() {
	awk 'NR == 2 {
		split($1, user, /[ms]/)
		split($2, kernel, /[ms]/)
		printf "%d\n", (user[1] * 60 + user[2] + kernel[1] * 60 + \
		    kernel[2]) * 1000
	}' "$1"
}

# run_measured COMMAND...: run COMMAND and write its peak RSS in kB to
# $tmp/rss and its CPU time in ms to $tmp/cpu. $TIME_BIN -v measures the
# RSS when present, else the script samples VmHWM from /proc while the
# command runs.
run_measured() {
	local status=0 pid hwm=0 value

	# times runs in this shell, not in a command substitution, because
	# a subshell starts with zero child times.
	times >"$tmp/times-before"
	if [ -x "$TIME_BIN" ]; then
		"$TIME_BIN" -v -o "$tmp/time.out" "$@" >"$tmp/stdout" \
		    2>"$tmp/stderr" || status=$?
		awk -F': ' '/Maximum resident set size/ { print $2 }' \
		    "$tmp/time.out" >"$tmp/rss"
	else
		"$@" >"$tmp/stdout" 2>"$tmp/stderr" &
		pid=$!
		while kill -0 "$pid" 2>/dev/null; do
			value=$(awk '/^VmHWM:/ { print $2 }' \
			    "/proc/$pid/status" 2>/dev/null || true)
			if [ -n "$value" ] && [ "$value" -gt "$hwm" ]; then
				hwm=$value
			fi
			sleep 0.05
		done
		wait "$pid" || status=$?
		echo "$hwm" >"$tmp/rss"
	fi
	times >"$tmp/times-after"
	echo $(($(cpu_ms "$tmp/times-after") - $(cpu_ms "$tmp/times-before"))) \
	    >"$tmp/cpu"
	return "$status"
}

# floor_seconds J: N*L/J in seconds, two decimals.
floor_seconds() {
	awk -v n="$N" -v l="$DELAY_MS" -v j="$1" \
	    'BEGIN { printf "%.2f", n * l / 1000 / j }'
}

header() {
	printf '%5s %4s %3s %5s %8s %7s %5s %10s %5s %6s %6s %8s   %s\n' \
	    N L J hosts "median s" "floor s" ratio "host floor" ratio \
	    "RSS kB" "CPU s" requests "wall ms of each run"
}

# bench_jobs J DIR HOST_COUNT: run ttlwatch --jobs J on DIR RUNS times and
# print one result line.
bench_jobs() {
	local jobs=$1 dir=$2 hosts=$3
	local run start elapsed before after status reachable

	: >"$tmp/walls"
	: >"$tmp/rsses"
	: >"$tmp/cpus"
	: >"$tmp/requests"
	for run in $(seq 1 "$RUNS"); do
		before=$(wc -l <"$tmp/requests.log")
		start=$(now_ms)
		status=0
		run_measured "$ttlwatch" --now "$now" --jobs "$jobs" \
		    -o "$tmp/out" "$dir" || status=$?
		elapsed=$(($(now_ms) - start))
		after=$(wc -l <"$tmp/requests.log")
		if [ "$status" -ne 0 ]; then
			echo "live.sh: ttlwatch exited with $status" \
			    "(expected 0: every tenant healthy)" >&2
			sed 's/^/    /' "$tmp/stderr" >&2
			exit 1
		fi
		echo "$elapsed" >>"$tmp/walls"
		cat "$tmp/rss" >>"$tmp/rsses"
		cat "$tmp/cpu" >>"$tmp/cpus"
		echo $((after - before)) >>"$tmp/requests"
	done

	# At most 4 lookups go to one host, so J above 4 * hosts is never
	# reached, and the floor for the hosts uses the lower of the two.
	reachable=$((jobs < hosts * 4 ? jobs : hosts * 4))
	awk -v n="$N" -v l="$DELAY_MS" -v j="$jobs" -v h="$hosts" \
	    -v wall="$(median <"$tmp/walls")" \
	    -v floor="$(floor_seconds "$jobs")" \
	    -v reach="$(floor_seconds "$reachable")" \
	    -v rss="$(sort -n "$tmp/rsses" | tail -1)" \
	    -v cpu="$(median <"$tmp/cpus")" \
	    -v req="$(sort -n "$tmp/requests" | uniq | paste -sd/)" \
	    -v all="$(paste -sd' ' "$tmp/walls")" 'BEGIN {
		printf "%5d %4.2f %3d %5d %8.2f %7.2f %5.2f %10.2f %5.2f %6d %6.2f %8s   %s\n",
		    n, l / 1000, j, h, wall / 1000, floor, wall / 1000 / floor,
		    reach, wall / 1000 / reach, rss, cpu / 1000, req, all
	}'
}

# bench_curl J: curl's own parallel transfers, J at a time, on the URLs
# the tenants use, RUNS times.
bench_curl() {
	local jobs=$1 i run start

	for i in $(seq 1 "$N"); do
		printf 'url = "http://127.0.0.%d:%s/s/bench/rest/pat/latest/tokens"\n' \
		    $((i % HOSTS + 1)) "$port"
		printf 'output = "/dev/null"\n'
	done >"$tmp/curl.cfg"
	: >"$tmp/walls"
	for run in $(seq 1 "$RUNS"); do
		start=$(now_ms)
		curl --silent --show-error --no-progress-meter --parallel \
		    --parallel-max "$jobs" -H "Authorization: Bearer bench-pat" \
		    --config "$tmp/curl.cfg"
		echo $(($(now_ms) - start)) >>"$tmp/walls"
	done
	awk -v n="$N" -v j="$jobs" -v h="$HOSTS" \
	    -v wall="$(median <"$tmp/walls")" \
	    -v floor="$(floor_seconds "$jobs")" \
	    -v all="$(paste -sd' ' "$tmp/walls")" 'BEGIN {
		printf "curl: N %d, J %d, hosts %d: median %.2f s, floor %.2f s, ratio %.2f (wall ms of each run: %s)\n",
		    n, j, h, wall / 1000, floor, wall / 1000 / floor, all
	}'
}

# The one scenario: a token list after DELAY_MS, with the one token.
cat >"$tmp/scenarios.json" <<EOF
{"bench": {"delay_ms": $DELAY_MS, "require_auth": "Bearer bench-pat",
           "json": [{"id": 1, "name": "Bench token",
                     "expiringAt": "2026-04-10T00:00:00Z"}]}}
EOF
(umask 077 && echo bench-pat >"$tmp/pat.key")

control_hosts=$((HOSTS * 2))
start_server "$control_hosts"
make_tenants "$tmp/tenants" "$HOSTS"

echo "# ttlwatch live lookups, $(date -u +%Y-%m-%dT%H:%M:%SZ):" \
    "$(nproc) CPUs," \
    "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)," \
    "$("$ttlwatch" --version | head -1)"
echo "# floor = N*L/J; host floor = N*L/min(J, 4*hosts), because at most" \
    "4 lookups go to one host at a time"
header
for jobs in $JOBS_LIST; do
	bench_jobs "$jobs" "$tmp/tenants" "$HOSTS"
done

echo "# control: the same number of tenants over $control_hosts addresses"
make_tenants "$tmp/tenants-wide" "$control_hosts"
header
for jobs in $CONTROL_JOBS; do
	bench_jobs "$jobs" "$tmp/tenants-wide" "$control_hosts"
done

if command -v curl >/dev/null 2>&1; then
	echo "# control: curl --parallel on the same URLs, without ttlwatch"
	for jobs in $CONTROL_JOBS; do
		bench_curl "$jobs"
	done
else
	echo "# control: curl not found, so the curl control was skipped"
fi
