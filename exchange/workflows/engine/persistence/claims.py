"""The claim: move ENQUEUED runs to RUNNING for one executor, atomically per row.

The claim is the start of an execution (as in DBOS): the row becomes RUNNING with its
start time, execution count, deadline and lease in the claim transaction, and the
worker that takes it runs the workflow without a write of its own first. (Earlier
versions left a claimed row PENDING until its worker marked it RUNNING: one commit more
per run. A PENDING row claimed by such a gateway is still handled everywhere.)

Portable and safe with any number of dispatchers and gateways: candidates are
read in priority order (lower first, then oldest), then each is taken with a
compare-and-set UPDATE (``status = 'ENQUEUED'``) inside one transaction. A run
with a partition key must also win the partition's lock row
(``partition_locks``, one row per (queue, key)) with a compare-and-set that
succeeds only when the lock is free, already its own, or held by a run that is
no longer active; otherwise the claim is undone in the same transaction. The
database, not memory, therefore guarantees one active run per key.

Where the dialect enables it (``skip_locked``: PostgreSQL; dialects.MYSQL says
why not MariaDB) the claim transaction re-reads its candidates with ``FOR UPDATE
SKIP LOCKED``, so concurrent dispatchers (other gateways) each take the next rows
nobody else is claiming instead of all colliding on the same first ones. The
compare-and-set UPDATEs and the partition lock rows stay unchanged and remain the
guarantee.
May import: ``compat``, ``engine.host``, sibling persistence modules.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import host
from exchange.workflows.engine.persistence import ratelimits
from exchange.workflows.engine.persistence import tx as txm

CLAIM_COLS = ("workflow_id, workflow_name, queue_name, partition_key, priority, inputs_json, "
              "timeout_ms, deadline_epoch_ms, executions, forked_from, recovery_attempts, "
              "parent_workflow_id, started_at_epoch_ms")

# The claim starts the execution: ENQUEUED -> RUNNING for this executor, with its start
# time, execution count, deadline and lease, in the claim transaction (one statement; the
# worker that takes the run writes nothing before its first operation).
_CLAIM = ("UPDATE workflow_status SET status = 'RUNNING', claimed_by = ?, claimed_node = ?, "
          "claimed_at_epoch_ms = ?, updated_at_epoch_ms = ?, heartbeat_at_epoch_ms = ?, "
          "lease_expires_at = ?, application_version = COALESCE(application_version, ?), "
          "started_at_epoch_ms = COALESCE(started_at_epoch_ms, ?), deadline_epoch_ms = ?, "
          "executions = executions + 1 WHERE workflow_id = ? AND status = 'ENQUEUED'")
# ... undone in the same transaction when the partition lock is taken (the row's own
# start time and deadline put back)
_UNCLAIM = ("UPDATE workflow_status SET status = 'ENQUEUED', claimed_by = NULL, claimed_node = NULL, "
            "claimed_at_epoch_ms = NULL, lease_expires_at = NULL, started_at_epoch_ms = ?, "
            "deadline_epoch_ms = ?, executions = executions - 1 WHERE workflow_id = ?")


def _deadline(row, now):
    """The run's deadline: kept from an earlier execution, else its timeout from now."""
    if row.get("deadline_epoch_ms") is not None:
        return int(row["deadline_epoch_ms"])
    timeout = row.get("timeout_ms")
    return now + int(timeout) if timeout else None


def candidates(db, limit, queue_name=None, dialect=None, tx=None, skip_locked=False,
               versions=None, exclude=None, with_rates=False):
    """ENQUEUED rows in claim order. ``skip_locked`` (inside a claim transaction ``tx``,
    dialects with ``skip_locked`` only) locks them and passes over rows another
    transaction holds. ``versions``: only runs of these application versions (or of
    none; engine/versions.py), None = any. ``exclude``: queues left out (rate-limited
    queues whose window is full: their backlog must not hide other queues' work).
    ``with_rates``: each row also carries its queue's rate limit (``rl_max_starts``,
    ``rl_period_ms``, NULL when unlimited), read by the same statement."""
    sql, args = candidates_sql(limit, queue_name, dialect, skip_locked, versions, exclude,
                               with_rates)
    return host.db_query(sql, args, db, tx)


