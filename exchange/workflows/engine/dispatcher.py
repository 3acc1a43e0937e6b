"""Dispatch: claim ENQUEUED runs (all queues) and hand them to this gateway's workers.

Inside one gateway dispatch is event-driven: a start sets the kernel's ``wake``
event and the dispatcher thread claims at once; between gateways it polls the
shared database every ``pollMs``. ``cycle()`` is also what the public
``dispatch()`` runs (a gateway timer calling it keeps working). Capacity: the
kernel's in-flight counter against ``workflowWorkers`` (global) and per-queue
local worker limits; both are reserved atomically before a row is claimed.
Threads (dispatcher, workers) belong to one interpreter: each loop exits once
the kernel's ``loopOwner`` names a newer interpreter, so new runs use new code.
May import: ``compat``, ``settings``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

import sys
import threading
import uuid

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import (faults, host, inmemory, kernel as K, recovery, runner,
                                       timers)
from exchange.workflows.engine import ratelimit, versions
from exchange.workflows.engine.persistence import claims

_start_lock = threading.Lock()

# An execution's token, its ``activeWorkflows`` value: unique per claim (a prefix per
# interpreter, a counter), so a flag meant for one execution of a run never lands on the
# next one (leases.flag_execution).
_TOKEN_PREFIX = uuid.uuid4().hex[:8]
_TOKEN_SEQ = compat.new_atomic(0)


def execution_token(queue):
    return "%s#%s:%d" % (queue, _TOKEN_PREFIX, compat.atomic_add(_TOKEN_SEQ, 1))


def _admit_fn(k, reserved):
    workers = int(K.config(k, "workflowWorkers"))
    limits = K.get(k, "queueLimits")
    qactive = K.get(k, "queueActive")
    inflight = K.get(k, "inFlightWorkflows")
    active = K.get(k, "activeWorkflows")

    shutdown = K.get(k, "shutdown")

    def admit(row):
        # Re-checked per row, after the candidates were read: a run enqueued once
        # enterMaintenance() returned is never taken by a cycle that had passed its
        # maintenance check before (the flag is set before enter returns). Likewise
        # after shutdownRuntime(): a cycle already under way when it returned must not
        # claim for workers that are stopping (seen in tests: a stopped runtime's last
        # cycle took a run the next runtime on the database had just enqueued).
        if K.maintenance_on(k) or compat.atomic_get(shutdown):
            return False
        # A run this gateway still executes (e.g. cancelled, then resumed, or re-enqueued
        # by a stray write) is never handed to a second worker: it waits for the first.
        if compat.map_get(active, compat.to_text(row["workflow_id"])) is not None:
            return False
        q = compat.to_text(row["queue_name"])
        if compat.atomic_add(inflight, 1) > workers:
            compat.atomic_add(inflight, -1)
            return False
        limit = compat.map_get(limits, q)
        a = compat.map_get(qactive, q)
        if a is None:
            compat.map_put_if_absent(qactive, q, compat.new_atomic(0, "int"))
            a = compat.map_get(qactive, q)
        if compat.atomic_add(a, 1) > (int(limit) if limit is not None else workers):
            compat.atomic_add(a, -1)
            compat.atomic_add(inflight, -1)
            return False
        # Active from before its claim commits: the orphan sweep (recover_own_orphans, run
        # by any concurrent cycle) must never take a run between the claim's commit and
        # its hand-off to a worker (seen with a clock jump: the run was re-enqueued,
        # re-claimed by this same executor, and two workers ran its step).
        token = execution_token(q)
        row["execution_token"] = token
        compat.map_put(active, compat.to_text(row["workflow_id"]), token)
        reserved.append(row)
        return True

    def unadmit(row):
        compat.atomic_add(compat.map_get(qactive, compat.to_text(row["queue_name"])), -1)
        compat.atomic_add(inflight, -1)
        wid = compat.to_text(row["workflow_id"])
        compat.map_remove(active, wid)
        compat.map_remove(K.get(k, "cancelRequests"), wid)  # a cancel seen as it was claimed
        if row in reserved:
            reserved.remove(row)
    return admit, unadmit


def cycle(rt, queue_name=None, max_to_claim=None, flush_max_items=None, flush_max_ms=None):
    """One dispatch cycle on ``rt.dbName``; returns the number of rows claimed."""
    k = rt.kernel
    db = rt.dbName
    if compat.atomic_get(K.get(k, "shutdown")):
        return 0
    try:
        inmemory.flush(rt, flush_max_items, flush_max_ms)
    except compat.CATCHABLE as exc:
        rt._log.error("evt=in_memory.flush_failed error=%s" % compat.exception_text(exc))
    if K.maintenance_on(k):
        return 0
    now = host.now_ms()
    recovery.sweeps(rt, now)
    timers.sweep(rt, now)  # delayed starts and schedules (issue 14), throttled to pollMs
    workers = int(K.config(k, "workflowWorkers"))
    free = workers - compat.atomic_get(K.get(k, "inFlightWorkflows"))
    want = free if max_to_claim is None else min(free, int(max_to_claim))
    if want <= 0:
        return 0
    dialect = rt._dialect()
    accepted = versions.accepted(rt)  # compatible application versions (None = any)
    rates = ratelimit.active(rt, now)
    full = ratelimit.full(rt, rates, now)
    cache = K.get(k, "timers")
    backlog = db + ":backlog"
    if dialect.get("skip_locked") and compat.map_get(cache, backlog):
        # The last cycle found work: the claim transaction's own SKIP LOCKED read is
        # enough (one round trip less between a worker's runs while a backlog drains).
        rows = None
    else:
        # Cheap lock-free read: says whether there is work and creates partition lock
        # rows; on SKIP LOCKED dialects the claim transaction re-reads its candidates.
        rows = claims.candidates(db, want * 2 + 2, queue_name, dialect, versions=accepted,
                                 exclude=full)
        if not rows:
            return 0
    reserved = []
    saturated = []
    admit, unadmit = _admit_fn(k, reserved)
    try:
        limits = claims.global_limits(db) if _has_global_limits(rt, now) else None
        # now=None: the claim takes its own time after its candidate read (a run's recorded
        # start never precedes the end of the run that freed its partition)
        claimed, released = claims.claim(db, rt.executor_id, K.get(k, "nodeId"), None,
                                         int(K.config(k, "leaseMs")), rows, admit, unadmit, limits,
                                         dialect=dialect, queue_name=queue_name, limit=want + 2,
                                         versions=accepted, exclude=full,
                                         version=versions.current(rt), saturated=saturated)
    except compat.CATCHABLE as exc:
        compat.map_put(cache, backlog, 0)
        for r in list(reserved):
            unadmit(r)
        rt._log.error("evt=dispatch.claim_failed error=%s" % compat.exception_text(exc))
        return 0
    compat.map_put(cache, backlog, 1 if (claimed or released) else 0)
    ratelimit.note_full(rt, saturated)
    _again_if_lost(k, cache, db, released and len(claimed) < want)
    faults.point("after_claim_commit")
    active = K.get(k, "activeWorkflows")
    parts = K.get(k, "activePartitions")
    work = K.get(k, "workQueue")
    for r in claimed:
        item = runner.make_item(db, r)
        if r.get("execution_token") is None:  # admit() registered the others already
            compat.map_put(active, item[1], execution_token(item[3]))
        if item[4] is not None:
            compat.map_put(parts, "%s\x1f%s" % (item[3], item[4]), item[1])
        compat.queue_offer(work, item)
    if claimed:
        owner = K.get(k, "loopOwner")
        # Only start missing threads; never take loop ownership away from a newer
        # interpreter (an old facade's dispatch() after a script reload).
        if owner is None or owner == rt._token:
            ensure_threads(rt)
    return len(claimed) + released


_MAX_QUICK_RETRIES = 3


def _again_if_lost(k, cache, db, lost):
    """A claim that found work but lost partitions to concurrent claims (other gateways
    taking them at the same moment, or lock rows it just created) runs again at once,
    up to ``_MAX_QUICK_RETRIES`` times in a row, instead of leaving its free workers
    idle until the next poll (seen when three gateways start on one backlog: one of
    them lost all its first candidates and idled a whole ``pollMs``)."""
    key = db + ":quickRetries"
    if not lost:
        if compat.map_get(cache, key):
            compat.map_put(cache, key, 0)
        return
    n = int(compat.map_get(cache, key) or 0) + 1
    compat.map_put(cache, key, n)
    if n <= _MAX_QUICK_RETRIES:
        K.wake(k)


def _has_global_limits(rt, now):
    """Whether any queue has a cluster-wide limit (re-read from the DB at most every sweepMs)."""
    k = rt.kernel
    cache = K.get(k, "timers")
    key = rt.dbName + ":hasGlobalLimits"
    if K.due(k, rt.dbName + ":globalLimitsCheck", int(K.config(k, "sweepMs")), now) or \
            compat.map_get(cache, key) is None:
        n = len(claims.global_limits(rt.dbName))
        compat.map_put(cache, key, 1 if n else 0)
    return bool(compat.map_get(cache, key))


# --- threads -------------------------------------------------------------------
def ensure_threads(rt):
    """Start this interpreter's dispatcher, heartbeat and workers if not running."""
    k = rt.kernel
    token = rt._token
    if compat.atomic_get(K.get(k, "shutdown")):
        return
    try:
        if K.get_kernel(create=False) is not k:
            return  # a dropped kernel (shutdownRuntime) never restarts threads
    except compat.CATCHABLE:
        return
    with _start_lock:
        if K.get(k, "loopOwner") != token:
            K.put(k, "loopOwner", token)
            try:
                # the code version (a hash of the workflows' sources) now, not in the first
                # dispatch cycle, where it delayed the first claim by milliseconds
                versions.publish(k, token)
            except compat.CATCHABLE:
                pass  # computed again by the first cycle, which reports a failure
            compat.atomic_set(K.get(k, "workerThreads"), 0)
            K.wake(k)  # let an old dispatcher notice the change promptly
            compat.start_daemon(_dispatch_loop, "workflows-dispatcher", (rt.__class__, k, token))
            from exchange.workflows.engine import leases
            compat.start_daemon(leases.heartbeat_loop, "workflows-heartbeat", (rt.__class__, k, token))
        target = int(K.config(k, "workflowWorkers"))
        live = K.get(k, "workerThreads")
        for _ in range(max(0, target - compat.atomic_get(live))):
            n = compat.atomic_add(live, 1)
            compat.start_daemon(_worker_loop, "workflows-worker-%d" % n, (rt.__class__, k, token))


