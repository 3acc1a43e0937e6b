"""Workflow client commands of ``gateway-sim`` (start, status, list, steps, send, cancel, resume).

They open a gateway object on the same system database as the running gateway
(``--config`` or ``--db``), without loading project events, and call the engine's
runtime facade (``enqueue``, ``retrieve``, ``listRuns``, ``listRunSteps``, ``send``,
``cancelWorkflow``, ``resumeWorkflow``), so a run started here is dispatched by
whichever gateway polls that database.

This process must never act as an executor: ``getWorkflows()`` would start
dispatcher/worker threads and run the startup recovery, which re-enqueues runs
claimed by "this node" -- on the same host that is the running gateway's work. So
the client builds a bare facade (schema ensured, apps registered, no threads, no
recovery), or uses the engine's ``instance.getClient()`` when it provides one.
CPython-side adapter.
May import: ``gateway_sim.cli_config``, the simulator core and ``exchange.workflows``
(never ``gateway_sim.cli``: it sits above).
"""
from __future__ import absolute_import, division, print_function

import datetime
import json

from gateway_sim.cli_config import (CliError, check_sqlite_exists, check_system_database,
                                     open_gateway, print_json, table)
from gateway_sim.simulate import simulate


STATUSES = ("DELAYED", "ENQUEUED", "PENDING", "RUNNING", "SUCCESS", "ERROR", "CANCELLED",
            "MAX_RECOVERY_ATTEMPTS_EXCEEDED")
# `gateway-sim list` option -> listRuns/countRuns keyword
LIST_FILTERS = (("queue", "queueName"), ("partition", "partitionKey"),
                ("parent", "parentWorkflowId"), ("app_version", "applicationVersion"),
                ("id", "idContains"))


def _ms_text(ms):
    """Epoch ms as local date and time (a run may be days old)."""
    if not ms:
        return ""
    return datetime.datetime.fromtimestamp(int(ms) / 1000.0).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def _dur_ms(ms):
    ms = int(ms)
    if ms < 1000:
        return "%d ms" % ms
    if ms < 120000:
        return "%.1f s" % (ms / 1000.0)
    return "%.1f min" % (ms / 60000.0)


def _dur(a, b):
    if not a or not b:
        return ""
    return _dur_ms(int(b) - int(a))


def _short(value, width=60):
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= width else text[:width - 3] + "..."


def _engine_module(name):
    """``name`` from the engine the gateway runs: the project's own library copy when the
    config's project carries ``exchange`` (so its ``workflows_apps`` registrations count),
    else this process's package."""
    from gateway_sim import runtime
    gw = runtime.active()
    if gw is not None and gw.has_backend("projects") and gw.projects.default is not None:
        try:
            return gw.projects.default.import_module(name)
        except ImportError:
            pass
    import importlib
    return importlib.import_module(name)


def _runtime():
    """A facade that never dispatches, recovers or starts threads (see module docstring)."""
    instance = _engine_module("exchange.workflows.engine.instance")
    getter = getattr(instance, "getClient", None)
    if getter is not None:
        return getter()
    settings = _engine_module("exchange.workflows.settings")
    K = _engine_module("exchange.workflows.engine.kernel")
    migrations = _engine_module("exchange.workflows.engine.persistence.migrations")
    WorkflowsRuntime = _engine_module("exchange.workflows.engine.runtime").WorkflowsRuntime
    instance._load_apps()  # registry: start() checks the workflow name
    db = settings.resolveDbName(None)
    migrations.ensure_schema(db)
    return WorkflowsRuntime(db, K.get_kernel())


def step_detail(s):
    """One-line summary of an operation's outcome (step output, command, error)."""
    if s.get("error"):
        err = s["error"]
        return _short(err.get("message") or err if isinstance(err, dict) else err)
    out = s.get("output")
    kind = s.get("kind")
    if kind == "sleep" and isinstance(out, dict) and out.get("wakeAtMs"):
        wake = int(out["wakeAtMs"])
        start = s.get("startedAtMs")
        return "sleeps until %s%s" % (_ms_text(wake), " (%s)" % _dur(start, wake) if start else "")
    if kind == "progress" and isinstance(out, dict) and "message" in out:
        return _short(out.get("message") if isinstance(out.get("message"), str)
                      else json.dumps(out.get("message"), default=str), 70)
    if kind in ("setEvent", "writeStream") and "value" in s:
        return _short("= " + json.dumps(s["value"], sort_keys=True, default=str), 70)
    if kind == "recvCommand":
        if not out:
            return "(no command)"
        reason = (out.get("message") or {}).get("reason") if isinstance(out, dict) else None
        return "%s%s" % (out.get("cmd"), " - %s" % reason if reason else "")
    if isinstance(out, dict):
        parts = []
        for k in sorted(out):
            if k in ("headers", "timestamp", "text"):
                continue
            v = out[k]
            if isinstance(v, float):
                v = round(v, 2)
            parts.append("%s=%s" % (k, v if not isinstance(v, (dict, list)) else _short(v, 30)))
        return _short(" ".join(parts), 70)
    return "" if out is None else _short(out)