_RATE_COLS = (", (SELECT r.max_starts FROM queue_rate_limits r WHERE r.queue_name = "
              "c.queue_name) AS rl_max_starts, (SELECT r.period_ms FROM queue_rate_limits r "
              "WHERE r.queue_name = c.queue_name) AS rl_period_ms")


def candidates_sql(limit, queue_name=None, dialect=None, skip_locked=False, versions=None,
                   exclude=None, with_rates=False):
    """The statement ``candidates`` runs, with its arguments."""
    # A run whose partition is held by another active run cannot be claimed: leave it out
    # here, so a busy partition's backlog never fills the LIMIT and hides a free
    # partition's run (with many partitions held -- several gateways, few keys -- a cycle
    # then claimed nothing and its worker idled until the next poll). A stale read: the
    # lock's compare-and-set in ``claim`` stays the guarantee.
    order_cols = (", c.created_at_epoch_ms, c.%s AS claim_seq" % dialect["seq_order"]) \
        if dialect else ""
    sql = ("SELECT %s%s%s FROM workflow_status c WHERE c.status = 'ENQUEUED' AND (c.partition_key "
           "IS NULL OR NOT EXISTS (SELECT 1 FROM partition_locks l JOIN workflow_status h ON "
           "h.workflow_id = l.holder_workflow_id WHERE l.queue_name = c.queue_name AND "
           "l.partition_key = c.partition_key AND l.holder_workflow_id <> c.workflow_id AND "
           "h.status IN ('ENQUEUED','PENDING','RUNNING')))"
           % (CLAIM_COLS, order_cols, _RATE_COLS if with_rates else ""))
    args = []
    if queue_name:
        sql += " AND queue_name = ?"
        args.append(queue_name)
    if versions is not None:
        sql += " AND (application_version IS NULL OR application_version IN (%s))" \
            % ", ".join(["?"] * len(versions))
        args.extend(versions)
    if exclude:
        sql += " AND queue_name NOT IN (%s)" % ", ".join(["?"] * len(exclude))
        args.extend(exclude)
    # Same-millisecond ties: insertion order (dialect seq_order), so a partition's runs
    # start in the order they were enqueued.
    tail = (", %s ASC" % dialect["seq_order"]) if dialect else ""
    sql += " ORDER BY priority ASC, created_at_epoch_ms ASC%s LIMIT %d" % (tail, int(limit))
    if skip_locked:
        sql += " FOR UPDATE SKIP LOCKED"
    return sql, args


# (db, queue, key) whose lock row this process saw or created. Lock rows are never
# deleted by the engine; a row gone anyway (a database replaced under the same name) only
# makes its lock compare-and-set fail, and ``_forget_lock_row`` then drops the key so the
# next cycle checks (and creates) the row again.
_known_lock_rows = {}
_MAX_KNOWN = 20000


def _ensure_lock_rows(db, rows):
    keys = set((compat.to_text(r["queue_name"]), compat.to_text(r["partition_key"]))
               for r in rows if r.get("partition_key") is not None)
    todo = sorted(key for key in keys if (db,) + key not in _known_lock_rows)
    if not todo:
        return
    # the unknown keys' rows in one read (a gateway's first cycles meet many new keys)
    found = set()
    for i in range(0, len(todo), 50):
        chunk = todo[i:i + 50]
        cond = " OR ".join(["(queue_name = ? AND partition_key = ?)"] * len(chunk))
        args = []
        for q, k in chunk:
            args.extend([q, k])
        for r in host.db_query("SELECT queue_name, partition_key FROM partition_locks WHERE %s"
                               % cond, args, db):
            found.add((compat.to_text(r["queue_name"]), compat.to_text(r["partition_key"])))
    missing = [key for key in todo if key not in found]
    failed = set()
    if missing and not (len(missing) > 1 and _insert_lock_rows(db, missing)):
        # one at a time: a single key, or the batch failed because another dispatcher
        # created one of them meanwhile (a failed key is checked again next time)
        for key in missing:
            if not _insert_lock_rows(db, [key]):
                failed.add(key)
    if len(_known_lock_rows) + len(todo) >= _MAX_KNOWN:
        _known_lock_rows.clear()
    for key in todo:
        if key not in failed:
            _known_lock_rows[(db,) + key] = True


