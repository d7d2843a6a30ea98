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