def step_rows(steps, kinds=None):
    """Rows of the step table: seq, kind, name, status, attempts, duration, outcome."""
    rows = []
    for s in steps:
        if kinds is not None and s.get("kind") not in kinds:
            continue
        took = _dur(s.get("startedAtMs"), s.get("completedAtMs"))
        out = s.get("output")
        if s.get("kind") == "sleep" and isinstance(out, dict) and out.get("wakeAtMs"):
            took = _dur(s.get("startedAtMs"), out["wakeAtMs"])
        rows.append((s["seq"], s.get("kind", "step"), s["name"], s["status"], s.get("attempts", 1),
                     took, step_detail(s)))
    return rows


STEP_HEADERS = ("#", "kind", "name", "status", "tries", "took", "output / error")


def with_values(rt, wid, steps):
    """Steps with the values their op wrote, as ``value`` (and as ``output`` where the op
    log keeps none): ``setEvent`` the event value, ``progress`` its message (stream
    ``log``), ``writeStream`` the entry at the offset its op recorded. Events and progress
    are matched in order per key (the n-th op wrote the n-th value); writes made inside a
    step have no op of their own, and when values outnumber ops the match would be unsure,
    so those ops are left as they are."""
    kinds = ("setEvent", "progress", "writeStream")
    if not any(s.get("kind") in kinds for s in steps):
        return steps
    history = {}
    for h in rt.getEventHistory(wid):
        history.setdefault(h["key"], []).append(h["value"])
    streams = {}

    def stream(key):
        if key not in streams:
            streams[key] = [e["value"] for e in rt.readStream(wid, key, 0, 100000)]
        return streams[key]
    counts = {}
    for s in steps:
        counts[(s.get("kind"), s["name"])] = counts.get((s.get("kind"), s["name"]), 0) + 1
    seen = {}
    out = []
    for s in steps:
        kind = s.get("kind")
        if kind == "writeStream" and isinstance(s.get("output"), int):
            entries = [e for e in rt.readStream(wid, s["name"], s["output"], 1)
                       if e["offset"] == s["output"]]  # the op's output is the entry's offset
            if entries:
                s = dict(s)
                s["value"] = entries[0]["value"]
        elif kind in ("setEvent", "progress") and s.get("output") is None:
            key = (kind, s["name"])
            n = seen.get(key, 0)
            seen[key] = n + 1
            values = history.get(s["name"], []) if kind == "setEvent" else stream("log")
            if len(values) == counts[key] and n < len(values):
                s = dict(s)
                s["output"] = s["value"] = values[n]
        out.append(s)
    return out


def run_command(args):
    """Entry point from ``gateway_sim.cli``: open the gateway, check its system database
    (one-line error when it is unreachable or, for reads, absent), run the command."""
    check_sqlite_exists(args)
    gw = open_gateway(args, start_project=False)
    try:
        check_system_database(gw, args.command, getattr(args, "config", None) or
                              getattr(args, "db", None))
        with simulate(gw):
            return _COMMANDS[args.command](args, table, print_json, CliError)
    finally:
        gw.shutdown()


def _say(args, obj, text):
    """The command's result: JSON with ``--json``, else the text line."""
    if getattr(args, "json", False):
        print_json(obj)
    else:
        print(text)


def _start(args, table, print_json, cli_error):
    try:
        inputs = json.loads(args.inputs)
    except ValueError as exc:
        raise cli_error("--inputs is not valid JSON (%s); e.g. --inputs '{\"setpoint\": 75}'" % exc)
    rt = _runtime()
    if args.workflow not in rt.listWorkflows():
        raise cli_error("workflow %r is not registered; registered: %s (list its module under "
                        "workflows.apps in the gateway config, or in a script-library module "
                        "named workflows_apps)" % (args.workflow, ", ".join(rt.listWorkflows())),
                        code=1)
    try:
        wid = rt.enqueue(args.workflow, inputs or {}, queueName=args.queue,
                         partitionKey=args.partition, priority=args.priority,
                         deduplicationId=args.dedup, timeoutSeconds=args.timeout,
                         dedupPolicy=getattr(args, "dedup_policy", None))
    except Exception as exc:  # engine errors say what is wrong (maintenance, dedup...)
        raise cli_error("start failed: %s: %s" % (type(exc).__name__, exc), code=1)
    _say(args, {"workflowId": wid}, wid)
    return 0