def _insert_lock_rows(db, keys):
    """Create free lock rows for ``keys`` in one statement; False if it failed (a row
    another dispatcher created meanwhile fails the whole statement)."""
    try:
        host.db_update("INSERT INTO partition_locks (queue_name, partition_key, holder_workflow_id, "
                       "acquired_at) VALUES %s" % ", ".join(["(?, ?, NULL, NULL)"] * len(keys)),
                       [v for key in keys for v in key], db)
        return True
    except compat.CATCHABLE:
        return False


def _forget_lock_row(db, row):
    _known_lock_rows.pop((db, compat.to_text(row["queue_name"]),
                          compat.to_text(row["partition_key"])), None)


_TAKE_LOCK = ("UPDATE partition_locks SET holder_workflow_id = ?, acquired_at = ? "
              "WHERE queue_name = ? AND partition_key = ? AND (holder_workflow_id IS NULL OR "
              "holder_workflow_id = ? OR NOT EXISTS (SELECT 1 FROM workflow_status w WHERE "
              "w.workflow_id = partition_locks.holder_workflow_id AND w.status IN "
              "('ENQUEUED','PENDING','RUNNING')))")


# A partition's runs start in claim order (priority, then enqueue order): a run is claimed
# only while no run of its partition is still ENQUEUED ahead of it. A claim transaction
# that cannot see the head of the partition (SKIP LOCKED hid it: another claim transaction
# holds its row) must not take the next one and run it first (seen: under load a tick's
# claim and the dispatcher's ran a partition's second run before its first). The derived
# table keeps MariaDB/MySQL from refusing a subquery on the table being updated.
_HEAD = ("NOT EXISTS (SELECT 1 FROM (SELECT e.workflow_id FROM workflow_status e WHERE "
         "e.queue_name = ? AND e.partition_key = ? AND e.status = 'ENQUEUED' AND "
         "e.workflow_id <> ? AND (e.priority < ? OR (e.priority = ? AND (e.created_at_epoch_ms "
         "< ? OR (e.created_at_epoch_ms = ? AND e.%s < ?)))) LIMIT 1) ahead)")


def _head_sql(dialect):
    return _HEAD % dialect["seq_order"]


def _head_args(r):
    prio, created = int(r.get("priority") or 0), int(r["created_at_epoch_ms"])
    return [r["queue_name"], r["partition_key"], r["workflow_id"], prio, prio, created, created,
            r["claim_seq"]]


# PostgreSQL (dialect ``cte_update``): the partition lock's compare-and-set as a
# data-modifying CTE of the claim's UPDATE, which then matches only if the lock was won.
# The lock row is taken with SKIP LOCKED: when another claim transaction holds it (it is
# taking that partition for one of its runs), this claim passes at once instead of waiting
# for that commit only to find the partition taken (seen with three gateways: claims queued
# behind each other on the same free partition). The head check is in ``free``: a run that
# is not its partition's head takes no lock.
_CLAIM_WITH_LOCK = ("WITH free AS (SELECT queue_name, partition_key FROM partition_locks WHERE "
                    "queue_name = ? AND partition_key = ? AND %s FOR UPDATE SKIP LOCKED), "
                    "won AS (" + _TAKE_LOCK.replace("%", "%%") + " AND EXISTS (SELECT 1 FROM free) "
                    "RETURNING 1) " + _CLAIM.replace("%", "%%") + " AND EXISTS (SELECT 1 FROM won)")


