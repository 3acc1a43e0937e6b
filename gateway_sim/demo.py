"""``gateway-sim demo``: a tank batch on a simulated gateway, start to finish in seconds.

What it shows, in order: a simulated Ignition 8.3 gateway starts on the bundled
``project/`` (SQLite ``WorkflowsDB`` embedded, tank tags, the ``tick`` timer that
dispatches ``exchange.workflows``); a local "MES" HTTP endpoint starts on
127.0.0.1; the ``tank_batch`` workflow writes the setpoint, opens the fill valve
and waits for the level (a tag following the valve); the operator sends HOLD
through the workflow mailbox half-way and RESUME a moment later; the batch is
recorded in the database and reported to the MES endpoint; the run's step table
closes the show. Exit 0 when the run succeeded.

Workflow calls go through the project's own script namespace (what gateway
scripts see), not through this process's ``exchange`` package.
CPython-side adapter (``http.server``). May import: ``gateway_sim``.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import sys
import tempfile
import threading
import time

HOLD_AT_LEVEL = 30.0     # operator presses HOLD once the level passes this
HOLD_SECONDS = 1.5       # ... and RESUME after this long in HELD
RUN_TIMEOUT_S = 50.0


class Style(object):
    """ANSI styling when writing to a terminal (NO_COLOR respected)."""

    def __init__(self, stream):
        self.on = hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("NO_COLOR")

    def _wrap(self, code, text):
        return "\033[%sm%s\033[0m" % (code, text) if self.on else text

    def bold(self, t):
        return self._wrap("1", t)

    def dim(self, t):
        return self._wrap("2", t)

    def green(self, t):
        return self._wrap("32", t)

    def yellow(self, t):
        return self._wrap("33", t)

    def red(self, t):
        return self._wrap("31", t)

    def cyan(self, t):
        return self._wrap("36", t)


class Mes(object):
    """The local endpoint the batch report goes to (a stand-in for an MES)."""

    def __init__(self, on_report):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        mes = self
        self.reports = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(n).decode("utf-8") or "null")
                    code, reply = 201, {"received": True}
                except ValueError:
                    body, code, reply = None, 400, {"error": "body must be JSON"}
                if body is not None:
                    mes.reports.append(body)
                    on_report(body)
                data = json.dumps(reply).encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d/batches" % self.httpd.server_address[1]
        t = threading.Thread(target=self.httpd.serve_forever, name="demo-mes")
        t.daemon = True
        t.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Show(object):
    """Timestamped progress lines."""

    def __init__(self, style, quiet=False):
        self.s = style
        self.quiet = quiet
        self.t0 = time.time()
        self.lock = threading.Lock()

    def line(self, text, mark=" "):
        if self.quiet:
            return
        with self.lock:
            print("  %s %s %s" % (self.s.dim("%5.1fs" % (time.time() - self.t0)), mark, text))
            sys.stdout.flush()


def _bar(level, width=20):
    filled = int(round(max(0.0, min(100.0, level)) / 100.0 * width))
    return "#" * filled + "." * (width - filled)


def run(args):
    """Entry point of ``gateway-sim demo`` (returns the exit code)."""
    from gateway_sim.cli_config import CliError, bundled_project, find_config, table
    from gateway_sim.client import STEP_HEADERS, step_rows
    from gateway_sim.gateway import Gateway
    from gateway_sim.simulate import simulate

    if getattr(args, "json", False):
        args.quiet = True  # the JSON document is the only output
    st = Style(sys.stdout)
    show = Show(st, args.quiet)
    project_dir = bundled_project()
    cfg = find_config(None, project_dir)
    if cfg is None:
        raise CliError("project/gateway-sim.yaml is missing; restore it from git")
    data_dir = args.keep or tempfile.mkdtemp(prefix="gateway-sim-demo-")
    if args.keep and not os.path.isdir(data_dir):
        os.makedirs(data_dir)
    exchange_dir = None  # unused: the config's pythonPackages name the library
    if not args.quiet:
        print(st.bold("gateway-sim demo") + " - a tank batch on a simulated Ignition gateway")
        print()
    started = time.time()
    mes = Mes(lambda body: show.line(
        "MES received batch report %s: %s, final level %.1f %%, %d hold(s)"
        % (body.get("batchId"), body.get("outcome"), body.get("finalLevel") or 0.0,
           body.get("holds") or 0), st.cyan("<")))
    from gateway_sim.cli_progress import task
    try:
        with task("demo", "starting the gateway (project, tags, SQLite)", quiet=args.quiet):
            gw = Gateway.from_file(cfg, data_dir=data_dir)
    except:  # noqa: E722 - anything (a Java exception on Jython too): clean up, re-raise
        mes.stop()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        raise
    code = 1
    try:
        with simulate(gw):
            code = _demo(gw, args, st, show, mes, table, step_rows, STEP_HEADERS, exchange_dir)
    finally:
        try:
            gw.shutdown()
        finally:
            mes.stop()
            if not args.keep:
                shutil.rmtree(data_dir, ignore_errors=True)
    if not args.quiet and not getattr(args, "json", False):
        print()
        print(("demo finished in %.1f s" % (time.time() - started))
              + ("" if not args.keep else "; gateway data kept in %s" % data_dir))
        if code == 0:
            print("Next: gateway-sim run  (keep the gateway up), gateway-sim export  (for Ignition)")
    return code


def _demo(gw, args, st, show, mes, table, step_rows, step_headers, exchange_dir):
    proj = gw.projects.default
    service = proj.import_module("exchange.workflows.api.service")
    instance = proj.import_module("exchange.workflows.engine.instance")
    ds = gw.databases.default_name
    timers = sorted("%s every %s ms" % (n, proj.events[(k, n)].attributes.get("delay"))
                    for (k, n) in proj.events if k == "timer")
    if not args.quiet:
        print("  %-9s %s (Ignition %s), data in %s" % ("gateway", gw.name, gw.version, gw.data_dir))
        print("  %-9s %s (default datasource, embedded SQLite)" % ("database", ds))
        print("  %-9s %s from %s; script library generated from exchange/ (%d modules)"
              % ("project", proj.info.title, proj.path, len(proj.resolved.modules)))
        print("  %-9s startup ran; timer %s" % ("events", ", ".join(timers) or "none"))
        print("  %-9s %s" % ("MES", mes.url))
        print()
    inputs = {"batchId": "B-%s" % time.strftime("%H%M%S"), "product": "Product A",
              "setpoint": args.setpoint, "reportUrl": mes.url}
    resp = service.start("tank_batch", inputs)
    if not resp.get("ok"):
        print(st.red("could not start tank_batch: %s %s" % (resp.get("code"), resp.get("message"))))
        return 1
    wid = resp["data"]["workflowId"]
    if not args.quiet:
        print("%s start tank_batch %s  (batch %s, setpoint %.1f %%)"
              % (st.bold(">"), st.dim(wid), inputs["batchId"], args.setpoint))
        print()
    rt = instance.getWorkflows()
    show.t0 = time.time()  # progress times count from the start of the run
    status = _watch(gw, rt, service, wid, args, st, show)
    steps = rt.listRunSteps(wid)
    info = rt.retrieve(wid).getStatus() or {}
    if getattr(args, "json", False):
        print(json.dumps({"workflowId": wid, "status": status, "result": info.get("result"),
                          "error": info.get("error"), "steps": steps}, indent=2, sort_keys=True,
                         default=str))
        return 0 if status == "SUCCESS" else 1
    print()
    shown = [x for x in steps if x["kind"] == "step" or
             (x["kind"] == "recvCommand" and x.get("output"))]
    print(st.bold("Steps of run %s" % wid))
    print(table(step_rows(shown), step_headers))
    hidden = len(steps) - len(shown)
    if hidden:
        if args.keep:
            how = "`gateway-sim steps %s --db %s` lists all" % (
                wid, os.path.join(gw.data_dir, "db", "%s.sqlite" % gw.databases.default_name))
        else:
            how = "run the demo with --keep DIR to list them afterwards with `gateway-sim steps`"
        print(st.dim("(%d more operations recorded: progress, events, empty mailbox checks; %s)"
                     % (hidden, how)))
    print()
    rows = gw.databases.query("SELECT batch_id, product, setpoint, final_level, holds, outcome "
                              "FROM tank_batches ORDER BY recorded_at")
    print(st.bold("Table tank_batches in %s" % ds))
    print(table([tuple(r) for r in _rows(rows)],
                ("batch_id", "product", "setpoint", "final_level", "holds", "outcome")))
    print()
    if status == "SUCCESS":
        res = info.get("result") or {}
        print(st.green("SUCCESS") + ": batch %s %s at %.1f %% with %d hold(s); MES answered HTTP %s"
              % (res.get("batchId"), (res.get("outcome") or "").lower(),
                 res.get("finalLevel") or 0.0, res.get("holds") or 0, res.get("reportStatus")))
        return 0
    print(st.red(status) + ": %s" % json.dumps(info.get("error"), default=str))
    return 1


def _rows(ds):
    out = []
    for i in range(ds.getRowCount()):
        out.append([ds.getValueAt(i, j) for j in range(ds.getColumnCount())])
    return out


def _read(gw, path):
    return gw.tags.read([path])[0].value


def _watch(gw, rt, service, wid, args, st, show):
    """Follow the run until it ends: operations, progress, level, operator commands."""
    from gateway_sim.client import step_detail
    seen = [0]
    log_offset = [0]
    held_at = None
    hold_sent = resume_sent = args.no_hold
    last = {"band": None, "valve": None}
    deadline = time.time() + RUN_TIMEOUT_S
    status = None

    def report_new(final=False):
        for entry in rt.readStream(wid, "log", log_offset[0]):
            log_offset[0] = entry["offset"] + 1
            value = entry.get("value") or {}
            show.line(st.bold(value.get("message", "") if isinstance(value, dict) else value),
                      st.cyan(">"))
        steps = rt.listRunSteps(wid)
        for s in steps[seen[0]:]:
            if s["status"] in ("STARTED", "RUNNING") and not final:
                break
            seen[0] += 1
            if s["kind"] == "step":
                ok = s["status"] == "SUCCESS"
                show.line("%-22s %s" % (s["name"], step_detail(s)),
                          st.green("+") if ok else st.red("x"))
            elif s["kind"] == "recvCommand" and s.get("output"):
                show.line("mailbox: run received %s" % step_detail(s), st.yellow("!"))

    while time.time() < deadline:
        report_new()
        level = float(_read(gw, "[default]Tank/Level") or 0.0)
        valve = bool(_read(gw, "[default]Tank/FillValve"))
        band = int(level // 10)
        if valve != last["valve"] or (valve and band != last["band"]):
            if valve or last["valve"] is not None:
                show.line("level %s %5.1f %%  fill valve %s"
                          % (_bar(level), level, st.green("OPEN") if valve else "closed"),
                          st.dim("~"))
            last["band"], last["valve"] = band, valve
        if not hold_sent and level >= HOLD_AT_LEVEL:
            r = service.sendCommand(wid, "HOLD", reason="operator: check the agitator")
            show.line("operator sends HOLD -> %s" % r.get("code"), st.yellow("!"))
            hold_sent = True
        if hold_sent and not resume_sent:
            if held_at is None and _state(rt, wid) == "HELD":
                held_at = time.time()
            if held_at is not None and time.time() - held_at >= HOLD_SECONDS:
                r = service.sendCommand(wid, "RESUME", reason="operator: agitator ok")
                show.line("operator sends RESUME -> %s" % r.get("code"), st.yellow("!"))
                resume_sent = True
        info = rt.retrieve(wid).getStatus() or {}
        status = info.get("status")
        if status in ("SUCCESS", "ERROR", "CANCELLED"):
            report_new(final=True)
            show.line("run %s" % (st.green(status) if status == "SUCCESS" else st.red(status)),
                      "=")
            return status
        time.sleep(0.1)
    show.line(st.red("the run did not finish within %d s; cancelling it" % RUN_TIMEOUT_S))
    service.cancel(wid, reason="demo timeout")
    return status or "TIMEOUT"


def _state(rt, wid):
    for name in ("getEvent", "get_event"):
        fn = getattr(rt, name, None)
        if fn is not None:
            try:
                return fn(wid, "phase.state")
            except TypeError:
                return None
    return None
