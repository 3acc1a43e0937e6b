"""Workflow client commands of ``gateway-sim`` (start, status, list, steps, send, cancel, resume).

They open a gateway object on the same system database as the running gateway
(``--config`` or ``--db``), without loading project events, and call the engine's
own API (``exchange.workflows.api.service`` envelopes, the runtime's
``retrieve``/``listRuns``/``listRunSteps``/``resumeWorkflow``), so a run started
here is dispatched by whichever gateway polls that database. This process never
dispatches: it exits right after the call. CPython-side adapter.
May import: ``gateway_sim`` and ``exchange.workflows``.
"""
from __future__ import absolute_import, division, print_function

import datetime
import json

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
    from exchange.workflows.engine import instance
    return instance.getWorkflows()


def _envelope(resp, cli_error):
    if not resp.get("ok"):
        raise cli_error("%s: %s" % (resp.get("code"), resp.get("message")), code=1)
    return resp


def step_rows(steps):
    """Rows of the step table: seq, step, status, attempts, duration, output/error."""
    rows = []
    for s in steps:
        detail = s.get("error") if s.get("error") else s.get("output")
        if isinstance(detail, dict) and s.get("error"):
            detail = detail.get("message") or detail
        rows.append((s["seq"], s["name"], s["status"], s.get("attempts", 1),
                     _dur(s.get("startedAtMs"), s.get("completedAtMs")),
                     "" if detail is None else _short(detail)))
    return rows


STEP_HEADERS = ("#", "step", "status", "attempts", "took", "output / error")


def run_command(args, open_gateway, table, print_json, cli_error):
    """Entry point from ``gateway_sim.cli`` (helpers passed in to avoid an import cycle)."""
    gw = open_gateway(args, start_project=False)
    try:
        with simulate(gw):
            return _COMMANDS[args.command](args, table, print_json, cli_error)
    finally:
        gw.shutdown()


def _start(args, table, print_json, cli_error):
    from exchange.workflows.api import service
    try:
        inputs = json.loads(args.inputs)
    except ValueError as exc:
        raise cli_error("--inputs is not valid JSON (%s); e.g. --inputs '{\"setpoint\": 75}'" % exc)
    resp = _envelope(service.start(args.workflow, inputs, queueName=args.queue,
                                   partitionKey=args.partition, priority=args.priority,
                                   deduplicationId=args.dedup, timeoutSeconds=args.timeout),
                     cli_error)
    print(resp["data"]["workflowId"])
    return 0


def _status(args, table, print_json, cli_error):
    rt = _runtime()
    if not args.run_id:
        rows = rt.listRuns(limit=1000)
        counts = {}
        for r in rows:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        if args.json:
            print_json(counts)
        else:
            print(table(sorted(counts.items()), ("status", "runs")) if counts else "no runs yet")
        return 0
    info = rt.retrieve(args.run_id).getStatus()
    if info is None:
        raise cli_error("no run with id %s; list runs with `gateway-sim list`" % args.run_id, code=1)
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
        info = rt.retrieve(args.run_id).getStatus()
        if info is None:
            raise cli_error("no run with id %s; list runs with `gateway-sim list`" % args.run_id,
                            code=1)
        print("run %s (%s) has no steps yet" % (args.run_id, info["status"]))
        return 0
    print(table(step_rows(steps), STEP_HEADERS))
    return 0


def _send(args, table, print_json, cli_error):
    from exchange.workflows.api import service
    _envelope(service.sendCommand(args.run_id, args.cmd, reason=args.reason), cli_error)
    print("%s sent to %s" % (args.cmd, args.run_id))
    return 0


def _cancel(args, table, print_json, cli_error):
    from exchange.workflows.api import service
    resp = _envelope(service.cancel(args.run_id, reason=args.reason), cli_error)
    n = resp["data"].get("cancelledCount", 0)
    print("cancelled %s" % args.run_id if n else
          "%s was not active (already finished or unknown); nothing cancelled" % args.run_id)
    return 0 if n else 1


def _resume(args, table, print_json, cli_error):
    rt = _runtime()
    try:
        rt.resumeWorkflow(args.run_id)
    except Exception as exc:  # engine errors name the problem (unknown id, still running...)
        raise cli_error("cannot resume %s: %s" % (args.run_id, exc), code=1)
    print("resumed %s (re-enqueued; completed steps are replayed, not re-run)" % args.run_id)
    return 0


_COMMANDS = {"start": _start, "status": _status, "list": _list, "steps": _steps, "send": _send,
             "cancel": _cancel, "resume": _resume}
