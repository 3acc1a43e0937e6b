"""Run under Jython 2.7 by test_jython_leg_util.py: system.util/date/net on the real JVM.

Prints one line per check and ``ALL OK <n>`` at the end; any failure raises.
May import: the standard library, ``gateway_sim``, ``java.*``.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import sys
import threading

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
os.environ["TZ"] = "UTC"

import BaseHTTPServer  # noqa: E402 (Jython 2.7 stdlib)
import SocketServer  # noqa: E402

from java.lang import Throwable  # noqa: E402

from gateway_sim import Gateway, VirtualClock, simulate  # noqa: E402

checks = [0]


def check(cond, what):
    if not cond:
        raise AssertionError("FAILED: " + what)
    checks[0] += 1
    print("ok", what)


def raises_java(fn, text):
    try:
        fn()
    except Exception as e:  # noqa - a Python exception is the wrong outcome here
        raise AssertionError("expected a Java exception containing %r, got Python %r" % (text, e))
    except Throwable as e:
        check(text in e.toString(), "java exception: %s" % e.toString())
        return
    raise AssertionError("no exception (expected %r)" % text)


class Handler(BaseHTTPServer.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def _go(self):
        import time
        n = int(self.headers.getheader("content-length") or 0)
        body = self.rfile.read(n) if n else ""
        if self.path.startswith("/sleep"):
            time.sleep(2)
        out = json.dumps({"method": self.command, "path": self.path, "body": body,
                          "ctype": self.headers.getheader("content-type")})
        self.send_response(404 if self.path.startswith("/404") else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        try:
            self.wfile.write(out)
        except Exception:  # noqa - the client hung up after its timeout
            pass
    do_GET = do_POST = do_PUT = do_DELETE = _go


class Server(SocketServer.ThreadingMixIn, BaseHTTPServer.HTTPServer):
    daemon_threads = True


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever)
    t.daemon = True
    t.start()
    base = "http://127.0.0.1:%d" % srv.server_address[1]
    gw = Gateway(clock=VirtualClock(start=1764072000.0))
    with simulate(gw):
        import system
        d = system.date.now()
        check(system.date.toMillis(d) == 1764072000000, "date.now from the virtual clock")
        check(str(d) == "Tue Nov 25 12:00:00 UTC 2025", "java.util.Date str")
        check(system.date.format(d, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX") == "2025-11-25T12:00:00.000Z",
              "format with the real SimpleDateFormat")
        check(system.date.getMonth(d) == 10 and system.date.getDayOfWeek(d) == 3, "0-based month")
        feb = system.date.addMonths(system.date.getDate(2024, 0, 31), 1)
        check(system.date.format(feb, "yyyy-MM-dd") == "2024-02-29", "addMonths clamps")
        check(system.date.daysBetween(d, system.date.addDays(d, 40)) == 40, "daysBetween")
        raises_java(lambda: system.date.parse("nope"), "Unparseable date")
        raises_java(lambda: system.date.format(d, "yyyy qq"), "Illegal pattern character")

        log = system.util.getLogger("jy")
        log.infof("x=%d %s %.1f", 5, "y", 1.25)
        check(gw.util.records[-1].message == u"x=5 y 1.3", "infof with Java String.format")
        system.util.getGlobals()["a"] = 1
        check(system.util.globals["a"] == 1, "globals")
        check(system.util.jsonDecode(system.util.jsonEncode({"a": [1, None], "d": d}))
              == {"a": [1, None], "d": 1764072000000}, "json round trip")
        th = system.util.invokeAsynchronous(lambda: log.warn("async"))
        th.join()
        check(gw.util.records[-1].message == "async", "invokeAsynchronous on a java.lang.Thread")
        gw.util.register_message_handler("P", "h", lambda p: p["n"] * 2)
        check(system.util.sendRequest("P", "h", {"n": 4}) == 8, "sendRequest")
        raises_java(lambda: system.util.sendRequest("P", "nope"), "No message handler named 'nope'")
        check(len(system.util.threadDump()) > 0, "threadDump")

        c = system.net.httpClient()
        r = c.get(base + "/echo", params={"a": 1})
        check(r.statusCode == 200 and r.json["path"] == "/echo?a=1", "httpClient GET")
        check(c.post(base + "/echo", data={"k": "v"}).json["ctype"] == "application/json",
              "dict data is JSON")
        check(c.get(base + "/404").clientError, "404 does not raise")
        check(c.getAsync(base + "/echo").then(lambda r: r.statusCode).get() == 200, "promise")
        raises_java(lambda: c.get(base + "/sleep", timeout=200), "HttpTimeoutException")
        raises_java(lambda: system.net.httpGet(base + "/404"), "FileNotFoundException")
    gw.shutdown()
    srv.shutdown()
    print("ALL OK %d" % checks[0])


if __name__ == "__main__":
    main()
