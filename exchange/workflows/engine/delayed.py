"""Delayed start and debounce: runs that wait in the database until their start time.

A delayed run is stored at once (durable: a restart keeps it) as a ``workflow_status``
row with status ``DELAYED`` plus its due time in ``delayed_starts``, in ONE
transaction. ``promote_due`` (called from every gateway's dispatch cycle, throttled by
``pollMs`` of host time) moves due rows to ``ENQUEUED`` with a compare-and-set
(``status = 'DELAYED'``), so exactly one gateway promotes each run, and a cancelled
delayed run is never started. The host clock drives it: on a simulator's virtual
clock, advancing the clock is what makes a run due.

Debounce (the flapping-tag case): ``debounceKey`` names a burst. The first start of a
burst creates a DELAYED run due ``debounceSeconds`` later and records it in
``debounces``; each further start of the same (workflow, key) while that run is still
DELAYED replaces its inputs (latest wins) and pushes its start to ``now +
debounceSeconds``, but never past ``first start + maxWaitSeconds`` (default: no
bound). Once the run was promoted, the next start opens a new burst. Each coalesce
is one transaction whose writes are compare-and-sets on the run (still DELAYED) and
on the ``debounces`` row (still naming the run this start saw), so concurrent starts
on several gateways coalesce into one run; a lost race retries the whole decision.
May import: ``compat``, ``errors``, ``settings``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import faults, host, kernel as K, starts, validate as V
from exchange.workflows.engine.persistence import runs
from exchange.workflows.engine.persistence import tx as txm
from exchange.workflows.errors import InvalidArgument, PersistenceError, clip

STATUS_DELAYED = "DELAYED"
PROMOTE_BATCH = 200
_RACE_RETRIES = 8


class _Raced(Exception):
    """Another start changed the burst between our read and our write: decide again."""


def start_time(now, delaySeconds=None, startAtMs=None):
    """The due time (host ms) of a start, or None for an immediate start.

    ``delaySeconds`` (>= 0) and ``startAtMs`` (epoch ms, int) are exclusive."""
    if delaySeconds is not None and startAtMs is not None:
        raise InvalidArgument("give either delaySeconds or startAtMs, not both")
    if delaySeconds is not None:
        secs = V.seconds("delaySeconds", delaySeconds, allow_none=False)
        return int(now + secs * 1000)
    if startAtMs is not None:
        if isinstance(startAtMs, bool) or not isinstance(startAtMs, compat.integer_types + (float,)):
            raise InvalidArgument("startAtMs must be epoch milliseconds (a whole number, e.g. "
                                  "system.date.now().getTime() + 60000), got %r" % (startAtMs,))
        return int(startAtMs)
    return None


def check_debounce(debounceKey, debounceSeconds, maxWaitSeconds):
    """(key, window ms, max wait ms or None); errors name the argument and the fix."""
    key = V.text("debounceKey", debounceKey, required=True)
    if debounceSeconds is None:
        raise InvalidArgument("debounceSeconds is required with debounceKey (the quiet window: "
                              "a start within it coalesces into the pending run)")
    window = V.seconds("debounceSeconds", debounceSeconds, allow_none=False, allow_zero=False)
    wait = V.seconds("debounceMaxWaitSeconds", maxWaitSeconds, allow_none=True, allow_zero=False)
    if wait is not None and wait < window:
        raise InvalidArgument("debounceMaxWaitSeconds (%r) must be >= debounceSeconds (%r); it "
                              "bounds how long a burst may postpone its run" % (wait, window))
    return key, int(window * 1000), (None if wait is None else int(wait * 1000))


def _insert_rows(db, row, start_at, tx):
    row = dict(row)
    row["status"] = STATUS_DELAYED
    runs.insert(db, row, tx)
    host.db_update("INSERT INTO delayed_starts (workflow_id, start_at) VALUES (?, ?)",
                   [row["workflow_id"], int(start_at)], db, tx)


def insert(rt, row, start_at, policy=None):
    """Store a run due at ``start_at`` (host ms); its id (idempotent like ``starts.insert``)."""
    try:
        txm.in_tx(rt.dbName, lambda tx: _insert_rows(rt.dbName, row, start_at, tx))
    except compat.CATCHABLE as exc:
        return starts.resolve_conflict(rt, row, exc, policy)
    faults.point("after_delay_commit")
    K.count(rt.kernel, "delayed.stored")
    return row["workflow_id"]


def debounce(rt, row, key, window_ms, max_wait_ms):
    """Coalesce ``row`` into the pending run of (workflow, ``key``) or open a new burst."""
    db = rt.dbName
    name = row["workflow_name"]
    last = None
    for _ in range(_RACE_RETRIES):
        try:
            wid = txm.in_tx(db, lambda tx: _debounce_once(db, row, name, key, window_ms,
                                                          max_wait_ms, tx))
            faults.point("after_delay_commit")
            K.count(rt.kernel, "debounce.starts")
            return wid
        except _Raced as exc:
            last = exc
        except compat.CATCHABLE as exc:  # a concurrent insert of the burst row: decide again
            last = exc
    raise PersistenceError("debounce of workflow %r key %r kept racing with other starts: %s; "
                           "retry the start" % (name, key, clip(compat.exception_text(last))))


def _debounce_once(db, row, name, key, window_ms, max_wait_ms, tx):
    now = host.now_ms()
    got = host.db_query("SELECT workflow_id, first_at FROM debounces WHERE workflow_name = ? AND "
                        "debounce_key = ?", [name, key], db, tx)
    if got:
        wid = compat.to_text(got[0]["workflow_id"])
        first = int(got[0]["first_at"])
        due = now + window_ms
        if max_wait_ms is not None:
            due = min(due, first + max_wait_ms)
        n = host.db_update("UPDATE workflow_status SET inputs_json = ?, updated_at_epoch_ms = ? "
                           "WHERE workflow_id = ? AND status = ?",
                           [row["inputs_json"], now, wid, STATUS_DELAYED], db, tx)
        if n == 1:
            host.db_update("UPDATE delayed_starts SET start_at = ? WHERE workflow_id = ?",
                           [int(due), wid], db, tx)
            return wid
        # The burst's run already started (or was cancelled): this start opens a new burst.
        _insert_rows(db, row, now + window_ms, tx)
        n = host.db_update("UPDATE debounces SET workflow_id = ?, first_at = ? WHERE "
                           "workflow_name = ? AND debounce_key = ? AND workflow_id = ?",
                           [row["workflow_id"], now, name, key, wid], db, tx)
        if n != 1:
            raise _Raced("burst row of %s/%s changed" % (name, key))
        return row["workflow_id"]
    _insert_rows(db, row, now + window_ms, tx)
    host.db_update("INSERT INTO debounces (workflow_name, debounce_key, workflow_id, first_at) "
                   "VALUES (?, ?, ?, ?)", [name, key, row["workflow_id"], now], db, tx)
    return row["workflow_id"]


def promote_due(rt, now):
    """Move due DELAYED runs to ENQUEUED (any gateway; one wins each); the number moved."""
    db = rt.dbName
    rows = host.db_query("SELECT workflow_id FROM delayed_starts WHERE start_at <= ? ORDER BY "
                         "start_at LIMIT %d" % PROMOTE_BATCH, [int(now)], db)
    moved = 0
    failed = []
    for r in rows:
        wid = r["workflow_id"]

        def work(tx, wid=wid):
            # Still due in the same statement: a debounce may just have pushed it later.
            n = host.db_update("UPDATE workflow_status SET status = 'ENQUEUED', "
                               "updated_at_epoch_ms = ? WHERE workflow_id = ? AND status = ? AND "
                               "workflow_id IN (SELECT d.workflow_id FROM delayed_starts d WHERE "
                               "d.workflow_id = ? AND d.start_at <= ?)",
                               [now, wid, STATUS_DELAYED, wid, int(now)], db, tx)
            host.db_update("DELETE FROM delayed_starts WHERE workflow_id = ? AND start_at <= ?",
                           [wid, int(now)], db, tx)
            return n
        try:
            moved += txm.in_tx(db, work)
        except compat.CATCHABLE as exc:  # e.g. a lock timeout: the caller retries next cycle
            failed.append(exc)
            rt._log.warn("evt=delayed.promote_failed wf=%s error=%s"
                         % (compat.to_text(wid), clip(compat.exception_text(exc))))
    if moved:
        K.count(rt.kernel, "delayed.promoted", moved)
        K.wake(rt.kernel)
    if failed:
        raise failed[0]
    return moved


def next_due(db):
    """The earliest due time of a delayed run (host ms), or None."""
    rows = host.db_query("SELECT MIN(start_at) AS m FROM delayed_starts", [], db)
    value = list(rows[0].values())[0] if rows else None
    return None if value is None else int(value)


def plan(rt, delaySeconds=None, startAtMs=None, debounceKey=None, debounceSeconds=None,
         debounceMaxWaitSeconds=None):
    """The checked delay/debounce of a start, or None for an immediate start."""
    if debounceKey is None and (debounceSeconds is not None or debounceMaxWaitSeconds is not None):
        raise InvalidArgument("debounceSeconds / debounceMaxWaitSeconds need a debounceKey (the "
                              "name of the burst that starts coalesce into)")
    if debounceKey is not None:
        if delaySeconds is not None or startAtMs is not None:
            raise InvalidArgument("debounceKey starts after its debounceSeconds window; do not "
                                  "also give delaySeconds or startAtMs")
        return {"debounce": check_debounce(debounceKey, debounceSeconds, debounceMaxWaitSeconds)}
    at = start_time(host.now_ms(), delaySeconds, startAtMs)
    return None if at is None else {"start_at": at}


def store(rt, row, how, policy=None):
    """Store ``row`` as ``plan`` said; the run id."""
    if "debounce" in how:
        key, window_ms, max_wait_ms = how["debounce"]
        return debounce(rt, row, key, window_ms, max_wait_ms)
    return insert(rt, row, how["start_at"], policy)