def _alive(k, token):
    """This interpreter still owns the loops of this (still installed) kernel."""
    if K.get(k, "loopOwner") != token or compat.atomic_get(K.get(k, "shutdown")):
        return False
    try:
        return K.get_kernel(create=False) is k
    except compat.CATCHABLE:  # no host any more (gateway gone)
        return False


def _worker_loop(rt_cls, k, token):
    work = K.get(k, "workQueue")
    runtimes = {}
    try:
        while _alive(k, token):
            if compat.atomic_get(K.get(k, "workerThreads")) > int(K.config(k, "workflowWorkers")):
                break  # pool shrunk
            item = compat.queue_poll(work, 0.2)
            if item is None:
                continue
            if not _alive(k, token):
                # A newer interpreter took over while this worker waited: hand the
                # run back so it executes with the new code, never the old.
                compat.queue_offer(work, item)
                break
            rt = runtimes.get(item[0])
            if rt is None:
                rt = runtimes[item[0]] = rt_cls(item[0], k)
                rt._token = token
            try:
                runner.execute(rt, item)
            except:  # noqa: E722 - whatever escapes a run never kills the worker
                rt._log.error("evt=worker.run_escaped wf=%s error=%r" % (item[1], sys.exc_info()[1]))
    finally:
        if K.get(k, "loopOwner") == token:
            compat.atomic_add(K.get(k, "workerThreads"), -1)


def _dispatch_loop(rt_cls, k, token):
    wake = K.get(k, "wake")
    runtimes = {}
    while _alive(k, token):
        wake.wait(max(0.01, int(K.config(k, "pollMs")) / 1000.0))
        wake.clear()
        if not _alive(k, token):
            break
        K.each_db(rt_cls, k, token, runtimes, cycle, "dispatch.cycle_failed")
