"""A local HTTP server on 127.0.0.1 (random port) for system.net tests; no external network."""
from __future__ import absolute_import, division, print_function

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body, ctype="application/json", extra=None):
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or []):
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out on purpose and hung up

    def _handle(self):
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = url.path.strip("/").split("/")
        if parts[0] == "sleep":
            time.sleep(int(parts[1]) / 1000.0)
            try:
                return self._send(200, '{"slept": true}')
            except (BrokenPipeError, ConnectionResetError):
                return None
        if parts[0] == "status":
            return self._send(int(parts[1]), '{"status": %s}' % parts[1])
        if parts[0] == "text":
            return self._send(200, "plain text ü", "text/plain; charset=utf-8")
        if parts[0] == "redirect":
            return self._send(302, "", extra=[("Location", "/echo")])
        if parts[0] == "auth":
            expected = "Basic " + base64.b64encode(b"user:pw").decode()
            if self.headers.get("Authorization") != expected:
                return self._send(401, '{"auth": false}')
            return self._send(200, '{"auth": true}')
        if parts[0] == "multi":
            return self._send(200, "{}", extra=[("X-Multi", "a"), ("X-Multi", "b")])
        echo = {"method": self.command, "path": url.path, "query": parse_qs(url.query),
                "headers": dict((k.lower(), v) for k, v in self.headers.items()),
                "body": body.decode("utf-8", "replace")}
        return self._send(200, json.dumps(echo))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _handle


@pytest.fixture(scope="module")
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    t = threading.Thread(target=server.serve_forever, name="test-http-server")
    t.daemon = True
    t.start()
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def refused_url():
    """A URL on a port nothing listens on."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return "http://127.0.0.1:%d/" % port
