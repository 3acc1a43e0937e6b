"""Shutdown and the execution fence: a run claimed by this gateway but still waiting in the
work queue when the kernel stops never ran, so stopping gives it back entirely -- back to
the queue (its claim undone), and when it was cancelled meanwhile, without its lease (a
resume must not wait for an execution that never started)."""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.bootstrap import workflow
from exchange.workflows.engine import host, instance, kernel as K, runner
from exchange.workflows.engine.persistence import runs

import helpers as h


@workflow("sf.echo")
def sf_echo(x=None):
    return x


@workflow("sf.count")
def sf_count():
    h.bump("sf.count")
    return 1


def _claimed_in_work_queue(wf, wid, pkey=None):
    """The state a dispatch cycle leaves: the row claimed by this executor (RUNNING from the
    claim: one execution, started, leased) and its item in the kernel's work queue, no
    worker having taken it yet."""
    k = wf.kernel
    now = host.now_ms()
    h.u("UPDATE workflow_status SET status = 'RUNNING', claimed_by = ?, claimed_node = ?, "
        "claimed_at_epoch_ms = ?, heartbeat_at_epoch_ms = ?, lease_expires_at = ?, "
        "partition_key = ?, executions = executions + 1, started_at_epoch_ms = ?, "
        "deadline_epoch_ms = ? WHERE workflow_id = ?",
        [wf.executor_id, K.get(k, "nodeId"), now, now, now + 600000, pkey, now, now + 5000, wid])
    item = runner.make_item(wf.dbName, runs.get(wf.dbName, wid))
    compat.map_put(K.get(k, "activeWorkflows"), wid, item[3])
    if pkey is not None:
        compat.map_put(K.get(k, "activePartitions"), "%s\x1f%s" % (item[3], pkey), wid)
    compat.atomic_add(K.get(k, "inFlightWorkflows"), 1)
    compat.queue_offer(K.get(k, "workQueue"), item)


def _stop_workers(wf):
    k = wf.kernel
    compat.atomic_set(K.get(k, "shutdown"), True)  # stop_kernel's first act; workers exit
    K.wake(k)
    h.wait_for(lambda: compat.atomic_get(K.get(k, "workerThreads")) <= 0, 15, "workers stopped")


def test_stop_clears_the_fence_of_a_cancelled_run_still_in_the_work_queue(wf):
    _stop_workers(wf)
    wid = wf.enqueue("sf.echo", {"x": 1})
    _claimed_in_work_queue(wf, wid, pkey="p1")
    assert wf.cancelWorkflow(wid, "operator") == 1
    instance.stop_kernel(wf.kernel, 0)
    row = runs.get(wf.dbName, wid)
    assert row["status"] == "CANCELLED" and row["lease_expires_at"] is None
    k = wf.kernel
    assert compat.map_get(K.get(k, "activeWorkflows"), wid) is None
    assert compat.map_get(K.get(k, "activePartitions"), "default\x1fp1") is None
    assert compat.atomic_get(K.get(k, "inFlightWorkflows")) == 0
    # no execution to wait for: the resume wins at once, on this gateway or any other
    assert wf.resumeWorkflow(wid, waitSeconds=0) is True
    assert h.status(wid) == "ENQUEUED"


def test_stop_gives_a_claimed_run_in_the_work_queue_back_to_the_queue(wf):
    _stop_workers(wf)
    wid = wf.enqueue("sf.echo", {"x": 2})
    _claimed_in_work_queue(wf, wid)
    instance.stop_kernel(wf.kernel, 0)
    row = runs.get(wf.dbName, wid)
    assert row["status"] == "ENQUEUED" and row["lease_expires_at"] is None
    assert row["claimed_by"] is None
    # the claim is undone: it never ran, so no execution, start time or deadline
    assert (row["executions"], row["started_at_epoch_ms"], row["deadline_epoch_ms"]) == \
        (0, None, None)
    assert compat.map_get(K.get(wf.kernel, "activeWorkflows"), wid) is None


def test_a_cycle_under_way_at_shutdown_claims_nothing(wf, monkeypatch):
    """shutdownRuntime() lands between a dispatch cycle's checks and its claim: the cycle
    must not take a run for workers that are stopping (a stopped runtime's last cycle took
    a run another runtime had just enqueued on the same database)."""
    from exchange.workflows.engine import dispatcher
    from exchange.workflows.engine.persistence import claims
    wf.enterMaintenance("drain")
    wid = wf.enqueue("sf.echo", {"x": 1}, allowDuringMaintenance=True)
    k = wf.kernel
    real = claims.candidates

    def read_then_shut_down(*a, **kw):
        rows = real(*a, **kw)
        compat.atomic_set(K.get(k, "shutdown"), True)  # what shutdownRuntime() sets first
        return rows
    compat.atomic_set(K.get(k, "maintenanceEnabled"), False)  # let only this cycle run
    monkeypatch.setattr(claims, "candidates", read_then_shut_down)
    try:
        assert dispatcher.cycle(wf) == 0
        assert h.status(wid) == "ENQUEUED"
    finally:
        monkeypatch.undo()
        compat.atomic_set(K.get(k, "shutdown"), False)


def test_stop_keeps_the_history_of_a_recovered_run_it_gives_back(wf):
    """A run that had executed before (recovered, re-claimed) keeps its first start time
    and deadline; only the claim's own execution is taken back."""
    _stop_workers(wf)
    wid = wf.enqueue("sf.echo", {"x": 3})
    h.u("UPDATE workflow_status SET executions = 2, started_at_epoch_ms = 5, "
        "deadline_epoch_ms = 9 WHERE workflow_id = ?", [wid])
    _claimed_in_work_queue(wf, wid)  # executions 3; the first start time stays
    h.u("UPDATE workflow_status SET started_at_epoch_ms = 5, deadline_epoch_ms = 9 "
        "WHERE workflow_id = ?", [wid])
    instance.stop_kernel(wf.kernel, 0)
    row = runs.get(wf.dbName, wid)
    assert (row["status"], row["executions"], row["started_at_epoch_ms"],
            row["deadline_epoch_ms"]) == ("ENQUEUED", 2, 5, 9)


def test_a_run_cancelled_while_it_waits_for_a_worker_never_starts(wf):
    """The claim makes a run RUNNING; cancelled through this gateway before a worker took
    it, its body never runs and its fence goes (a resume need not wait)."""
    _stop_workers(wf)
    h.reset()
    wid = wf.enqueue("sf.count", {})
    _claimed_in_work_queue(wf, wid)
    assert wf.cancelWorkflow(wid, "operator") == 1
    item = compat.queue_poll(K.get(wf.kernel, "workQueue"))
    runner.execute(wf, item)
    assert h.count("sf.count") == 0
    row = runs.get(wf.dbName, wid)
    assert row["status"] == "CANCELLED" and row["lease_expires_at"] is None
    assert compat.map_get(K.get(wf.kernel, "activeWorkflows"), wid) is None
