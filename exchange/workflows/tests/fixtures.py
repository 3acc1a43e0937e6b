"""Fixture workflows and steps of upstream's acceptance checklist (``tests.*`` names).

Part of the library, like upstream's ``tests.fixtures``, so a project that drops
``exchange/`` into its script library can run ``apps.load(include_tests=True)``
(upstream's self-test suites) without this repository's ``tests/`` folder.
Registered only when imported (``apps.load(include_tests=True)``); never part of
the production registration. Counters live in this module behind a lock (the
tests run in one interpreter). Sleeps go through ``engine.context.sleep`` so they
are cancel-aware and on the gateway clock.

May import: ``exchange.workflows.bootstrap``, ``exchange.workflows.engine.context``.
"""
from __future__ import absolute_import, division, print_function

import threading

from exchange.workflows.bootstrap import getWorkflows, step, workflow
from exchange.workflows.engine import context

_lock = threading.Lock()
_counters = {}

FIXTURE_WORKFLOWS = (
    "tests.retry_workflow", "tests.hold_resume", "tests.command_priority_probe",
    "tests.partition_sleep", "tests.cancel_cooperative", "tests.timeout_short",
    "tests.step_persist_smoke", "tests.replay_error_workflow", "tests.replay_success_workflow",
    "tests.nonserializable_result", "tests.maintenance_long_running", "tests.fast_enqueue_target",
)
FIXTURE_STEPS = ("tests.unstable_step", "tests.fast_side_effect_step", "tests.always_fail_step",
                 "tests.counting_step")


def bump(name, delta=1):
    with _lock:
        _counters[name] = _counters.get(name, 0) + delta
        return _counters[name]


def counter(name):
    with _lock:
        return _counters.get(name, 0)


def reset_counters():
    with _lock:
        _counters.clear()


def _rt():
    return getWorkflows()


# --- steps ---------------------------------------------------------------------

@step(name="tests.unstable_step",
      options={"retries_allowed": True, "interval_seconds": 0.05, "max_attempts": 5,
               "backoff_rate": 1.0})
def unstable_step(fail_until=4):
    """Fails until it has been called more than ``fail_until`` times."""
    n = bump("unstable")
    if n <= int(fail_until):
        raise RuntimeError("unstable_step attempt %d fails (fail_until=%s)" % (n, fail_until))
    return {"attempt": n}


@step(name="tests.fast_side_effect_step")
def fast_side_effect_step(value=None):
    _rt().writeStream("log", {"msg": "fast_side_effect_step", "value": value})
    return {"value": value}


@step(name="tests.always_fail_step")
def always_fail_step(marker="default"):
    bump("always_fail:%s" % marker)
    raise RuntimeError("always_fail_step failed (marker=%s)" % marker)


@step(name="tests.counting_step")
def counting_step(key="count", payload=None):
    bump("counting:%s" % key)
    return {"key": key, "payload": payload}


# --- workflows -----------------------------------------------------------------

@workflow(name="tests.retry_workflow")
def retry_workflow(fail_until=4):
    return unstable_step(fail_until)


@workflow(name="tests.hold_resume")
def hold_resume(hold_seconds=2):
    """RUNNING until HOLD, HELD until RESUME (or STOP); records phase.state events."""
    rt = _rt()
    rt.setEvent("phase.state", "RUNNING")
    state = "RUNNING"
    seen = []
    for _ in range(600):
        rt.checkCancelled()
        got = rt.recvCommand(currentState=state, timeoutSeconds=float(hold_seconds))
        if got is None:
            if state == "RUNNING" and "RESUME" in seen:
                break
            continue
        seen.append(got["cmd"])
        if got["cmd"] == "HOLD":
            state = "HELD"
        elif got["cmd"] == "RESUME":
            state = "RUNNING"
        elif got["cmd"] == "STOP":
            state = "STOPPED"
        rt.setEvent("phase.state", state)
        if state in ("STOPPED",) or (state == "RUNNING" and "RESUME" in seen):
            break
    return {"state": state, "seen": seen}


@workflow(name="tests.command_priority_probe")
def command_priority_probe(state="RUNNING", wait_s=2.0, max_messages=5):
    got = _rt().recvCommand(currentState=state, timeoutSeconds=float(wait_s),
                            maxMessages=int(max_messages))
    return {"chosen": got["cmd"] if got else None}


@workflow(name="tests.partition_sleep")
def partition_sleep(sleep_ms=1500):
    bump("partition_sleep.started")
    context.sleep(float(sleep_ms) / 1000.0)
    return {"slept_ms": sleep_ms}


def _cooperative_sleep(seconds):
    rt = _rt()
    slices = max(1, int(float(seconds) / 0.05))
    for _ in range(slices):
        rt.checkCancelled()
        context.sleep(0.05)


@workflow(name="tests.cancel_cooperative")
def cancel_cooperative(sleep_s=5):
    _cooperative_sleep(sleep_s)
    return {"ok": True}


@workflow(name="tests.timeout_short")
def timeout_short(sleep_s=5):
    _cooperative_sleep(sleep_s)
    return {"ok": True}


@workflow(name="tests.step_persist_smoke")
def step_persist_smoke():
    return counting_step("persist", {"hello": "world"})


@workflow(name="tests.replay_error_workflow")
def replay_error_workflow(marker="default"):
    return always_fail_step(marker)


@workflow(name="tests.replay_success_workflow")
def replay_success_workflow(payload=None):
    return counting_step("replay_success", payload)


@workflow(name="tests.nonserializable_result")
def nonserializable_result():
    return {"value": object()}


@workflow(name="tests.maintenance_long_running")
def maintenance_long_running(sleep_s=20, heartbeat_ms=200):
    rt = _rt()
    bump("maintenance_long_running.started")
    rounds = max(1, int(float(sleep_s) * 1000 / max(1, int(heartbeat_ms))))
    for _ in range(rounds):
        rt.checkCancelled()
        context.sleep(int(heartbeat_ms) / 1000.0)
    return {"ok": True}


@workflow(name="tests.fast_enqueue_target")
def fast_enqueue_target(value=None):
    fast_side_effect_step(value)
    return {"value": value}
