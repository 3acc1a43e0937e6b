"""Shutdown and the execution fence: a run claimed by this gateway but still waiting in the
work queue when the kernel stops never ran, so stopping gives it back entirely -- back to
the queue when PENDING, and when it was cancelled meanwhile, without its lease (a resume
must not wait for an execution that never started)."""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.bootstrap import workflow
from exchange.workflows.engine import host, instance, kernel as K, runner
from exchange.workflows.engine.persistence import runs

import helpers as h


@workflow("sf.echo")
def sf_echo(x=None):
    return x


def _claimed_in_work_queue(wf, wid, pkey=None):
    """The state a dispatch cycle leaves: the row claimed (PENDING, leased) by this executor
    and its item in the kernel's work queue, no worker having taken it yet."""
    k = wf.kernel
    now = host.now_ms()
    h.u("UPDATE workflow_status SET status = 'PENDING', claimed_by = ?, claimed_node = ?, "
        "claimed_at_epoch_ms = ?, heartbeat_at_epoch_ms = ?, lease_expires_at = ?, "
        "partition_key = ? WHERE workflow_id = ?",
        [wf.executor_id, K.get(k, "nodeId"), now, now, now + 600000, pkey, wid])
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


def test_stop_gives_a_pending_run_in_the_work_queue_back_to_the_queue(wf):
    _stop_workers(wf)
    wid = wf.enqueue("sf.echo", {"x": 2})
    _claimed_in_work_queue(wf, wid)
    instance.stop_kernel(wf.kernel, 0)
    row = runs.get(wf.dbName, wid)
    assert row["status"] == "ENQUEUED" and row["lease_expires_at"] is None
    assert row["claimed_by"] is None
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
