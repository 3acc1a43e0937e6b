"""Acceptance checklist, suite ``dispatch`` (upstream 4), adapted to event-driven dispatch.

Our engine claims and starts runs itself (a start wakes a worker) and enforces
partitions in the database, so the cases check the observable contract: no more
than ``workflowWorkers`` runs execute at once, a busy partition leaves the row
ENQUEUED and unclaimed, and started/deadline are set only when the run starts.
"""
from exchange.workflows.api import admin, service

from acceptance_helpers import poll, q, row, start, status, tick, wait_status


def _workers(rt):
    diag = rt.getExecutorDiagnostics()
    return int(diag["capacity"]["workflowWorkersConfigured"])


def test_capacity_limited_claiming(wf):
    workers = _workers(wf)
    ids = [start("tests.partition_sleep", {"sleep_ms": 400}, partitionKey="p%d" % i)
           for i in range(workers + 3)]
    peak = [0]

    def all_done():
        running = q("SELECT COUNT(*) AS n FROM workflow_status WHERE status IN "
                    "('PENDING', 'RUNNING')")[0]["n"]
        peak[0] = max(peak[0], int(running))
        assert running <= workers, "%d runs active with %d workers" % (running, workers)
        return all(status(w) == "SUCCESS" for w in ids)
    poll(all_done, what="all capacity runs done")
    assert 1 <= peak[0] <= workers


def test_partition_busy_releases_claim(wf):
    first = start("tests.maintenance_long_running", {"sleep_s": 60}, partitionKey="reactor-1")
    second = start("tests.partition_sleep", {"sleep_ms": 10}, partitionKey="reactor-1")
    wait_status(first, ("RUNNING",))  # runs until cancelled below
    tick()
    r = row(second)
    assert r["status"] == "ENQUEUED" and r["claimed_by"] is None, r
    service.cancel(first, "release the partition")
    assert wait_status(second)["status"] == "SUCCESS"


def test_dispatch_failure_releases_claim(wf):
    """Adapted: with the runtime shut down nothing executes; the row stays ENQUEUED and
    unclaimed, and a new runtime runs it (no claim leaks)."""
    from exchange.workflows.engine import instance
    assert admin.enterMaintenance("drain")["ok"]
    wid = start("tests.fast_enqueue_target", {"value": "x"}, allowDuringMaintenance=True)
    instance.shutdownRuntime(5)
    r = row(wid)
    assert r["status"] == "ENQUEUED" and r["claimed_by"] is None, r
    assert wait_status(wid)["status"] == "SUCCESS"  # getWorkflows() in dispatch builds a new one


def test_start_sets_started_and_deadline_at_run(wf):
    assert admin.enterMaintenance("drain")["ok"]
    wid = start("tests.partition_sleep", {"sleep_ms": 10}, timeoutSeconds=5,
                allowDuringMaintenance=True)
    r = row(wid)
    assert r["started_at_epoch_ms"] is None and r["deadline_epoch_ms"] is None, r
    assert admin.exitMaintenance()["ok"]
    r = wait_status(wid)
    assert r["status"] == "SUCCESS", r
    assert r["deadline_epoch_ms"] - r["started_at_epoch_ms"] == 5000
