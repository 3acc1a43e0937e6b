"""Execution ownership: one execution of a run at a time (issue 11 bugs 1, 2, 5, 11).

* bug 1: cancel + resume while a step runs never starts a second, concurrent execution;
  the dispatcher never hands a run this gateway still executes to a second worker; a
  gateway restarting under the same name leaves a live twin's runs alone and reports it.
* bug 2: a refused resume leaves the operation log untouched.
* bug 5: a step or workflow raising SystemExit / any BaseException ends the run in ERROR
  and never kills a worker thread.
* bug 11: a run enqueued once ``enterMaintenance('drain')`` returned is never dispatched,
  even by a dispatch cycle that had already passed its maintenance check.
The shared body of the bug 1 scenario also runs on PostgreSQL (persistence/test_ownership_pg.py).
"""
from __future__ import absolute_import, division, print_function

import threading

import pytest

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import dispatcher, host, kernel as K, leases, recovery
from exchange.workflows.engine.persistence import claims
from exchange.workflows.engine.runtime import WorkflowsRuntime
from exchange.workflows.errors import ExecutionStillRunning

import helpers as h

# --- a step that blocks until released, counting concurrent executions ------------------------
GATE = {"release": threading.Event()}
_lock = threading.Lock()
CONC = {"now": 0, "max": 0, "entered": 0}


def reset_gate():
    GATE["release"] = threading.Event()
    with _lock:
        CONC.update(now=0, max=0, entered=0)


@step("own.block")
def block(tag):
    with _lock:
        CONC["entered"] += 1
        CONC["now"] += 1
        CONC["max"] = max(CONC["max"], CONC["now"])
    try:
        GATE["release"].wait(20)
    finally:
        with _lock:
            CONC["now"] -= 1
    return tag


@step("own.after")
def after():
    return h.bump("own.after")


@workflow("own.flow")
def flow():
    return [block("a"), after()]


def entered():
    with _lock:
        return CONC["entered"]


def run_status(rt, wid):
    return (rt.getStatus(wid) or {}).get("status")


def cancel_then_resume_while_step_runs(rt):
    """The bug 1 scenario on ``rt``'s datasource; returns the run id (asserts inside)."""
    reset_gate()
    h.reset()
    wid = rt.enqueue("own.flow")
    h.wait_for(lambda: entered() == 1, 15, "step entered")
    assert rt.cancelWorkflow(wid, "operator") == 1
    out = {}

    def resume():
        try:
            out["resumed"] = rt.resumeWorkflow(wid, waitSeconds=20)
        except Exception as exc:  # reported by the assertion below
            out["error"] = exc
    t = threading.Thread(target=resume)
    t.start()
    try:
        # Before the fix a second worker entered the step here while the first still ran it.
        # After it, resume waits for the cancelled execution to stop (counted once).
        h.wait_for(lambda: entered() >= 2 or "error" in out or
                   K.counters(rt.kernel).get("resume.waiting_for_execution"), 15,
                   "a second execution or resume waiting")
    finally:
        GATE["release"].set()
        t.join(30)
    assert out.get("resumed") is True, out
    h.wait_for(lambda: run_status(rt, wid) == "SUCCESS", 20, "resumed run SUCCESS")
    assert CONC["max"] == 1, "step body ran %d times at once" % CONC["max"]
    # the cancelled execution's step never got recorded, so the resumed one ran it again
    assert CONC["entered"] == 2 and h.count("own.after") == 1
    return wid


def test_cancel_then_resume_while_step_runs_executes_once_at_a_time(wf):
    wid = cancel_then_resume_while_step_runs(wf)
    assert [s["name"] for s in wf.listRunSteps(wid)] == ["own.block", "own.after"]


