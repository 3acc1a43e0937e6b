"""Local control endpoint of a running gateway (``gateway-sim run``) and its client.

Memory tags live in the gateway process, so ``gateway-sim tags ...`` from another
shell reaches them through a small JSON-over-HTTP endpoint bound to 127.0.0.1 on a
free port. The port is written to ``<dataDir>/gateway-sim.control.json`` while the
gateway runs; the CLI finds it through ``--config`` (the config's ``dataDir``),
``--db`` (``<dataDir>/db/...``) or ``--data-dir``.

Routes (POST, JSON body -> JSON): ``/status``, ``/tags/read`` ``{paths}``,
``/tags/write`` ``{path, value}``, ``/tags/browse`` ``{path, recursive}``.
Loopback only, no auth: it is a developer tool, like the gateway's own
designer port on a laptop. CPython-side adapter (imports lazily ``http.server``).
May import: the standard library and ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import threading
import time

STATE_FILE = "gateway-sim.control.json"
LOCK_FILE = "gateway-sim.lock"


class DataDirInUse(Exception):
    """Another live ``gateway-sim run`` holds the data folder (message names it)."""


def _pid_alive(pid):
    """True when process ``pid`` exists and is not a zombie (signal 0 checks without
    signalling; a killed process nobody reaped still answers it, /proc says ``Z``)."""
    try:
        os.kill(pid, 0)
    except OSError as exc:
        import errno
        if exc.errno != errno.EPERM:  # EPERM: exists, owned by someone else
            return False
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (IOError, OSError, IndexError):
        return True  # no /proc (macOS): trust signal 0


class DataDirLock(object):
    """Exclusive hold of a data folder by one ``gateway-sim run`` process.

    The lock file (``<dataDir>/gateway-sim.lock``, created with O_EXCL) holds the owner's
    pid and start time. A lock whose pid is gone (the holder was SIGKILLed) is stale and
    taken over; a live holder is refused, naming its pid. ``release()`` removes it.
    """

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.path = os.path.join(data_dir, LOCK_FILE)
        self.held = False

    def holder(self):
        try:
            with open(self.path) as f:
                return json.load(f)
        except (OSError, IOError, ValueError):
            return None

    def acquire(self):
        if not os.path.isdir(self.data_dir):
            os.makedirs(self.data_dir)
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except OSError:
                info = self.holder()
                pid = (info or {}).get("pid")
                if isinstance(pid, int) and _pid_alive(pid):
                    raise DataDirInUse(
                        "data folder %s is in use by another gateway-sim run (pid %d, started %s); "
                        "stop that one (Ctrl-C or kill %d) or pass another --data-dir"
                        % (self.data_dir, pid, (info or {}).get("started", "?"), pid))
                if info is None and os.path.exists(self.path):
                    # being written right now by a starting holder, or garbage: look again
                    time.sleep(0.05)
                    if self.holder() is not None:
                        continue
                try:
                    os.remove(self.path)  # stale: its process is gone
                except OSError:
                    pass
                continue
            with os.fdopen(fd, "w") as f:
                json.dump({"pid": os.getpid(),
                           "started": time.strftime("%Y-%m-%d %H:%M:%S")}, f)
            self.held = True
            return self
        raise DataDirInUse("could not lock data folder %s (%s keeps changing); retry"
                           % (self.data_dir, self.path))

    def release(self):
        if self.held:
            self.held = False
            try:
                os.remove(self.path)
            except OSError:
                pass

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()
        return False


def _text(v):
    return "" if v is None else str(v)


def _date_text(ts):
    try:
        import datetime
        return datetime.datetime.fromtimestamp(ts.getTime() / 1000.0).strftime("%Y-%m-%d %H:%M:%S")
    except Exception:  # not a Date: show it as it is
        return _text(ts)


def tag_read(gw, paths):
    from gateway_sim.simulate import simulate
    with simulate(gw):
        import system
        qvs = system.tag.readBlocking(list(paths))
    out = []
    for p, qv in zip(paths, qvs):
        v = qv.value
        out.append({"path": p, "value": v if isinstance(v, (int, float, bool, type(None))) else _text(v),
                    "quality": _text(qv.quality), "timestamp": _date_text(qv.timestamp)})
    return out


def tag_write(gw, path, value):
    from gateway_sim.simulate import simulate
    with simulate(gw):
        import system
        q = system.tag.writeBlocking([path], [value])[0]
    return {"path": path, "quality": _text(q)}


def tag_browse(gw, path, recursive=False):
    from gateway_sim.simulate import simulate
    out = []
    with simulate(gw):
        import system

        def walk(p):
            res = system.tag.browse(p)
            items = res.getResults() if hasattr(res, "getResults") else list(res)
            for item in items:
                get = item.get if hasattr(item, "get") else (lambda k, d=None: getattr(item, k, d))
                full = _text(get("fullPath"))
                row = {"fullPath": full, "tagType": _text(get("tagType")),
                       "dataType": _text(get("dataType")) if get("dataType") is not None else ""}
                if get("value") is not None:
                    v = get("value")
                    row["value"] = getattr(v, "value", v)
                out.append(row)
                if recursive and get("hasChildren"):
                    walk(full)
        walk(path)
    return out


class LocalTags(object):
    """Tag operations on a gateway object in this process (offline mode)."""

    def __init__(self, gw):
        self.gw = gw

    def read(self, paths):
        return tag_read(self.gw, paths)

    def write(self, path, value):
        return tag_write(self.gw, path, value)

    def browse(self, path, recursive=False):
        return tag_browse(self.gw, path, recursive)

    def close(self):
        self.gw.shutdown()


class HttpTags(object):
    """Tag operations through a running gateway's control endpoint."""

    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port

    def _post(self, route, body, timeout=10.0):
        from urllib.request import Request, urlopen
        req = Request(self.base + route, data=json.dumps(body).encode("utf-8"),
                      headers={"Content-Type": "application/json"})
        with urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read().decode("utf-8"))

    def status(self):
        return self._post("/status", {}, timeout=1.0)

    def read(self, paths):
        return self._post("/tags/read", {"paths": list(paths)})

    def write(self, path, value):
        return self._post("/tags/write", {"path": path, "value": value})

    def browse(self, path, recursive=False):
        return self._post("/tags/browse", {"path": path, "recursive": bool(recursive)})

    def close(self):
        pass