def run_state(rt, wid, info):
    """(shown status, events): a RUNNING batch that is HELD shows as ``RUNNING (HELD)``."""
    try:
        events = rt.listEvents(wid)
    except Exception:  # an older schema without events: show the status alone
        events = {}
    status = info.get("status")
    phase = events.get("phase.state")
    if isinstance(phase, str) and phase and status == "RUNNING" and phase != "RUNNING":
        status = "%s (%s)" % (status, phase)
    return status, events


def _status(args, table, print_json, cli_error):
    rt = _runtime()
    if not args.run_id:
        counts = rt.countByStatus()
        if args.json:
            print_json(counts)
        else:
            rows = sorted((c["queueName"], c["status"], c["count"]) for c in counts)
            print(table(rows, ("queue", "status", "runs")) if rows else "no runs yet")
        return 0
    info = _require_run(rt, args.run_id, cli_error)
    shown, events = run_state(rt, args.run_id, info)
    if args.json:
        info = dict(info)
        info["events"] = events
        info["state"] = events.get("phase.state")
        print_json(info)
        return 0
    for key in ("workflowId", "workflowName", "status", "queueName", "createdAtMs", "startedAtMs",
                "completedAtMs", "result", "error"):
        v = shown if key == "status" else info.get(key)
        if key.endswith("AtMs"):
            v = _ms_text(v)
        elif v is not None and not isinstance(v, str):
            v = _short(v, 100)
        print("%-13s %s" % (key.replace("AtMs", ""), "" if v is None else v))
    last = events.get("phase.last_message")
    if isinstance(last, dict) and last.get("message") is not None:
        print("%-13s %s  (%s)" % ("progress", _short(last["message"], 80), _ms_text(last.get("ts"))))
    for key in sorted(events):
        if key in ("phase.last_message",):
            continue
        print("%-13s %s = %s" % ("event", key, _short(events[key], 80)))
    return 0


def parse_when(text, now_ms=None):
    """``--since/--until``: ``30m``, ``2h``, ``1d`` ago, or ``YYYY-MM-DD[ HH:MM[:SS]]`` (local)."""
    import re
    import time as _time
    now_ms = int(_time.time() * 1000) if now_ms is None else now_ms
    m = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$", text or "")
    if m:
        mult = {"s": 1000, "m": 60000, "h": 3600000, "d": 86400000}[m.group(2)]
        return now_ms - int(float(m.group(1)) * mult)
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
                "%Y-%m-%d"):
        try:
            dt = datetime.datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        return int(_time.mktime(dt.timetuple()) * 1000)
    raise ValueError("%r is not a time; use an age (30m, 2h, 1d) or a local date/time "
                     "(2026-12-05 or '2026-12-05 14:30')" % (text,))


def _list(args, table, print_json, cli_error):
    rt = _runtime()
    if args.workflows:
        names = rt.listWorkflows()
        print_json(names) if args.json else print("\n".join(names))
        return 0
    kw = {}
    if args.status:
        kw["status"] = args.status
    if args.workflow:
        kw["workflowName"] = args.workflow
    for opt, key in LIST_FILTERS:
        if getattr(args, opt, None):
            kw[key] = getattr(args, opt)
    for opt, key in (("since", "sinceMs"), ("until", "untilMs")):
        if getattr(args, opt, None):
            try:
                kw[key] = parse_when(getattr(args, opt))
            except ValueError as exc:
                raise cli_error("--%s: %s" % (opt, exc))
    if getattr(args, "count", False):
        n = rt.countRuns(**kw)
        print_json({"count": n}) if args.json else print(n)
        return 0
    filtered = bool(kw)
    kw.update({"limit": args.limit, "offset": args.offset})
    runs = rt.listRuns(**kw)
    if args.json:
        print_json(runs)
        return 0
    if not runs:
        print("no runs" + ("" if not filtered and not kw["offset"] else " matching the filters"))
        return 0
    rows = []
    for r in runs:
        shown = r["status"]
        if shown == "RUNNING":
            shown = run_state(rt, r["workflowId"], r)[0]
        rows.append((r["workflowId"], r["workflowName"], shown, _ms_text(r.get("createdAtMs")),
                     _dur(r.get("startedAtMs"), r.get("completedAtMs"))))
    print(table(rows, ("run id", "workflow", "status", "created", "took")))
    return 0


def _steps(args, table, print_json, cli_error):
    rt = _runtime()
    steps = with_values(rt, args.run_id, rt.listRunSteps(args.run_id))
    if args.json:
        if not steps:
            _require_run(rt, args.run_id, cli_error)
        print_json(steps)
        return 0
    info = _require_run(rt, args.run_id, cli_error)
    if steps:
        print(table(step_rows(steps), STEP_HEADERS))
    else:
        print("run %s (%s) has no steps yet" % (args.run_id, run_state(rt, args.run_id, info)[0]))
    if info.get("error") is not None:
        err = info["error"]
        text = err.get("message") if isinstance(err, dict) and err.get("message") else err
        kind = err.get("type") if isinstance(err, dict) else None
        print("%s: %s%s" % (info["status"], "%s: " % kind if kind else "",
                            text if isinstance(text, str) else json.dumps(text, default=str)))
    return 0


