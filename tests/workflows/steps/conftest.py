"""Fixtures for the built-in step tests: memory tags (real/virtual clock), an HTTP server."""
import json
import threading

import pytest

try:  # CPython 3
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
except ImportError:  # pragma: no cover
    ThreadingHTTPServer = None


@pytest.fixture
def memory_tags(gateway):
    gateway.tags.load_data({"tags": [
        {"name": "Level", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4",
         "value": 5},
        {"name": "Confirm", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4",
         "value": 0},
        {"name": "Name", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "String",
         "value": "tank"},
        {"name": "Flag", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Boolean",
         "value": False},
        {"name": "When", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "DateTime"},
    ]})
    return gateway


@pytest.fixture
def virtual_tags(virtual_gateway):
    virtual_gateway.tags.load_data({"tags": [
        {"name": "Level", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4",
         "value": 0},
        {"name": "Confirm", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4",
         "value": 0},
    ]})
    return virtual_gateway


class _Handler(BaseHTTPRequestHandler if ThreadingHTTPServer else object):
    def log_message(self, *args):  # keep pytest output clean
        pass

    def _reply(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        if self.path.startswith("/missing"):
            status = 404
        elif self.path.startswith("/boom"):
            status = 500
        else:
            status = 200
        payload = json.dumps({"method": self.command, "path": self.path, "body": body,
                              "contentType": self.headers.get("Content-Type"),
                              "xTest": self.headers.get("X-Test")}).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Server", "steps-test")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _reply


@pytest.fixture
def http_server():
    """A local HTTP server on 127.0.0.1 echoing each request as JSON."""
    if ThreadingHTTPServer is None:
        pytest.skip("http.server.ThreadingHTTPServer needs CPython 3.7+")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, name="steps-http")
    thread.daemon = True
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
