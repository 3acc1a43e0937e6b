"""The ``http.request`` built-in step over real sockets: a local HTTP server, and a
refused connection -- on Jython that is a real ``java.net.ConnectException`` from the
JDK client Ignition wraps, which must be recorded as a step error like a Python one.
"""
from __future__ import absolute_import, division, print_function

import json
import threading

from exchange.workflows.bootstrap import workflow
from exchange.workflows.steps import http as http_steps

from . import support

try:  # 2.7 / Jython
    from BaseHTTPServer import BaseHTTPRequestHandler, HTTPServer
except ImportError:  # CPython 3
    from http.server import BaseHTTPRequestHandler, HTTPServer


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"path": self.path, "ok": True}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(n) if n else b""
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        body = json.dumps({"echo": json.loads(data.decode("utf-8"))}).encode("utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output clean
        pass


@workflow(name="scn.http.calls")
def http_calls(base):
    got = http_steps.request("GET", base + "/orders?id=7", timeout_ms=5000)
    posted = http_steps.request("post", base + "/orders", json_body={"qty": 3}, timeout_ms=5000)
    return {"get": got, "post": posted}


@workflow(name="scn.http.refused")
def http_refused():
    return http_steps.request("GET", "http://127.0.0.1:1/nothing-listens-here", timeout_ms=2000)


class HttpStepScenarios(support.EngineCase):

    def setUp(self):
        support.EngineCase.setUp(self)
        self.server = HTTPServer(("127.0.0.1", 0), _Handler)
        t = threading.Thread(target=self.server.serve_forever, name="scenario-http")
        t.daemon = True
        t.start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.base = "http://127.0.0.1:%d" % self.server.server_address[1]

    def test_get_and_post_through_the_step(self):
        row = self.run_to_end("scn.http.calls", {"base": self.base})
        self.assertEqual(row["status"], "SUCCESS", row)
        out = json.loads(row["result_json"])
        self.assertEqual(out["get"]["status"], 200)
        self.assertEqual(json.loads(out["get"]["text"]), {"path": "/orders?id=7", "ok": True})
        self.assertEqual(out["post"]["status"], 201)
        self.assertEqual(json.loads(out["post"]["text"]), {"echo": {"qty": 3}})

    def test_refused_connection_is_a_recorded_step_error(self):
        row = self.run_to_end("scn.http.refused")
        self.assertEqual(row["status"], "ERROR", row)
        op = self.op_rows(row["workflow_id"])[0]
        self.assertEqual((op["step_name"], op["status"]), ("http.request", "ERROR"))
        err = json.loads(op["error_json"])
        if support.IS_JYTHON:  # the JDK client's own exception, as on a gateway
            self.assertTrue(err.get("javaException"), err)
            self.assertIn("Connect", err.get("exceptionType", "") + err.get("message", ""))
        # the worker survived: the next run works
        self.assertEqual(self.run_to_end("scn.http.calls", {"base": self.base})["status"], "SUCCESS")