def test_resume_refuses_when_cancelled_execution_does_not_stop(wf):
    reset_gate()
    wid = wf.enqueue("own.flow")
    h.wait_for(lambda: entered() == 1, 15, "step entered")
    assert wf.cancelWorkflow(wid) == 1
    try:
        with pytest.raises(ExecutionStillRunning) as ei:
            wf.resumeWorkflow(wid, waitSeconds=0.1)
        assert ei.value.code == "EXECUTION_STILL_RUNNING"
        assert wid in str(ei.value) and "waitSeconds" in str(ei.value)
        assert h.status(wid) == "CANCELLED"
    finally:
        GATE["release"].set()
    # once the execution stopped, resume works
    h.wait_for(lambda: not K.compat.map_get(K.get(wf.kernel, "activeWorkflows"), wid), 15,
               "cancelled execution stopped")
    assert wf.resumeWorkflow(wid) is True
    assert h.wait_status(wid) == "SUCCESS"
    assert CONC["max"] == 1


def test_dispatcher_never_hands_a_locally_running_run_to_a_second_worker(wf):
    reset_gate()
    wid = wf.enqueue("own.flow")
    h.wait_for(lambda: entered() == 1, 15, "step entered")
    # the row says ENQUEUED while this gateway still executes it (e.g. a stray write)
    h.force_reenqueue(wid)
    try:
        assert wf.dispatch() == 0
        assert h.status(wid) == "ENQUEUED" and entered() == 1
    finally:
        GATE["release"].set()
    # the first execution's writes fail (no longer RUNNING for it); once it stopped, the
    # run is claimed again and finishes
    assert h.wait_status(wid, timeout=15) == "SUCCESS"
    assert CONC["max"] == 1


def test_twin_gateway_with_same_name_keeps_live_runs_and_is_reported(wf):
    """A second gateway with this gateway's name starts (a 'restart' of the twin): it must
    not re-enqueue the runs this live gateway executes, and it reports the duplicate."""
    reset_gate()
    wid = wf.enqueue("own.flow")
    h.wait_for(lambda: entered() == 1, 15, "step entered")
    twin_k = K._new_kernel()
    K.put(twin_k, "config", K.get(wf.kernel, "config"))
    K.compat.map_put(K.get(twin_k, "dbs"), wf.dbName, K.compat.map_get(K.get(wf.kernel, "dbs"),
                                                                      wf.dbName))
    twin = WorkflowsRuntime(wf.dbName, twin_k)
    assert K.get(twin_k, "nodeId") == K.get(wf.kernel, "nodeId")
    assert twin.executor_id != wf.executor_id
    try:
        assert recovery.startup(twin) == 0
        assert h.status(wid) == "RUNNING"
        leases.beat(wf)  # the live gateway heartbeats after the twin started
        recovery.sweeps(twin, host.now_ms())
        assert h.status(wid) == "RUNNING"
        assert K.counters(twin_k).get("node.duplicate_name") == 1
        assert wf.executor_id in K.compat.map_keys(K.get(twin_k, "duplicateExecutors"))
    finally:
        GATE["release"].set()
    assert h.wait_status(wid, timeout=15) == "SUCCESS"
    assert CONC["max"] == 1 and CONC["entered"] == 1


def test_predecessor_silent_long_enough_is_recovered_at_startup(wf):
    """The earlier executor of this node stopped heartbeating before we started: recovered."""
    node = K.get(wf.kernel, "nodeId")
    wf.enterMaintenance("drain")
    wid = wf.enqueue("own.after.flow", allowDuringMaintenance=True)
    stale = K.compat.atomic_get(K.get(wf.kernel, "createdAtMs")) - \
        recovery.silence_ms(wf.kernel) - 1
    h.u("UPDATE workflow_status SET status='RUNNING', claimed_by=?, claimed_node=?, executions=1, "
        "heartbeat_at_epoch_ms=?, lease_expires_at=? WHERE workflow_id=?",
        [node + ":previous", node, stale, host.now_ms() + 600000, wid])
    assert recovery.startup(wf) == 1
    wf.exitMaintenance()
    assert h.wait_status(wid) == "SUCCESS"


@workflow("own.after.flow")
def after_flow():
    return after()