def global_limits(db):
    """{queue: concurrency} of queues with a cluster-wide limit (``queue_config``)."""
    return dict((compat.to_text(r["queue_name"]), int(r["concurrency"])) for r in host.db_query(
        "SELECT queue_name, concurrency FROM queue_config WHERE concurrency IS NOT NULL", [], db))


def set_global_limit(db, queue_name, concurrency, now):
    n = host.db_update("UPDATE queue_config SET concurrency = ?, updated_at = ? WHERE queue_name = ?",
                       [concurrency, now, queue_name], db)
    if n == 0:
        host.db_update("INSERT INTO queue_config (queue_name, concurrency, updated_at) VALUES (?, ?, ?)",
                       [queue_name, concurrency, now], db)


def _room(db, tx, queue_name, limit):
    """Free slots of a queue under its cluster-wide limit. The no-op UPDATE locks the
    queue's config row first, so concurrent claimers of that queue (any gateway) are
    serialized and the count is exact."""
    host.db_update("UPDATE queue_config SET updated_at = updated_at WHERE queue_name = ?",
                   [queue_name], db, tx)
    rows = host.db_query("SELECT COUNT(*) AS n FROM workflow_status WHERE queue_name = ? AND "
                         "status IN ('PENDING','RUNNING')", [queue_name], db, tx)
    return limit - int(list(rows[0].values())[0])


