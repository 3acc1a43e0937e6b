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


def _ms_text(ms):
    if not ms:
        return ""
    return datetime.datetime.fromtimestamp(int(ms) / 1000.0).strftime("%H:%M:%S.%f")[:-3]


def _dur(a, b):
    if not a or not b:
        return ""
    return "%d ms" % (int(b) - int(a))


def _short(value, width=60):
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= width else text[:width - 3] + "..."


def _runtime():
    """A facade that never dispatches, recovers or starts threads (see module docstring)."""
    from exchange.workflows.engine import instance
    getter = getattr(instance, "getClient", None)
    if getter is not None:
        return getter()
    from exchange.workflows import settings
    from exchange.workflows.engine import kernel as K
    from exchange.workflows.engine.persistence import migrations
    from exchange.workflows.engine.runtime import WorkflowsRuntime
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
    if s.get("kind") == "recvCommand":
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
        rows.append((s["seq"], s.get("kind", "step"), s["name"], s["status"], s.get("attempts", 1),
                     _dur(s.get("startedAtMs"), s.get("completedAtMs")), step_detail(s)))
    return rows


STEP_HEADERS = ("#", "kind", "name", "status", "tries", "took", "output / error")


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


def _start(args, table, print_json, cli_error):
    try:
        inputs = json.loads(args.inputs)
    except ValueError as exc:
        raise cli_error("--inputs is not valid JSON (%s); e.g. --inputs '{\"setpoint\": 75}'" % exc)
    rt = _runtime()
    if args.workflow not in rt.listWorkflows():
        raise cli_error("workflow %r is not registered; registered: %s (add its module to "
                        "exchange.workflows.apps)" % (args.workflow, ", ".join(rt.listWorkflows())),
                        code=1)
    try:
        wid = rt.enqueue(args.workflow, inputs or {}, queueName=args.queue,
                         partitionKey=args.partition, priority=args.priority,
                         deduplicationId=args.dedup, timeoutSeconds=args.timeout)
    except Exception as exc:  # engine errors say what is wrong (maintenance, dedup...)
        raise cli_error("start failed: %s: %s" % (type(exc).__name__, exc), code=1)
    print(wid)
    return 0


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
    if args.json:
        print_json(info)
        return 0
    for key in ("workflowId", "workflowName", "status", "queueName", "createdAtMs", "startedAtMs",
                "completedAtMs", "result", "error"):
        v = info.get(key)
        if key.endswith("AtMs"):
            v = _ms_text(v)
        elif v is not None and not isinstance(v, str):
            v = _short(v, 100)
        print("%-13s %s" % (key, "" if v is None else v))
    return 0


def _list(args, table, print_json, cli_error):
    rt = _runtime()
    if args.workflows:
        names = rt.listWorkflows()
        print_json(names) if args.json else print("\n".join(names))
        return 0
    kw = {"limit": args.limit}
    if args.status:
        kw["status"] = args.status.upper()
    if args.workflow:
        kw["workflowName"] = args.workflow
    runs = rt.listRuns(**kw)
    if args.json:
        print_json(runs)
        return 0
    if not runs:
        print("no runs")
        return 0
    print(table([(r["workflowId"], r["workflowName"], r["status"], _ms_text(r.get("createdAtMs")),
                  _dur(r.get("startedAtMs"), r.get("completedAtMs"))) for r in runs],
                ("run id", "workflow", "status", "created", "took")))
    return 0


def _steps(args, table, print_json, cli_error):
    rt = _runtime()
    steps = rt.listRunSteps(args.run_id)
    if args.json:
        print_json(steps)
        return 0
    if not steps:
        info = _require_run(rt, args.run_id, cli_error)
        print("run %s (%s) has no steps yet" % (args.run_id, info["status"]))
        return 0
    print(table(step_rows(steps), STEP_HEADERS))
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
    print("%s sent to %s" % (args.cmd, args.run_id))
    return 0


def _cancel(args, table, print_json, cli_error):
    rt = _runtime()
    _require_run(rt, args.run_id, cli_error)
    n = rt.cancelWorkflow(args.run_id, reason=args.reason)
    print("cancelled %s" % args.run_id if n else
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
    print("resumed %s (re-enqueued; completed steps are replayed, not re-run)" % args.run_id)
    return 0


_COMMANDS = {"start": _start, "status": _status, "list": _list, "steps": _steps, "send": _send,
             "cancel": _cancel, "resume": _resume}
