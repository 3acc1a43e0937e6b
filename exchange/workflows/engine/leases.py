"""Heartbeat: renews the leases of this gateway's active runs and syncs cancels.

Every ``heartbeatMs`` of host time (checked in short real-time slices, so a
virtual clock drives it) one UPDATE extends ``lease_expires_at`` of all runs this
executor is executing (a CANCELLED one too: its lease is the fence that keeps a
resume waiting until the cancelled execution stops, see engine/control.py); then
their statuses are read: a run cancelled elsewhere gets the in-memory cancel flag
(it stops at its next operation boundary), a run now claimed by another executor
is flagged lease-lost. One thread per
interpreter; it retires with its interpreter's loops. When each renewal started is kept
per datasource (``leaseRenewed``): a run that finds no renewal for half a lease (the gateway
was frozen) confirms its lease in the database before its next operation (context.check).
May import: ``compat``, ``settings``, ``engine.host``, ``engine.kernel``, persistence.
"""
from __future__ import absolute_import, division, print_function

import time

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import host, kernel as K
from exchange.workflows.engine.persistence import runs


def beat(rt):
    """One heartbeat for ``rt.dbName``; returns the number of leases renewed."""
    k = rt.kernel
    active = K.get(k, "activeWorkflows")
    ids = compat.map_keys(active)
    if not ids:
        return 0
    # which execution of each run the statuses read below is about (see flag_execution)
    tokens = dict((wid, compat.map_get(active, wid)) for wid in ids)
    now = host.now_ms()
    started = compat.monotonic()
    n = runs.renew_leases(rt.dbName, rt.executor_id, ids, now, int(K.config(k, "leaseMs")))
    renewed = K.get(k, "leaseRenewed")
    if renewed is not None:  # a kernel made by older code has none: runs then ask the DB
        compat.map_put(renewed, rt.dbName, started)
    cancels = K.get(k, "cancelRequests")
    lost = K.get(k, "leaseLost")
    for wid, (status, owner) in runs.statuses(rt.dbName, ids).items():
        token = tokens.get(wid)
        if token is None:
            continue
        if status == S.STATUS_CANCELLED:
            flag_execution(active, cancels, wid, token, "cancelled in database")
        elif owner is not None and compat.to_text(owner) != rt.executor_id:
            flag_execution(active, lost, wid, token, compat.to_text(owner))
    return n


def flag_execution(active, flags, wid, token, value):
    """Set ``flags[wid]`` (a cancel request, a lost lease) for the execution of ``wid``
    that ``token`` names (its ``activeWorkflows`` value), never for a later one: what was
    read about an execution that has ended since must not stop the next execution of the
    same run (seen: a heartbeat that read CANCELLED flagged the run's resumed execution,
    which then never started). A flag set just as that execution ended is taken back: an
    ending execution drops the run from ``activeWorkflows`` before its flags, so either
    its own clean-up removed the flag, or the second look here sees the token gone.
    True if the flag stands."""
    if compat.map_get(active, wid) != token:
        return False
    compat.map_put(flags, wid, value)
    if compat.map_get(active, wid) != token:
        compat.map_remove(flags, wid)
        return False
    return True


def heartbeat_loop(rt_cls, k, token):
    runtimes = {}
    next_at = 0
    from exchange.workflows.engine.dispatcher import _alive
    while _alive(k, token):
        time.sleep(0.05)
        try:
            now = host.now_ms()
        except compat.CATCHABLE:
            continue
        if now < next_at:
            continue
        next_at = now + int(K.config(k, "heartbeatMs"))
        K.each_db(rt_cls, k, token, runtimes, beat, "heartbeat.failed")