def _require_run(rt, run_id, cli_error):
    info = rt.retrieve(run_id).getStatus()
    if info is None:
        raise cli_error("no run with id %s; list runs with `gateway-sim list`" % run_id, code=1)
    return info


def _send(args, table, print_json, cli_error):
    rt = _runtime()
    _require_run(rt, args.run_id, cli_error)
    message = {"cmd": args.cmd}  # the body api.service.sendCommand sends
    if args.reason:
        message["reason"] = args.reason
    rt.send(args.run_id, message, topic="cmd")
    _say(args, {"sent": args.cmd, "workflowId": args.run_id}, "%s sent to %s" % (args.cmd, args.run_id))
    return 0


def _cancel(args, table, print_json, cli_error):
    rt = _runtime()
    _require_run(rt, args.run_id, cli_error)
    n = rt.cancelWorkflow(args.run_id, reason=args.reason)
    _say(args, {"cancelled": bool(n), "workflowId": args.run_id},
         "cancelled %s" % args.run_id if n else
         "%s was not active (already finished or unknown); nothing cancelled" % args.run_id)
    return 0 if n else 1


RESUMABLE = ("CANCELLED", "ERROR", "MAX_RECOVERY_ATTEMPTS_EXCEEDED")


def _resume(args, table, print_json, cli_error):
    rt = _runtime()
    info = _require_run(rt, args.run_id, cli_error)
    if info["status"] not in RESUMABLE:
        raise cli_error("run %s is %s; only %s runs can be resumed (use `send %s RESUME` for a "
                        "HELD batch)" % (args.run_id, info["status"], "/".join(RESUMABLE),
                                         args.run_id), code=1)
    try:
        ok = rt.resumeWorkflow(args.run_id)
    except Exception as exc:  # engine errors name the problem
        raise cli_error("cannot resume %s: %s" % (args.run_id, exc), code=1)
    if not ok:
        raise cli_error("run %s changed state meanwhile; check `gateway-sim status %s`"
                        % (args.run_id, args.run_id), code=1)
    _say(args, {"resumed": True, "workflowId": args.run_id},
         "resumed %s (re-enqueued; completed steps are replayed, not re-run)" % args.run_id)
    return 0


def _fork(args, table, print_json, cli_error):
    rt = _runtime()
    _require_run(rt, args.run_id, cli_error)
    try:
        new_id = rt.forkWorkflow(args.run_id, args.from_step, newWorkflowId=args.new_id)
    except Exception as exc:  # engine errors name the problem (bad step, id taken)
        raise cli_error("cannot fork %s: %s" % (args.run_id, exc), code=1)
    _say(args, {"workflowId": new_id, "forkedFrom": args.run_id, "fromStep": args.from_step}, new_id)
    return 0


def _reset(args, table, print_json, cli_error):
    """Delete every run of the system database (after confirmation)."""
    from gateway_sim import control
    if control.find_running(args) is not None:
        raise cli_error("a gateway is running on this data folder; stop `gateway-sim run` first "
                        "(reset would delete the runs it is executing)", code=1)
    rt = _runtime()
    counts = rt.countByStatus()
    total = sum(int(c["count"]) for c in counts)
    if not total:
        _say(args, {"deleted": 0}, "no runs: nothing to reset")
        return 0
    if not args.yes:
        import sys
        if not sys.stdin.isatty():
            raise cli_error("reset deletes %d run(s) and their history; pass --yes to confirm "
                            "(stdin is not a terminal to ask)" % total)
        answer = input("delete %d run(s) and their history from datasource %s? [y/N] "
                       % (total, rt.dbName))
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing deleted")
            return 1
    active = sum(int(c["count"]) for c in counts if c["status"] in ("ENQUEUED", "PENDING", "RUNNING"))
    from exchange.workflows import compat
    from exchange.workflows.engine import host, retention
    ids = [compat.to_text(r["workflow_id"]) for r in
           host.db_query("SELECT workflow_id FROM workflow_status", [], rt.dbName)]
    n = retention.delete_runs(rt.dbName, ids)  # the engine's own delete (every child table)
    _say(args, {"deleted": n, "active": active},
         "deleted %d run(s)%s" % (n, " (%d were active)" % active if active else ""))
    return 0


_COMMANDS = {"start": _start, "status": _status, "list": _list, "steps": _steps, "send": _send,
             "cancel": _cancel, "resume": _resume, "fork": _fork, "reset": _reset}
