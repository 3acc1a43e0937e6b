"""The chaos workload: workflows whose side effects are counted OUTSIDE the engine.

Every step body appends one JSON line to the effects file (``O_APPEND`` + fsync,
one ``write`` per line, so a SIGKILL never leaves half a line) and returns the
random token it wrote. The recorded output of a completed step therefore names
exactly one execution; ``chaos_checks`` proves no execution of that step
happened after it (a completed step never runs twice) while allowing earlier,
interrupted executions (at-least-once, as designed).

Line kinds (JSON arrays):
  ["E", t_ms, gw, wid, key, token, ok, t_start_ms]
                                         a step execution (ok False = a failing attempt)
  ["S", wid]                             the start of run ``wid`` was acknowledged
  ["B", batch]                           every start of ``batch`` was acknowledged
  ["M", wid, dest, topic, uuid]          an external send was acknowledged
  ["K", wid]                             about to call cancelWorkflow(wid)
  ["C", wid, n, t_ms]                    cancelWorkflow(wid) returned n at t_ms

The plan is a pure function of (batch, sizes): a restarted worker re-issues the
same starts with the same workflow ids (idempotent start), as a real caller
retrying after a crash would.
May import: the standard library and ``exchange.workflows``.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import threading
import time
import uuid

from exchange.workflows.bootstrap import call, parallel, step, workflow
from exchange.workflows.engine.runtime import WorkflowsRuntime

STATE = {"fd": None, "gw": "?", "flaky": {}, "step_ms": 0, "fsync": True}
_lock = threading.Lock()
PART_QUEUE = "part"
N_PARTITIONS = 20
RATE_QUEUE = "rated"
RATE = (3, 1.0)  # at most 3 starts per second in RATE_QUEUE, across gateways
RECV_TIMEOUT_S = 300  # a message that never comes shows up as None in the result (= lost)


def open_effects(path, gw_name):
    STATE["fd"] = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    STATE["gw"] = gw_name


def emit(record):
    line = (json.dumps(record, separators=(",", ":")) + "\n").encode("utf-8")
    fd = STATE["fd"]
    with _lock:
        os.write(fd, line)
        if STATE["fsync"]:
            os.fsync(fd)


def effect(wid, key, ok=True, started_ms=None):
    token = uuid.uuid4().hex
    now = int(time.time() * 1000)
    emit(["E", now, STATE["gw"], wid, key, token, ok, now if started_ms is None else started_ms])
    return token


def _rt():
    return WorkflowsRuntime.getCurrentRuntime()


def _wid():
    return WorkflowsRuntime.getCurrentContext().workflowId


# --- steps -------------------------------------------------------------------------
@step("chaos.work")
def work(wid, key):
    started = int(time.time() * 1000)
    if STATE["step_ms"]:
        time.sleep(STATE["step_ms"] / 1000.0)  # a step that takes a while (multi-gateway)
    return {"t": effect(wid, key, started_ms=started)}


@step("chaos.flaky", options={"retries_allowed": True, "max_attempts": 4,
                              "interval_seconds": 0.02, "backoff_rate": 2.0})
def flaky(wid, key):
    # Fails its first two attempts in each process: exercises retry + backoff +
    # crash-during-backoff (nothing is recorded before the final attempt).
    with _lock:
        n = STATE["flaky"].get((wid, key), 0) + 1
        STATE["flaky"][(wid, key)] = n
    if n <= 2:
        effect(wid, key, ok=False)
        raise RuntimeError("flaky attempt %d of %s/%s" % (n, wid, key))
    return {"t": effect(wid, key)}


# --- workflows -------------------------------------------------------------------------
@workflow("chaos.linear")
def linear(steps=5, events=True):
    wid = _wid()
    out = []
    for i in range(int(steps)):
        out.append(work(wid, "s%d" % i)["t"])
        if events and i % 2 == 1:
            _rt().setEvent("progress", i)
    return out


@workflow("chaos.retry")
def retry(steps=2):
    wid = _wid()
    out = [work(wid, "pre")["t"]]
    for i in range(int(steps)):
        out.append(flaky(wid, "f%d" % i)["t"])
    return out


@workflow("chaos.sleeper")
def sleeper(seconds=0.5):
    wid = _wid()
    a = work(wid, "before")["t"]
    _rt().sleep(float(seconds))
    b = work(wid, "after")["t"]
    return [a, b]


@workflow("chaos.receiver")
def receiver(count=4, topic="data"):
    wid = _wid()
    got = []
    for j in range(int(count)):
        m = _rt().recv(topic, RECV_TIMEOUT_S)
        got.append(m)
        work(wid, "r%d" % j)
    return got


@workflow("chaos.sender")
def sender(dest, count=2, topic="data"):
    wid = _wid()
    for j in range(int(count)):
        work(wid, "x%d" % j)
        _rt().send(dest, {"from": wid, "n": j}, topic)
    return int(count)


_NEXT = {("RUNNING", "HOLD"): "HELD", ("HELD", "RESUME"): "RUNNING"}


@workflow("chaos.phase")
def phase(commander):
    """ISA-88-style phase: applies HOLD/RESUME/STOP from its mailbox, acks each one."""
    wid = _wid()
    state = "RUNNING"
    seen = []
    while True:
        c = _rt().recvCommand(currentState=state, topic="cmd", timeoutSeconds=RECV_TIMEOUT_S)
        if c is None:
            seen.append(None)
            break
        cmd = c["cmd"]
        seen.append(cmd)
        work(wid, "cmd%d" % len(seen))
        _rt().send(commander, {"ack": cmd, "n": len(seen)}, "ack")
        if cmd == "STOP":
            break
        state = _NEXT.get((state, cmd), state)
    return seen


@workflow("chaos.commander")
def commander(phase):
    acks = []
    for cmd in ("HOLD", "RESUME", "STOP"):
        _rt().send(phase, {"cmd": cmd}, "cmd")
        acks.append(_rt().recv("ack", RECV_TIMEOUT_S))
    return acks


@workflow("chaos.long")
def long_run(steps=40):
    """Long enough to be cancelled mid-way by the caller (see chaos_worker.seed)."""
    wid = _wid()
    return [work_slow(wid, "l%d" % i)["t"] for i in range(int(steps))]


@step("chaos.work_slow")
def work_slow(wid, key):
    started = int(time.time() * 1000)
    time.sleep(0.05)
    return {"t": effect(wid, key, started_ms=started)}


@workflow("chaos.parent")
def parent(child_steps=2):
    """Starts a child run (a checkpointed op) and awaits its result (another op)."""
    wid = _wid()
    cid = _rt().enqueue("chaos.linear", {"steps": int(child_steps), "events": False})
    res = _rt().retrieve(cid).getResult(RECV_TIMEOUT_S)
    work(wid, "after-child")
    return [cid, len(res)]


@workflow("chaos.fanout")
def fanout(width=4):
    """Parallel steps: ``width`` branches at once, then one step after the join."""
    wid = _wid()
    outs = parallel([call(work, wid, "p%d" % i) for i in range(int(width))])
    return [o["t"] for o in outs] + [work(wid, "join")["t"]]


@workflow("chaos.ticked")
def ticked(scheduledAtMs=None):
    """Started by the schedule SCHEDULE (one run per tick, id derived from the tick)."""
    wid = _wid()
    return [work(wid, "tick")["t"], scheduledAtMs]


@workflow("chaos.debounced")
def debounced(n):
    """Started through a debounce key: a burst of starts coalesces into one run whose
    inputs are the latest start's."""
    wid = _wid()
    work(wid, "deb")
    return int(n)


