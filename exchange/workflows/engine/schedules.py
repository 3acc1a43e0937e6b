"""Cron schedules: declared in code or managed at run time, fired exactly once per tick.

A schedule is a row of ``schedules`` (name, workflow, cron expression, time zone,
inputs, queue, missed-tick policy, paused flag, next fire time). Every gateway's
dispatch cycle calls ``fire_due`` (through ``engine.timers``): for each schedule whose
``next_fire_at`` has passed it claims the due ticks with ONE compare-and-set on the row
(``next_fire_at`` still the value it read) and, in the same transaction, inserts one
run per tick under the id ``sched-<schedule>-<tick epoch ms>``. The claim makes one
gateway fire a tick; the derived id makes a tick's run unique even if a schedule is
removed and added again. All times are the host clock's, so a simulator's virtual
clock drives schedules (a day of ticks in milliseconds).

Missed ticks (the gateways were down, or the schedule was due long ago) follow the
schedule's policy: ``skip`` (default) runs only the most recent due tick; ``catchup``
runs the due ticks oldest first, at most ``maxCatchup`` of them (the most recent ones).
A paused schedule fires nothing; resuming it computes its next tick from now.
Inputs: the schedule's ``inputs`` dict; a workflow with a parameter named
``scheduledAtMs`` also gets the tick time (epoch ms) there.
``@workflow(schedule="cron")`` declares a schedule named after the workflow; declared
schedules are written to each datasource the first time its dispatch cycle runs in
this interpreter (a changed declaration updates the row; pause state is kept).
May import: ``compat``, ``errors``, ``settings``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

import re
import threading

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import (cron, faults, host, kernel as K, registry, starts,
                                       validate as V)
from exchange.workflows.engine import serialization as ser
from exchange.workflows.engine.persistence import runs
from exchange.workflows.engine.persistence import tx as txm
from exchange.workflows.errors import InvalidArgument, PersistenceError, clip

POLICIES = ("skip", "catchup")
NAME_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,40}$")
MAX_CATCHUP_LIMIT = 1000
SCAN_LIMIT = 100000  # ticks walked at most to find the recent ones after a long downtime
COLS = ("schedule_name, workflow_name, cron_expr, time_zone, inputs_json, queue_name, "
        "missed_policy, max_catchup, paused, declared, next_fire_at, last_fire_at, created_at, "
        "updated_at")

_declared = {}   # schedule name -> spec (this interpreter's @workflow(schedule=...))
_version = [compat.new_uuid()]  # changes with every declaration
_lock = threading.Lock()


def run_id(name, tick_ms):
    return "sched-%s-%d" % (name, int(tick_ms))


def check(name, workflowName, cronExpr, timeZone="UTC", inputs=None, queueName=None,
          missedPolicy="skip", maxCatchup=10):
    """A checked schedule spec (errors name the argument and the fix)."""
    if not isinstance(name, compat.string_types) or not NAME_RE.match(name):
        raise InvalidArgument("schedule name %r: use 1-40 letters, digits, '_', '.', ':' or '-' "
                              "(it is part of each run's id)" % (name,))
    V.text("workflowName", workflowName, required=True)
    c = cron.Cron(cronExpr, timeZone or "UTC")
    if missedPolicy not in POLICIES:
        raise InvalidArgument("missedPolicy must be 'skip' (run only the latest missed tick) or "
                              "'catchup' (run missed ticks, at most maxCatchup), got %r"
                              % (missedPolicy,))
    if isinstance(maxCatchup, bool) or not isinstance(maxCatchup, compat.integer_types) \
            or not 1 <= maxCatchup <= MAX_CATCHUP_LIMIT:
        raise InvalidArgument("maxCatchup must be a whole number from 1 to %d, got %r"
                              % (MAX_CATCHUP_LIMIT, maxCatchup))
    if inputs is not None and not isinstance(inputs, dict):
        raise InvalidArgument("schedule inputs must be a dict of the workflow's parameters, got "
                              "a %s" % type(inputs).__name__)
    return {"name": compat.to_text(name), "workflow": compat.to_text(workflowName),
            "cron": c.expr, "tz": c.tz, "inputs_json": ser.dumps(inputs or {}, "schedule inputs"),
            "queue": S.resolveQueueName(V.text("queueName", queueName)),
            "policy": missedPolicy, "max_catchup": int(maxCatchup)}


def declare(workflowName, cronExpr, timeZone="UTC", inputs=None, queueName=None,
            missedPolicy="skip", maxCatchup=10, name=None):
    """Record a schedule declared in code (``@workflow(schedule=...)``)."""
    spec = check(name or workflowName, workflowName, cronExpr, timeZone, inputs, queueName,
                 missedPolicy, maxCatchup)
    with _lock:
        _declared[spec["name"]] = spec
        _version[0] = compat.new_uuid()
    return spec["name"]


def _upsert(db, spec, now, declared, tx=None):
    rows = host.db_query("SELECT cron_expr, time_zone, paused, next_fire_at FROM schedules WHERE "
                         "schedule_name = ?", [spec["name"]], db, tx)
    c = cron.Cron(spec["cron"], spec["tz"])
    if rows:
        same = (compat.to_text(rows[0]["cron_expr"]) == spec["cron"]
                and compat.to_text(rows[0]["time_zone"]) == spec["tz"])
        nxt = rows[0]["next_fire_at"] if same else c.next_after(now)
        return host.db_update(
            "UPDATE schedules SET workflow_name = ?, cron_expr = ?, time_zone = ?, inputs_json = ?, "
            "queue_name = ?, missed_policy = ?, max_catchup = ?, declared = ?, next_fire_at = ?, "
            "updated_at = ? WHERE schedule_name = ?",
            [spec["workflow"], spec["cron"], spec["tz"], spec["inputs_json"], spec["queue"],
             spec["policy"], spec["max_catchup"], 1 if declared else 0, nxt, now, spec["name"]],
            db, tx)
    return host.db_update(
        "INSERT INTO schedules (%s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, NULL, ?, ?)" % COLS,
        [spec["name"], spec["workflow"], spec["cron"], spec["tz"], spec["inputs_json"],
         spec["queue"], spec["policy"], spec["max_catchup"], 1 if declared else 0,
         c.next_after(now), now, now], db, tx)


def add(rt, spec):
    """Create or replace a schedule (run-time management); its listing."""
    if not registry.has_workflow(spec["workflow"]):
        raise InvalidArgument("addSchedule: workflow %r is not registered on this gateway; "
                              "register it with @workflow first" % spec["workflow"])
    V.bind_inputs(spec["workflow"], registry.workflow_fn(spec["workflow"]),
                  _inputs_for(spec["workflow"], ser.loads(spec["inputs_json"], {}), 0))
    try:
        txm.in_tx(rt.dbName, lambda tx: _upsert(rt.dbName, spec, host.now_ms(), False, tx))
    except compat.CATCHABLE as exc:  # two gateways adding it at once: the row now exists
        try:
            txm.in_tx(rt.dbName, lambda tx: _upsert(rt.dbName, spec, host.now_ms(), False, tx))
        except compat.CATCHABLE:
            raise PersistenceError("could not store schedule %r: %s"
                                   % (spec["name"], clip(compat.exception_text(exc))))
    K.wake(rt.kernel)
    return get(rt, spec["name"])


def sync_declared(rt):
    """Write this interpreter's declared schedules to ``rt.dbName`` once per gateway
    (remembered in the kernel: a new gateway or a new database is written again)."""
    db = rt.dbName
    timers = K.get(rt.kernel, "timers")
    key = "schedules.declared:" + db
    with _lock:
        version = _version[0]
        specs = list(_declared.values())
    if compat.map_get(timers, key) == version:
        return 0
    for spec in specs:
        txm.in_tx(db, lambda tx, spec=spec: _upsert(db, spec, host.now_ms(), True, tx))
    compat.map_put(timers, key, version)
    return len(specs)


def set_paused(rt, name, paused):
    """Pause / resume a schedule; True if it exists. Resuming fires from now on."""
    now = host.now_ms()
    if paused:
        n = host.db_update("UPDATE schedules SET paused = 1, updated_at = ? WHERE schedule_name = ?",
                           [now, name], rt.dbName)
    else:
        row = get(rt, name)
        if row is None:
            return False
        nxt = cron.Cron(row["cron"], row["timeZone"]).next_after(now)
        n = host.db_update("UPDATE schedules SET paused = 0, next_fire_at = ?, updated_at = ? "
                           "WHERE schedule_name = ?", [nxt, now, name], rt.dbName)
        K.wake(rt.kernel)
    return n == 1


def remove(rt, name):
    """Delete a schedule (its past runs stay); True if it existed. A schedule declared in
    code comes back when the code is loaded again (remove the declaration too)."""
    return host.db_update("DELETE FROM schedules WHERE schedule_name = ?", [name], rt.dbName) == 1


def _info(r):
    return {"name": compat.to_text(r["schedule_name"]),
            "workflowName": compat.to_text(r["workflow_name"]),
            "cron": compat.to_text(r["cron_expr"]), "timeZone": compat.to_text(r["time_zone"]),
            "inputs": ser.loads(r["inputs_json"], {}), "queueName": compat.to_text(r["queue_name"]),
            "missedPolicy": compat.to_text(r["missed_policy"]), "maxCatchup": int(r["max_catchup"]),
            "paused": bool(int(r["paused"])), "declared": bool(int(r["declared"])),
            "nextFireMs": None if r["next_fire_at"] is None or int(r["paused"]) else
            int(r["next_fire_at"]),
            "lastFireMs": None if r["last_fire_at"] is None else int(r["last_fire_at"])}


def get(rt, name):
    rows = host.db_query("SELECT %s FROM schedules WHERE schedule_name = ?" % COLS, [name],
                         rt.dbName)
    return _info(rows[0]) if rows else None


def list_all(rt):
    return [_info(r) for r in host.db_query("SELECT %s FROM schedules ORDER BY schedule_name"
                                            % COLS, [], rt.dbName)]


def _inputs_for(workflow, inputs, tick):
    inputs = dict(inputs or {})
    fn = registry.workflow_fn(workflow) if registry.has_workflow(workflow) else None
    if fn is not None and "scheduledAtMs" in (V._signature(fn) or ([],))[0]:
        inputs["scheduledAtMs"] = int(tick)
    return inputs


def _ticks(r, now):
    """The ticks to run now and the next fire time after ``now``."""
    c = cron.Cron(compat.to_text(r["cron_expr"]), compat.to_text(r["time_zone"]))
    first = int(r["next_fire_at"])
    keep = 1 if compat.to_text(r["missed_policy"]) == "skip" else int(r["max_catchup"])
    due = []
    t = first
    walked = 0
    while t <= now and walked < SCAN_LIMIT:
        due.append(t)
        if len(due) > keep:
            del due[0]
        t = c.next_after(t)
        walked += 1
    if t <= now:  # more than SCAN_LIMIT ticks missed: jump to the present
        t = c.next_after(now)
    return due, t


def _fire_one(rt, r, now):
    db = rt.dbName
    name = compat.to_text(r["schedule_name"])
    workflow = compat.to_text(r["workflow_name"])
    due, nxt = _ticks(r, now)
    inputs = ser.loads(r["inputs_json"], {})
    made = []

    def work(tx):
        del made[:]
        n = host.db_update("UPDATE schedules SET next_fire_at = ?, last_fire_at = ?, updated_at = ? "
                           "WHERE schedule_name = ? AND next_fire_at = ? AND paused = 0",
                           [nxt, due[-1] if due else r["last_fire_at"], now, name,
                            int(r["next_fire_at"])], db, tx)
        if n != 1:
            return 0  # another gateway claimed these ticks (or it was paused / changed)
        for tick in due:
            wid = run_id(name, tick)
            if host.db_query("SELECT workflow_id FROM workflow_status WHERE workflow_id = ?",
                             [wid], db, tx):
                continue  # the tick's run exists (schedule removed and added again)
            row = starts.build_row(rt, workflow, _inputs_for(workflow, inputs, tick),
                                   compat.to_text(r["queue_name"]), workflowId=wid)
            runs.insert(db, row, tx)
            made.append(wid)
        return 1
    won = txm.in_tx(db, work)
    if won:
        faults.point("after_schedule_commit")
    if won and made:
        K.count(rt.kernel, "schedules.runs", len(made))
        K.wake(rt.kernel)
    return len(made) if won else 0


def fire_due(rt, now):
    """Fire every due tick of every active schedule on ``rt.dbName``; runs started here."""
    sync_declared(rt)
    rows = host.db_query("SELECT %s FROM schedules WHERE paused = 0 AND next_fire_at <= ?" % COLS,
                         [int(now)], rt.dbName)
    started = 0
    failed = []
    for r in rows:
        try:
            started += _fire_one(rt, r, now)
        except compat.CATCHABLE as exc:  # one bad schedule never stops the others
            failed.append(exc)
            rt._log.error("evt=schedule.fire_failed schedule=%s error=%s"
                          % (compat.to_text(r["schedule_name"]), clip(compat.exception_text(exc))))
    if failed:  # the caller retries at its next cycle (the ticks are still due)
        raise failed[0]
    return started


def next_fire(rt):
    """The earliest next fire time of an active schedule (host ms), or None."""
    rows = host.db_query("SELECT MIN(next_fire_at) AS m FROM schedules WHERE paused = 0", [],
                         rt.dbName)
    value = list(rows[0].values())[0] if rows else None
    return None if value is None else int(value)
