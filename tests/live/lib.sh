# Shell helpers for the tests that run the loopback stand-in for
# Atlassian's APIs (tests/live/server.py). Source after tests/lib.sh.

server=$top_srcdir/tests/live/server.py
server_pid=
server_log=$tmp/requests.log

# stop_server: stop the stand-in, if it runs; also done on exit.
stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		server_pid=
	fi
}
trap 'stop_server; cleanup' EXIT

# wait_for_server: wait until the stand-in started in the background as
# $server_pid has written $tmp/port, then set $port. Fails the test if the
# server dies or takes more than 10 s.
wait_for_server() {
	local tries=0

	while [ ! -s "$tmp/port" ]; do
		if ! kill -0 "$server_pid" 2>/dev/null || [ "$tries" -ge 100 ]
		then
			echo "$test_name: the test server did not start" >&2
			exit 1
		fi
		sleep 0.1
		tries=$((tries + 1))
	done
	port=$(cat "$tmp/port")
}