@workflow("chaos.kids")
def kids(width=2, steps=40):
    """Starts ``width`` slow children and awaits them; the caller cancels it mid-way
    (the cancel cascades to the children)."""
    rt = _rt()
    handles = [rt.startWorkflow("chaos.long", {"steps": int(steps)}) for _ in range(int(width))]
    return [len(h.getResult(RECV_TIMEOUT_S)) for h in handles]


# A schedule every gateway adds at start (idempotent): catch-up with a large bound, so
# every tick between its creation and its last fire has exactly one run.
SCHEDULE = {"name": "chaos-every-minute", "workflowName": "chaos.ticked", "cron": "* * * * *",
            "missedPolicy": "catchup", "maxCatchup": 1000}
DEBOUNCE_BURST = 4
DEBOUNCE_SECONDS = 0.3


# --- the plan ------------------------------------------------------------------------
def batch_plan(batch, linear_runs=6, partitioned_runs=6, mail=True, tag="r"):
    """Starts of one batch: dicts (wid, name, inputs, queue, partitionKey)."""
    p = "%s%d" % (tag, batch)
    out = []

    def add(wid, name, inputs, queue=None, pkey=None):
        out.append({"wid": wid, "name": name, "inputs": inputs, "queue": queue, "pkey": pkey})
    for i in range(linear_runs):
        add("%s-lin-%d" % (p, i), "chaos.linear", {"steps": 3 + i % 4})
    for i in range(partitioned_runs):
        add("%s-part-%d" % (p, i), "chaos.linear", {"steps": 3, "events": False}, PART_QUEUE,
            "k%d" % ((batch * 7 + i) % N_PARTITIONS))
    add("%s-retry" % p, "chaos.retry", {"steps": 2})
    add("%s-sleep" % p, "chaos.sleeper", {"seconds": 0.4})
    add("%s-parent" % p, "chaos.parent", {"child_steps": 2})
    add("%s-long" % p, "chaos.long", {"steps": 40})
    add("%s-fan" % p, "chaos.fanout", {"width": 4})
    for i in range(4):
        add("%s-rate-%d" % (p, i), "chaos.linear", {"steps": 2, "events": False}, RATE_QUEUE)
    add("%s-kids" % p, "chaos.kids", {"width": 2, "steps": 40})
    if mail:
        rcv = "%s-rcv" % p
        add(rcv, "chaos.receiver", {"count": 4, "topic": "data"})
        add("%s-snd" % p, "chaos.sender", {"dest": rcv, "count": 2, "topic": "data"})
        add("%s-phase" % p, "chaos.phase", {"commander": "%s-cmdr" % p})
        add("%s-cmdr" % p, "chaos.commander", {"phase": "%s-phase" % p})
    return out


def external_messages(batch, tag="r"):
    """Sends issued by the caller (outside any workflow) with idempotency keys."""
    rcv = "%s%d-rcv" % (tag, batch)
    return [(rcv, "data", {"from": "ext", "n": j}, "%s%d-ext-%d" % (tag, batch, j))
            for j in range(2)]


def expected_messages(batch, tag="r"):
    """What the receiver of ``batch`` must get, each exactly once (any order)."""
    snd = "%s%d-snd" % (tag, batch)
    return sorted([json.dumps({"from": snd, "n": j}, sort_keys=True) for j in range(2)] +
                  [json.dumps({"from": "ext", "n": j}, sort_keys=True) for j in range(2)])