# --- bug 2: a refused resume leaves the op log alone ---------------------------------------------
@step("own.fails", options={"max_attempts": 1})
def fails():
    raise ValueError("boom")


@workflow("own.catches")
def catches(block_after=False):
    try:
        fails()
    except ValueError:
        pass
    if block_after:
        return block("b")
    return "handled"


def _ops(rt, wid):
    return [(s["seq"], s["name"], s["status"]) for s in rt.listRunSteps(wid)]


def test_refused_resume_of_success_run_keeps_its_op_log(wf):
    wid = wf.enqueue("own.catches")
    assert wf.getResult(wid, 10) == "handled"
    assert _ops(wf, wid) == [(1, "own.fails", "ERROR")]
    assert wf.resumeWorkflow(wid) is False
    assert _ops(wf, wid) == [(1, "own.fails", "ERROR")]
    assert h.status(wid) == "SUCCESS"


def test_refused_resume_of_running_run_keeps_its_op_log(wf):
    reset_gate()
    wid = wf.enqueue("own.catches", {"block_after": True})
    h.wait_for(lambda: entered() == 1, 15, "second step entered")
    try:
        assert _ops(wf, wid) == [(1, "own.fails", "ERROR")]
        assert wf.resumeWorkflow(wid) is False
        assert _ops(wf, wid) == [(1, "own.fails", "ERROR")]
        assert h.status(wid) == "RUNNING"
    finally:
        GATE["release"].set()
    assert wf.getResult(wid, 10) == "b"


# --- bug 5: BaseException from user code --------------------------------------------------------
class Halt(BaseException):
    pass


@step("own.exit", options={"retries_allowed": True, "max_attempts": 3})
def exits(kind):
    h.bump("own.exit")
    if kind == "exit":
        raise SystemExit(3)
    raise Halt("halt requested")


@workflow("own.exit.flow")
def exit_flow(kind="exit", where="step"):
    if where == "workflow":
        raise SystemExit("workflow body exits")
    return exits(kind)


@pytest.mark.parametrize("kind,where", [("exit", "step"), ("halt", "step"), ("exit", "workflow")])
def test_base_exception_fails_the_run_and_keeps_the_worker(wf, kind, where):
    h.reset()
    dispatcher.ensure_threads(wf)
    workers = K.compat.atomic_get(K.get(wf.kernel, "workerThreads"))
    assert workers == int(K.config(wf.kernel, "workflowWorkers"))
    wid = wf.enqueue("own.exit.flow", {"kind": kind, "where": where})
    assert h.wait_status(wid) == "ERROR"
    err = wf.getStatus(wid)["error"]
    assert ("SystemExit" if kind == "exit" else "Halt") in (err.get("message", "") +
                                                            err.get("exceptionType", "") +
                                                            str(err))
    if where == "step":
        assert h.count("own.exit") == 1  # a request to stop is not retried
        assert _ops(wf, wid) == [(1, "own.exit", "ERROR")]
    # the worker survived: the pool is whole and the next run executes
    assert K.compat.atomic_get(K.get(wf.kernel, "workerThreads")) == workers
    assert wf.getResult(wf.enqueue("own.after.flow"), 10) >= 1


# --- bug 11: maintenance entered while a dispatch cycle is under way ------------------------------
def test_run_enqueued_after_enter_maintenance_is_not_dispatched(wf, monkeypatch):
    real = claims.candidates
    me = threading.current_thread()
    started = []

    def racing_candidates(*args, **kwargs):
        # This cycle passed its maintenance check; maintenance is entered and a run enqueued
        # before it reads its candidates (what a loaded machine does).
        if threading.current_thread() is me and not started:
            wf.enterMaintenance("drain")
            started.append(wf.enqueue("own.after.flow", allowDuringMaintenance=True))
        return real(*args, **kwargs)
    monkeypatch.setattr(claims, "candidates", racing_candidates)
    assert dispatcher.cycle(wf) == 0
    assert h.status(started[0]) == "ENQUEUED"
    monkeypatch.setattr(claims, "candidates", real)
    wf.exitMaintenance()
    assert h.wait_status(started[0]) == "SUCCESS"