class ControlServer(object):
    """The endpoint of one gateway; ``stop()`` closes it and removes the state file."""

    def __init__(self, gw):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        self.gw = gw
        server_self = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet: the gateway prints its own lines
                pass

            def do_POST(self):
                try:
                    n = int(self.headers.get("Content-Length") or 0)
                    body = json.loads(self.rfile.read(n).decode("utf-8") or "{}")
                    result = server_self.route(self.path, body)
                    code = 200
                except KeyError:
                    result, code = {"error": "unknown route %s" % self.path}, 404
                except Exception as exc:  # report to the client instead of dropping the socket
                    result, code = {"error": "%s: %s" % (type(exc).__name__, exc)}, 500
                data = json.dumps(result, default=str).encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="gateway-sim-control")
        self.thread.daemon = True
        self.thread.start()
        self.state_path = os.path.join(gw.data_dir, STATE_FILE)
        with open(self.state_path, "w") as f:
            json.dump({"pid": os.getpid(), "port": self.port, "name": gw.name,
                       "dataDir": gw.data_dir, "startedMs": int(time.time() * 1000)}, f)

    def route(self, path, body):
        if path == "/status":
            proj = self.gw.projects.default if self.gw.has_backend("projects") else None
            return {"name": self.gw.name, "version": self.gw.version,
                    "project": proj.name if proj is not None else None}
        if path == "/tags/read":
            return tag_read(self.gw, body["paths"])
        if path == "/tags/write":
            return tag_write(self.gw, body["path"], body["value"])
        if path == "/tags/browse":
            return tag_browse(self.gw, body.get("path", ""), body.get("recursive", False))
        raise KeyError(path)

    def stop(self):
        try:
            os.remove(self.state_path)
        except OSError:
            pass
        self.httpd.shutdown()
        self.httpd.server_close()


def start_server(gw):
    return ControlServer(gw)


def _data_dir_from_args(args):
    from gateway_sim.cli_config import data_dir_for
    return data_dir_for(args)


def find_running(args):
    """An ``HttpTags`` client for the running gateway named by ``args``, or None."""
    data_dir = _data_dir_from_args(args)
    if not data_dir:
        return None
    state = os.path.join(data_dir, STATE_FILE)
    if not os.path.isfile(state):
        return None
    try:
        with open(state) as f:
            info = json.load(f)
        client = HttpTags(int(info["port"]))
        client.status()
        return client
    except Exception:  # stale file (gateway killed): fall back to offline mode
        return None


def wait_forever(seconds=None):
    """Block until Ctrl-C / SIGTERM (or ``seconds``, for tests)."""
    import signal

    def _term(signum, frame):
        raise KeyboardInterrupt()
    try:
        signal.signal(signal.SIGTERM, _term)
    except ValueError:  # not the main thread
        pass
    deadline = None if seconds is None else time.time() + seconds
    while deadline is None or time.time() < deadline:
        time.sleep(0.2 if deadline is None else min(0.2, max(0.0, deadline - time.time())))
