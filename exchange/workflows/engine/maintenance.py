"""Maintenance (drain / cancel), generation swap, status snapshot and diagnostics.

Maintenance state is per gateway (kernel), as upstream. ``swapIfDrained`` bumps
the generation and retires every interpreter's dispatcher/worker threads; the
next dispatch (from the current interpreter) starts fresh ones, so code loaded
after a project save runs new work.
May import: ``compat``, ``settings``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

import threading

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import host, kernel as K, leases, serialization as ser
from exchange.workflows.engine.persistence import runs
from exchange.workflows.engine.persistence import tx as txm

MODES = ("drain", "cancel")


def _a(k, key):
    return compat.atomic_get(K.get(k, key))


def _dead_letter_depth(rt):
    """Unreplayed dead letters: the durable ones plus any kept in memory (DB was down)."""
    n = compat.queue_size(K.get(rt.kernel, "inMemoryQueueDeadLetterQueue"))
    try:
        rows = host.db_query("SELECT COUNT(*) AS n FROM dead_letters WHERE replayed_at IS NULL", [],
                             rt.dbName)
        n += int(list(rows[0].values())[0])
    except compat.CATCHABLE:
        pass
    return n


def status(rt):
    k = rt.kernel
    return {
        "maintenanceEnabled": K.maintenance_on(k), "maintenanceMode": K.get(k, "maintenanceMode"),
        "maintenanceReason": K.get(k, "maintenanceReason"), "generation": _a(k, "generation"),
        "executorId": rt.executor_id, "inFlightWorkflows": _a(k, "inFlightWorkflows"),
        "activeWorkflows": compat.map_size(K.get(k, "activeWorkflows")),
        "activePartitions": compat.map_size(K.get(k, "activePartitions")),
        "wfExecutorActive": compat.map_size(K.get(k, "activeWorkflows")),
        "stepExecutorActive": 0,
        "inMemoryQueueDepth": _a(k, "inMemoryQueueDepth"),
        "inMemoryQueueMaxDepth": _a(k, "inMemoryQueueMaxDepth"),
        "inMemoryQueueOverflowCount": _a(k, "inMemoryQueueOverflowCount"),
        "inMemoryQueueLastOverflowAtMs": _a(k, "inMemoryQueueLastOverflowAtMs"),
        "inMemoryQueueFlushFailureCount": _a(k, "inMemoryQueueFlushFailureCount"),
        "inMemoryQueueDeadLetterCount": _a(k, "inMemoryQueueDeadLetterCount"),
        "inMemoryQueueDeadLetterDepth": _dead_letter_depth(rt),
        "lastSwapAtMs": _a(k, "lastSwapAtMs"),
    }


def enter(rt, mode="drain", reason="", queueName=None):
    mode = (mode or "drain").lower()
    if mode not in MODES:
        raise ValueError("invalid maintenance mode %r; use 'drain' or 'cancel'" % (mode,))
    k = rt.kernel
    compat.atomic_set(K.get(k, "maintenanceEnabled"), True)
    K.put(k, "maintenanceMode", mode)
    K.put(k, "maintenanceReason", reason or "")
    cancelled = {"queued": 0, "running": 0}
    if mode == "cancel":
        now = host.now_ms()
        err = ser.safe_dumps({"type": "maintenance_cancel", "reason": reason or "maintenance_cancel"})
        qsql, qargs = (" AND queue_name = ?", [queueName]) if queueName else ("", [])
        running = [compat.to_text(r["workflow_id"]) for r in host.db_query(
            "SELECT workflow_id FROM workflow_status WHERE status = 'RUNNING'" + qsql, qargs, rt.dbName)]

        def work(tx):
            cancelled["queued"] = runs.cancel_where(
                rt.dbName, "status IN ('ENQUEUED','PENDING')" + qsql, qargs, err, now, tx)
            cancelled["running"] = runs.cancel_where(rt.dbName, "status = 'RUNNING'" + qsql, qargs,
                                                     err, now, tx)
        txm.in_tx(rt.dbName, work)
        reqs = K.get(k, "cancelRequests")
        active = K.get(k, "activeWorkflows")
        for wid in running:
            token = compat.map_get(active, wid)
            if token is not None:  # others learn it from their heartbeat
                leases.flag_execution(active, reqs, wid, token, "maintenance cancel")
    rt._log.warn("evt=maintenance.enter mode=%s reason=%s" % (mode, reason))
    out = status(rt)
    out.update({"ok": True, "cancelled": cancelled})
    return out


def exit_(rt):
    k = rt.kernel
    compat.atomic_set(K.get(k, "maintenanceEnabled"), False)
    K.put(k, "maintenanceMode", "drain")
    K.put(k, "maintenanceReason", "")
    K.wake(k)
    out = status(rt)
    out["ok"] = True
    return out


def swap_if_drained(rt):
    k = rt.kernel
    gen = _a(k, "generation")
    if not K.maintenance_on(k):
        return {"ok": False, "reason": "maintenance_required", "generation": gen}
    inflight = _a(k, "inFlightWorkflows")
    active = compat.map_size(K.get(k, "activeWorkflows"))
    if inflight > 0 or active > 0:
        return {"ok": False, "reason": "not_drained", "inFlightWorkflows": inflight,
                "activeWorkflows": active, "wfExecutorActive": active, "stepExecutorActive": 0,
                "generation": gen}
    gen = compat.atomic_add(K.get(k, "generation"), 1)
    now = host.now_ms()
    compat.atomic_set(K.get(k, "lastSwapAtMs"), now)
    K.put(k, "loopOwner", "")   # every interpreter's loops retire; the next dispatch restarts them
    K.wake(k)
    return {"ok": True, "generation": gen, "lastSwapAtMs": now}


def diagnostics(rt):
    k = rt.kernel
    st = status(rt)
    workers = int(K.config(k, "workflowWorkers"))
    active = compat.map_size(K.get(k, "activeWorkflows"))
    queued = compat.queue_size(K.get(k, "workQueue"))

    def pool(size, active_n, qsize):
        return {"className": "exchange.workflows.worker-threads", "poolSize": size,
                "corePoolSize": size, "maxPoolSize": size, "largestPoolSize": size,
                "activeCount": active_n, "queueSize": qsize, "queueClassName": "kernel.workQueue",
                "queueRemainingCapacity": -1, "taskCount": None, "completedTaskCount": None,
                "isShutdown": bool(compat.atomic_get(K.get(k, "shutdown"))),
                "isTerminated": False, "isTerminating": False,
                "liveThreads": compat.atomic_get(K.get(k, "workerThreads"))}
    return {
        "identity": {"projectName": host.project_name(), "dbName": rt.dbName,
                     "executorId": rt.executor_id, "nodeId": K.get(k, "nodeId"),
                     "generation": st["generation"], "timestampMs": host.now_ms(),
                     "threadName": threading.current_thread().name},
        "maintenance": {"enabled": st["maintenanceEnabled"], "mode": st["maintenanceMode"],
                        "reason": st["maintenanceReason"], "lastSwapAtMs": st["lastSwapAtMs"]},
        "workload": {"inFlightWorkflows": st["inFlightWorkflows"], "activeWorkflowsCount": active,
                     "activePartitionsCount": st["activePartitions"]},
        "executors": {"workflows": pool(workers, active, queued),
                      "steps": pool(int(K.config(k, "stepWorkers")), 0, 0)},
        "inMemoryQueue": {"type": "kernel.inMemoryQueue", "depth": st["inMemoryQueueDepth"],
                          "maxDepth": st["inMemoryQueueMaxDepth"],
                          "overflowMode": K.config(k, "overflowMode"),
                          "overflowCount": st["inMemoryQueueOverflowCount"],
                          "lastOverflowAtMs": st["inMemoryQueueLastOverflowAtMs"],
                          "flushFailureCount": st["inMemoryQueueFlushFailureCount"],
                          "deadLetterCount": st["inMemoryQueueDeadLetterCount"],
                          "deadLetterDepth": st["inMemoryQueueDeadLetterDepth"],
                          "acceptDuringMaintenance": _a(k, "inMemoryQueueAcceptDuringMaintenance"),
                          "flushDuringMaintenance": _a(k, "inMemoryQueueFlushDuringMaintenance")},
        "capacity": {"workflowWorkersConfigured": workers, "workflowActiveCount": active,
                     "workflowQueueSize": queued,
                     "workflowAvailableSlots": max(0, workers - st["inFlightWorkflows"])},
        "counters": K.counters(k),
        "config": dict((name, K.config(k, name)) for name in sorted(S.DEFAULTS)),
    }