def test_own_orphan_recovery_counts_attempts_and_dead_letters(wf):
    """A run this executor claimed but no longer executes (its worker vanished) is
    re-enqueued with a counted recovery, so it cannot loop forever (bug 5's symptom)."""
    wf.configure(maxRecoveryAttempts=1)
    wf.enterMaintenance("drain")
    wid = wf.enqueue("own.after.flow", allowDuringMaintenance=True)
    for attempt in (1, 2):
        h.u("UPDATE workflow_status SET status='RUNNING', claimed_by=?, claimed_node=?, "
            "executions=?, lease_expires_at=? WHERE workflow_id=?",
            [wf.executor_id, K.get(wf.kernel, "nodeId"), attempt, host.now_ms() - 1, wid])
        assert recovery.recover_own_orphans(wf) == 1
    assert h.status(wid) == "MAX_RECOVERY_ATTEMPTS_EXCEEDED"
    assert K.counters(wf.kernel).get("recovery.own_orphans") == 2
    wf.exitMaintenance()


def test_resume_wait_seconds_must_be_a_non_negative_number(wf):
    from exchange.workflows.errors import InvalidArgument
    wid = wf.enqueue("own.after.flow")
    assert h.wait_status(wid) == "SUCCESS"
    for bad in (-1, "soon"):
        with pytest.raises(InvalidArgument) as ei:
            wf.resumeWorkflow(wid, waitSeconds=bad)
        assert "waitSeconds" in str(ei.value)


def test_cancelled_run_of_a_silent_predecessor_is_resumable_at_once(wf):
    """A cancelled run whose executing gateway died keeps that execution's lease; once the
    executor is known silent (startup/sweep), the fence is cleared and resume proceeds."""
    node = K.get(wf.kernel, "nodeId")
    wf.enterMaintenance("drain")
    wid = wf.enqueue("own.after.flow", allowDuringMaintenance=True)
    h.u("UPDATE workflow_status SET status='CANCELLED', claimed_by=?, claimed_node=?, executions=1, "
        "heartbeat_at_epoch_ms=?, lease_expires_at=? WHERE workflow_id=?",
        [node + ":previous", node, 1, host.now_ms() + 600000, wid])
    with pytest.raises(ExecutionStillRunning):
        wf.resumeWorkflow(wid, waitSeconds=0)
    recovery.startup(wf)
    wf.exitMaintenance()
    assert wf.resumeWorkflow(wid, waitSeconds=0) is True
    assert h.wait_status(wid) == "SUCCESS"


@workflow("own.sleeper")
def sleeper(n=3):
    rt = WorkflowsRuntime.getCurrentRuntime()
    for _ in range(n):
        rt.sleep(0.2)
    return after()


def test_cancel_then_resume_of_a_sleeping_run_resumes_once_it_stopped(wf):
    """A run between steps (durable sleep) stops within one wait slice of the cancel, so
    an immediate resume waits briefly and succeeds; the run then finishes once."""
    h.reset()
    wid = wf.enqueue("own.sleeper")
    h.wait_for(lambda: [s for s in wf.listRunSteps(wid) if s["kind"] == "sleep"], 10, "sleeping")
    assert wf.cancelWorkflow(wid) == 1
    assert wf.resumeWorkflow(wid, waitSeconds=10) is True
    assert wf.getResult(wid, 15) == 1
    assert h.count("own.after") == 1


