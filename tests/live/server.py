#!/usr/bin/env python3
"""A stand-in for Atlassian's token APIs, for ttlwatch's tests.

It listens on loopback only. Each request path starts with /s/NAME/, and
NAME picks a scenario from the JSON file given with --scenarios:

  {"NAME": {"status": 200, "json": ..., "raw": "...", "delay_ms": 0,
            "fail_first": 0, "fail_status": 503, "retry_after": "1",
            "oversize": false, "pages": {"": {...}, "CURSOR": {...}},
            "require_auth": "Bearer SECRET" or "Basic BASE64"}}

"pages" serves admin-api listings by their cursor query parameter
(the empty key is the first page). In a page, the text {origin} becomes
the scheme and Host of the request, so a links.next can be a full URL
back to this server. "require_token" is the value the form field token
must carry; with "require_auth" too, both must match.

Every request is appended to the log file as one JSON line: method, path,
scenario, whether the expected credentials came, and the form body's keys.
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
COUNTS = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The headers and the body go out in two writes. With Nagle's
    # algorithm on, the body waits for the client's delayed ACK of the
    # headers, about 40 ms on Linux, which would add to every response.
    disable_nagle_algorithm = True
    scenarios = {}
    log_path = None
    scheme = "http"

    def log_message(self, fmt, *args):
        pass

    def _scenario(self):
        parts = urlsplit(self.path)
        segments = parts.path.split("/")
        if len(segments) < 3 or segments[1] != "s":
            return None, None, parts
        return segments[2], self.scenarios.get(segments[2]), parts

    def _record(self, name, auth_ok, form):
        entry = {"method": self.command, "path": self.path,
                 "scenario": name, "auth_ok": auth_ok,
                 "form_keys": sorted(form.keys()),
                 "host": self.headers.get("Host", "")}
        with LOCK:
            with open(self.log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")

    def _send(self, status, body, headers=None):
        try:
            self._send_unchecked(status, body, headers)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first, as timeout tests make it do

    def _send_unchecked(self, status, body, headers):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer(self, name, sc, parts):
        with LOCK:
            COUNTS[name] = COUNTS.get(name, 0) + 1
            count = COUNTS[name]
        if sc.get("delay_ms"):
            time.sleep(sc["delay_ms"] / 1000.0)
        if count <= sc.get("fail_first", 0):
            headers = {}
            if "retry_after" in sc:
                headers["Retry-After"] = sc["retry_after"]
            self._send(sc.get("fail_status", 503), b'{"error":"busy"}',
                       headers)
            return
        if sc.get("oversize"):
            self._send(200, b"[" + b" " * (2 * 1024 * 1024) + b"]")
            return
        if "pages" in sc:
            cursor = parse_qs(parts.query).get("cursor", [""])[0]
            page = sc["pages"].get(cursor)
            if page is None:
                self._send(404, b'{"error":"no such page"}')
                return
            origin = "%s://%s" % (self.scheme, self.headers.get("Host", ""))
            body = json.dumps(page).replace("{origin}", origin)
            self._send(200, body.encode())
            return
        if "raw" in sc:
            body = sc["raw"].encode()
        else:
            body = json.dumps(sc.get("json", {})).encode()
        headers = {}
        if "retry_after" in sc and "fail_first" not in sc:
            headers["Retry-After"] = sc["retry_after"]
        self._send(sc.get("status", 200), body, headers)

    def _handle(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        raw = self.rfile.read(length) if length else b""
        form = parse_qs(raw.decode("utf-8", "replace"))
        name, sc, parts = self._scenario()
        if sc is None:
            self._record(name, False, form)
            self._send(404, b'{"error":"unknown scenario"}')
            return
        want = sc.get("require_auth")
        auth_ok = want is None or self.headers.get("Authorization") == want
        if "require_token" in sc:
            auth_ok = auth_ok and \
                form.get("token", [""])[0] == sc["require_token"]
        self._record(name, auth_ok, form)
        if not auth_ok:
            self._send(401, b'{"error":"unauthorized"}')
            return
        self._answer(name, sc, parts)

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenarios", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--address", action="append", default=[])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--lifetime", type=float, default=600.0)
    args = parser.parse_args()

    with open(args.scenarios, encoding="utf-8") as f:
        Handler.scenarios = json.load(f)
    Handler.log_path = args.log
    if args.tls_cert:
        Handler.scheme = "https"
    addresses = args.address or ["127.0.0.1"]
    for address in addresses:
        if not address.startswith("127."):
            sys.exit("server.py: only loopback addresses are allowed")

    servers = []
    port = args.port
    for address in addresses:
        server = ThreadingHTTPServer((address, port), Handler)
        server.daemon_threads = True
        port = server.server_address[1]
        if args.tls_cert:
            import ssl
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(args.tls_cert, args.tls_key)
            server.socket = ctx.wrap_socket(server.socket, server_side=True)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()

    tmp = args.port_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("%d\n" % port)
    os.rename(tmp, args.port_file)
    # Stop by itself, so a test that dies cannot leave it running.
    time.sleep(args.lifetime)


if __name__ == "__main__":
    main()