def claim(db, executor, node, now, lease_ms, rows, admit=None, unadmit=None, limits=None,
          dialect=None, queue_name=None, limit=None, versions=None, exclude=None,
          check_rates=True, version=None, saturated=None):
    """Claim ``rows`` (from ``candidates``) in one transaction.

    ``admit(row)`` may refuse a row (local limits) before it is touched;
    ``unadmit(row)`` undoes an admit for a row that could not be taken;
    ``limits`` = ``global_limits(db)`` applies cluster-wide queue concurrency.
    With a ``dialect`` that has ``skip_locked``, ``rows`` only says there is work:
    the transaction re-reads up to ``limit`` (default ``len(rows)``) candidates of
    ``queue_name`` (None = all queues) with ``FOR UPDATE SKIP LOCKED`` and claims those;
    ``rows=None`` (there, and with a ``limit``) skips the lock-free read altogether (a
    partition key whose lock row does not exist yet is then released and its row created
    for the next cycle).
    ``versions``/``exclude`` filter that re-read as in ``candidates``; ``check_rates``
    applies the queue rate limits (persistence/ratelimits.py), read in the transaction.
    ``version``: the claimer's application version, recorded on a run that has none.
    ``saturated``: a list that receives the rate-limited queues this transaction found
    full (the dispatcher then leaves their backlog out of its next reads).
    ``now`` None: the host clock right after the candidate read (the dispatcher's way).
    Returns ``(claimed_rows, released_count)``.
    """
    skip = bool(dialect and dialect.get("skip_locked"))
    if rows is None and (not skip or limit is None):
        raise ValueError("claim without candidate rows needs a dialect with skip_locked "
                         "and a limit")
    if rows is not None and not rows:
        return [], 0
    if rows is not None:
        _ensure_lock_rows(db, rows)
    limits = limits or {}
    n_want = len(rows) if limit is None else int(limit)
    one_statement = skip and bool(dialect.get("cte_update"))
    released_rows = []
    rate_room = {}

    def release(r):
        """A run not taken for its partition lock: give back its admission, remember it."""
        released_rows.append(r)
        if unadmit is not None:
            unadmit(r)
        return 1

    def work(tx):
        del released_rows[:]  # in_tx runs work once, but keep the list exact regardless
        claimed, released = [], 0
        room = {}
        # The limits are read in the claim transaction itself (not from a cache): a limit
        # is in force for every claim that commits after the limit did, on any gateway.
        # Under SKIP LOCKED the candidate re-read carries them (one statement, not two).
        if skip:
            todo = candidates(db, n_want, queue_name, dialect, tx, True, versions, exclude,
                              with_rates=check_rates)
            rates = dict((compat.to_text(r["queue_name"]),
                          (int(r["rl_max_starts"]), int(r["rl_period_ms"])))
                         for r in todo if r.get("rl_max_starts") is not None) \
                if check_rates else {}
        else:
            todo = rows
            rates = ratelimits.limits(db, tx) if check_rates else {}
        # The claim's time (claimed, started, lease, deadline, rate window) is taken after
        # the candidate read when the caller passes none: a run's start then never precedes
        # the end of the run that held its partition before it (the read saw that end).
        t = now if now is not None else host.now_ms()
        rate_room.clear()
        if rates:
            # every rate lock first, in name order, before any run row: two claimers never
            # wait on each other in a cycle (a rate row vs a run row)
            for q in sorted(set(compat.to_text(r["queue_name"]) for r in todo) & set(rates)):
                rate_room[q] = ratelimits.room(db, tx, q, rates[q][0], rates[q][1], t)
        taken = set()  # partitions this transaction took: their next runs wait
        for r in todo:
            q = compat.to_text(r["queue_name"])
            pkey = r.get("partition_key")
            if pkey is not None and (q, compat.to_text(pkey)) in taken:
                continue  # (a backlog's runs of one free partition are all candidates)
            if q in limits:
                if q not in room:
                    room[q] = _room(db, tx, q, limits[q])
                if room[q] <= 0:
                    continue
            if q in rate_room and rate_room[q] <= 0:
                continue
            if admit is not None and not admit(r):
                continue
            wid = r["workflow_id"]
            deadline = _deadline(r, t)
            args = [executor, node, t, t, t, t + lease_ms, version, t, deadline, wid]
            head = pkey is not None and dialect is not None and "claim_seq" in r
            if one_statement and pkey is not None:
                # lock and run in one statement: the run is claimed only if the lock is won
                # (under SKIP LOCKED the run row is ours, so a 0 means the lock was held)
                lock = [r["queue_name"], pkey] + (_head_args(r) if head else []) + \
                    [wid, t, r["queue_name"], pkey, wid]
                sql = _CLAIM_WITH_LOCK % (_head_sql(dialect) if head else "1 = 1")
                if host.db_update(sql, lock + args, db, tx) != 1:
                    released += release(r)
                    continue
            elif host.db_update(_CLAIM + (" AND " + _head_sql(dialect) if head else ""),
                                args + (_head_args(r) if head else []), db, tx) != 1:
                if unadmit is not None:
                    unadmit(r)
                continue
            elif pkey is not None and host.db_update(
                    _TAKE_LOCK, [wid, t, r["queue_name"], pkey, wid], db, tx) != 1:
                host.db_update(_UNCLAIM, [r.get("started_at_epoch_ms"),
                                          r.get("deadline_epoch_ms"), wid], db, tx)
                released += release(r)
                continue
            r["deadline_epoch_ms"] = deadline  # the worker times the run by it (runner.make_item)
            if pkey is not None:
                taken.add((q, compat.to_text(pkey)))
            claimed.append(r)
            if q in room:
                room[q] -= 1
            if q in rate_room:
                ratelimits.note_start(db, tx, q, wid, t)
                rate_room[q] -= 1
        return claimed, released
    result = txm.in_tx(db, work)
    if saturated is not None:
        saturated.extend(q for q, n in sorted(rate_room.items()) if n <= 0)
    for r in released_rows:
        _forget_lock_row(db, r)
    if skip and released_rows:
        # A row read under SKIP LOCKED may have a partition key the pre-read did not
        # see, so its lock row may not exist yet (it cannot be created inside the claim
        # transaction: a duplicate-key error would abort it on PostgreSQL). Create it now
        # so the next cycle can take it.
        try:
            _ensure_lock_rows(db, released_rows)
        except compat.CATCHABLE:
            pass  # next cycle's pre-read creates it
    return result