def test_heartbeat_never_flags_the_next_execution_of_a_run(wf, monkeypatch):
    """A heartbeat that read a run CANCELLED while its cancelled execution ended and the
    resumed execution was claimed must not hand its cancel (nor a lost lease) to the
    resumed execution: that one would never start (seen on Jython: the resumed run stayed
    RUNNING with its lease untouched until the lease expired)."""
    reset_gate()
    GATE["release"].set()
    k = wf.kernel
    active = K.get(k, "activeWorkflows")
    cancels = K.get(k, "cancelRequests")
    lost = K.get(k, "leaseLost")
    wid = "hb-race-run"
    K.compat.map_put(active, wid, dispatcher.execution_token("default"))  # the old execution
    read = {"status": "CANCELLED"}

    def statuses_read_then_execution_replaced(db, ids):
        # between the heartbeat's read and its flag: the old execution ends (its flags go
        # after it left activeWorkflows), the resumed one is claimed and registered
        K.compat.map_remove(active, wid)
        K.compat.map_remove(cancels, wid)
        K.compat.map_put(active, wid, dispatcher.execution_token("default"))
        return {wid: (read["status"], "another-executor")}
    monkeypatch.setattr(leases.runs, "statuses", statuses_read_then_execution_replaced)
    monkeypatch.setattr(leases.runs, "renew_leases", lambda *a: 0)
    try:
        leases.beat(wf)
        assert K.compat.map_get(cancels, wid) is None
        read["status"] = "RUNNING"  # ... claimed elsewhere, as read for the old execution
        leases.beat(wf)
        assert K.compat.map_get(lost, wid) is None
        # the execution the heartbeat read about still running: it is flagged
        monkeypatch.setattr(leases.runs, "statuses", lambda db, ids: {wid: ("CANCELLED", None)})
        leases.beat(wf)
        assert K.compat.map_get(cancels, wid) == "cancelled in database"
    finally:
        K.compat.map_remove(active, wid)
        K.compat.map_remove(cancels, wid)
        K.compat.map_remove(lost, wid)


def test_a_flag_set_as_its_execution_ends_is_taken_back():
    """flag_execution's second look: the execution ended (and the next one registered)
    between its check and its put, after the old execution's own clean-up ran."""
    flags = {}
    old, new = dispatcher.execution_token("q"), dispatcher.execution_token("q")
    assert old != new

    class Swapping(dict):
        """activeWorkflows whose entry changes right after the first look."""
        looks = 0

        def get(self, key, default=None):
            Swapping.looks += 1
            return old if Swapping.looks == 1 else new
    swapping = Swapping()
    swapping["r"] = old
    assert leases.flag_execution(swapping, flags, "r", old, "cancelled in database") is False
    assert flags == {}
    assert leases.flag_execution({"r": new}, flags, "r", old, "x") is False and flags == {}
    assert leases.flag_execution({"r": new}, flags, "r", new, "x") is True and flags == {"r": "x"}


def test_a_thread_of_an_ended_execution_never_flags_the_next_one(wf, monkeypatch):
    """A step's helper thread that outlives its execution and asks the database whether
    the run is cancelled (rt.isCancelled / a guarded write that matched nothing) must not
    cancel the run's next execution."""
    from exchange.workflows.engine import context, executor
    from exchange.workflows.errors import Cancelled
    k = wf.kernel
    active, cancels = K.get(k, "activeWorkflows"), K.get(k, "cancelRequests")
    wid = "zombie-thread-run"
    old = dispatcher.execution_token("default")
    ctx = context.RunContext(wf, k, wf.dbName, wf._dialect(wf.dbName), wf.executor_id, wid,
                             "own.flow", {}, None, {})
    ctx.exec_token = old
    K.compat.map_put(active, wid, dispatcher.execution_token("default"))  # the next execution
    from exchange.workflows.engine.persistence import runs
    monkeypatch.setattr(runs, "statuses", lambda db, ids: {wid: ("CANCELLED", wf.executor_id)})
    try:
        assert context.is_cancelled_db(ctx, force=True) is True  # it stops, itself
        with pytest.raises(Cancelled):
            executor.lost(ctx)
        assert K.compat.map_get(cancels, wid) is None  # the next execution is not flagged
        ctx.exec_token = K.compat.map_get(active, wid)  # ... but its own execution is
        context.is_cancelled_db(ctx, force=True)
        assert K.compat.map_get(cancels, wid) == "cancelled in database"
    finally:
        K.compat.map_remove(active, wid)
        K.compat.map_remove(cancels, wid)
