"""Store of runs (``workflow_status``): insert, read, lifecycle compare-and-set writes.

Every lifecycle write is a guarded UPDATE whose row count says whether it won
(e.g. the terminal write only matches a RUNNING row still claimed by this
executor, so a cancelled or recovered run is never overwritten).
Dedup: ``dedup_key`` holds the dedup id only while the run is active.
Execution fence: ``lease_expires_at`` is non-NULL while an execution may still be
running the row (PENDING/RUNNING, and CANCELLED until the cancelled execution stops:
cancels keep it, the heartbeat renews it, ``release_execution`` clears it). A resume
only wins when it is NULL or expired, so a run never gets a second execution while
the first still runs (see engine/control.py).
May import: ``compat``, ``settings``, ``engine.host``, sibling persistence modules.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import host
from exchange.workflows.engine.persistence.tx import placeholders

# DELAYED (engine/delayed.py): stored, waiting for its start time; cancellable like ENQUEUED.
ACTIVE_IN = "('DELAYED','ENQUEUED','PENDING','RUNNING')"
INSERT_COLS = ("workflow_id", "workflow_name", "status", "queue_name", "partition_key", "priority",
               "deduplication_id", "dedup_key", "application_version", "inputs_json",
               "created_at_epoch_ms", "updated_at_epoch_ms", "timeout_ms", "parent_workflow_id",
               "parent_seq", "forked_from", "created_by")
INSERT_SQL = "INSERT INTO workflow_status (%s) VALUES (%s)" % (", ".join(INSERT_COLS),
                                                             placeholders(len(INSERT_COLS)))
_CLEAR_CLAIM = ("claimed_by = NULL, claimed_node = NULL, claimed_at_epoch_ms = NULL, "
                "lease_expires_at = NULL")


def insert_sql_many(n):
    one = "(%s)" % placeholders(len(INSERT_COLS))
    return "INSERT INTO workflow_status (%s) VALUES %s" % (", ".join(INSERT_COLS),
                                                          ", ".join([one] * n))


def row_args(r):
    return [r.get(c) for c in INSERT_COLS]


def insert(db, r, tx=None):
    return host.db_update(INSERT_SQL, row_args(r), db, tx)


def get(db, workflow_id, tx=None):
    rows = host.db_query("SELECT * FROM workflow_status WHERE workflow_id = ?", [workflow_id], db, tx)
    return rows[0] if rows else None


def find_active_dedup(db, queue_name, dedup_id):
    rows = host.db_query("SELECT workflow_id FROM workflow_status WHERE queue_name = ? AND dedup_key = ?",
                         [queue_name, dedup_id], db)
    return compat.to_text(rows[0]["workflow_id"]) if rows else None


def statuses(db, ids):
    out = {}
    ids = list(ids)
    for i in range(0, len(ids), 100):
        chunk = ids[i:i + 100]
        for r in host.db_query("SELECT workflow_id, status, claimed_by FROM workflow_status WHERE "
                               "workflow_id IN (%s)" % placeholders(len(chunk)), chunk, db):
            out[compat.to_text(r["workflow_id"])] = (compat.to_text(r["status"]), r["claimed_by"])
    return out


def release_claim(db, wid, executor, tx=None):
    """A run this executor claimed that no worker started (it still waits in the work
    queue): back to ENQUEUED, its claim undone -- the execution count the claim added
    taken back, and a first execution's start time and deadline cleared. The caller
    guarantees no worker took it (only ``executor``'s own rows match)."""
    # CASEs before the decrement: MariaDB/MySQL evaluate SET left to right on the new row
    sql = ("UPDATE workflow_status SET started_at_epoch_ms = CASE WHEN executions <= %s THEN NULL "
           "ELSE started_at_epoch_ms END, deadline_epoch_ms = CASE WHEN executions <= %s THEN NULL "
           "ELSE deadline_epoch_ms END, executions = CASE WHEN status = 'RUNNING' AND "
           "executions > 0 THEN executions - 1 ELSE executions END, status = 'ENQUEUED', %s, "
           "updated_at_epoch_ms = ? WHERE workflow_id = ? AND status IN ('PENDING','RUNNING') AND "
           "claimed_by = ?")
    # a RUNNING row's count includes this claim (<= 1: it was the first); a PENDING one's not
    sql = sql % ("CASE WHEN status = 'RUNNING' THEN 1 ELSE 0 END",
                 "CASE WHEN status = 'RUNNING' THEN 1 ELSE 0 END", _CLEAR_CLAIM)
    return host.db_update(sql, [host.now_ms(), wid, executor], db, tx)


def finish(db, wid, executor, status, result_json, error_json, now):
    """Guarded terminal write by the executing run; 1 if it won. One autocommit
    statement: a run with a partition key leaves its lock row naming it, and the lock is
    free from this commit on because its holder is no longer active (the claim's
    compare-and-set and the candidate read both test the holder's status), so no second
    write (and no transaction) is spent on it."""
    return host.db_update(_FINISH, [status, result_json, error_json, now, now, now, wid, executor],
                          db)


_FINISH = ("UPDATE workflow_status SET status = ?, result_json = ?, error_json = ?, "
           "completed_at_epoch_ms = ?, updated_at_epoch_ms = ?, heartbeat_at_epoch_ms = ?, "
           "dedup_key = NULL, lease_expires_at = NULL "
           "WHERE workflow_id = ? AND status = 'RUNNING' AND claimed_by = ?")


def requeue_own(db, wid, executor, now):
    """Give a run back to the queue (this executor cannot finish it now)."""
    return host.db_update(
        "UPDATE workflow_status SET status = 'ENQUEUED', %s, updated_at_epoch_ms = ? "
        "WHERE workflow_id = ? AND status IN ('PENDING','RUNNING') AND claimed_by = ?"
        % _CLEAR_CLAIM, [now, wid, executor], db)


def cancel(db, wid, error_json, now):
    """Cancel an active run (keeps an existing error payload). The lease stays: a claimed
    run's execution is still live until it stops (``release_execution``)."""
    return host.db_update(
        "UPDATE workflow_status SET status = 'CANCELLED', error_json = COALESCE(error_json, ?), "
        "completed_at_epoch_ms = COALESCE(completed_at_epoch_ms, ?), updated_at_epoch_ms = ?, "
        "dedup_key = NULL WHERE workflow_id = ? AND status IN " + ACTIVE_IN,
        [error_json, now, now, wid], db)


def cancel_where(db, where, args, error_json, now, tx=None):
    """Cancel every active run matching ``where`` (maintenance / retention); leases stay
    (see ``cancel``)."""
    return host.db_update(
        "UPDATE workflow_status SET status = 'CANCELLED', error_json = COALESCE(error_json, ?), "
        "completed_at_epoch_ms = COALESCE(completed_at_epoch_ms, ?), updated_at_epoch_ms = ?, "
        "dedup_key = NULL WHERE " + where,
        [error_json, now, now] + list(args), db, tx)


def release_execution(db, wid, executor):
    """The execution of a run that ended without its own terminal write (cancelled, lost)
    has stopped: clear the fence so a resume may proceed. 1 if a fence was cleared."""
    return host.db_update(
        "UPDATE workflow_status SET lease_expires_at = NULL WHERE workflow_id = ? AND "
        "claimed_by = ? AND lease_expires_at IS NOT NULL AND status NOT IN " + ACTIVE_IN,
        [wid, executor], db)


def cancel_expired(db, now, error_json):
    """Deadline sweep: RUNNING runs past their deadline -> CANCELLED (all gateways)."""
    return cancel_where(db, "status = 'RUNNING' AND deadline_epoch_ms IS NOT NULL AND "
                        "deadline_epoch_ms < ?", [now], error_json, now)


def renew_leases(db, executor, ids, now, lease_ms):
    n = 0
    ids = list(ids)
    for i in range(0, len(ids), 100):
        chunk = ids[i:i + 100]
        n += host.db_update(
            "UPDATE workflow_status SET lease_expires_at = ?, heartbeat_at_epoch_ms = ? "
            "WHERE claimed_by = ? AND (status IN ('PENDING','RUNNING') OR (status = 'CANCELLED' "
            "AND lease_expires_at IS NOT NULL)) AND workflow_id IN (%s)"
            % placeholders(len(chunk)), [now + lease_ms, now, executor] + chunk, db)
    return n


# recovery_attempts is assigned FIRST: MariaDB/MySQL evaluate SET assignments left to
# right against the row as already changed, so a CASE placed after ``status = 'ENQUEUED'``
# never saw RUNNING there (PostgreSQL and SQLite read the old row either way).
_RECOVER = ("UPDATE workflow_status SET "
            "recovery_attempts = CASE WHEN status = 'RUNNING' THEN recovery_attempts + 1 "
            "ELSE recovery_attempts END, status = 'ENQUEUED', %s, updated_at_epoch_ms = ? "
            "WHERE status IN ('PENDING','RUNNING') AND " % _CLEAR_CLAIM)


def recover_own(db, node, executor, now, silent_before=None, tx=None):
    """Re-enqueue runs this gateway's node claimed under an earlier executor that has not
    heartbeaten since ``silent_before`` (host ms, default ``now``): a live executor of the
    same node name (a twin gateway) keeps its runs."""
    return host.db_update(_RECOVER + "claimed_node = ? AND (claimed_by IS NULL OR claimed_by <> ?) "
                          "AND (heartbeat_at_epoch_ms IS NULL OR heartbeat_at_epoch_ms < ?)",
                          [now, node, executor, int(now if silent_before is None else silent_before)],
                          db, tx)


def release_silent_fences(db, node, executor, silent_before):
    """Clear the fences of CANCELLED runs whose executing executor (an earlier one of this
    node) is silent: that execution is gone, so a resume need not wait for its lease."""
    return host.db_update(
        "UPDATE workflow_status SET lease_expires_at = NULL WHERE status = 'CANCELLED' AND "
        "lease_expires_at IS NOT NULL AND claimed_node = ? AND claimed_by <> ? AND "
        "(heartbeat_at_epoch_ms IS NULL OR heartbeat_at_epoch_ms < ?)",
        [node, executor, int(silent_before)], db)


def live_twins(db, node, executor, since):
    """Other executors of this node name that heartbeated at or after ``since`` (host ms)."""
    return [compat.to_text(r["claimed_by"]) for r in host.db_query(
        "SELECT DISTINCT claimed_by FROM workflow_status WHERE status IN ('PENDING','RUNNING',"
        "'CANCELLED') AND claimed_node = ? AND claimed_by <> ? AND heartbeat_at_epoch_ms >= ? "
        "AND lease_expires_at IS NOT NULL", [node, executor, int(since)], db)]


def recover_own_orphan(db, wid, executor, now, tx=None):
    """Re-enqueue one run claimed by ``executor`` that it no longer executes (counted as a
    recovery, so a run that keeps failing this way ends dead-lettered)."""
    return host.db_update(_RECOVER + "workflow_id = ? AND claimed_by = ?", [now, wid, executor],
                          db, tx)


def recover_expired(db, now):
    """Any gateway: re-enqueue runs whose lease expired (their owner is gone)."""
    return host.db_update(_RECOVER + "lease_expires_at IS NOT NULL AND lease_expires_at < ?",
                          [now, now], db)


def dead_letter_over_cap(db, cap, error_json, now, tx=None):
    return host.db_update(
        "UPDATE workflow_status SET status = ?, error_json = ?, completed_at_epoch_ms = ?, "
        "updated_at_epoch_ms = ?, dedup_key = NULL WHERE status = 'ENQUEUED' AND recovery_attempts > ?",
        [S.STATUS_MAX_RECOVERY, error_json, now, now, int(cap)], db, tx)


RESUMABLE = (S.STATUS_CANCELLED, S.STATUS_ERROR, S.STATUS_MAX_RECOVERY)


def resume(db, wid, now, tx=None):
    """CANCELLED/ERROR/dead-lettered -> ENQUEUED, keeping the operation log; only when no
    execution may still run it (no lease, or an expired one). 1 if it won."""
    return host.db_update(
        "UPDATE workflow_status SET status = 'ENQUEUED', %s, completed_at_epoch_ms = NULL, "
        "error_json = NULL, result_json = NULL, deadline_epoch_ms = NULL, recovery_attempts = 0, "
        "dedup_key = deduplication_id, updated_at_epoch_ms = ? WHERE workflow_id = ? AND status IN "
        "('CANCELLED','ERROR','%s') AND (lease_expires_at IS NULL OR lease_expires_at < ?)"
        % (_CLEAR_CLAIM, S.STATUS_MAX_RECOVERY), [now, wid, now], db, tx)


LIST_COLS = ("workflow_id, workflow_name, status, queue_name, partition_key, priority, "
             "deduplication_id, application_version, created_at_epoch_ms, updated_at_epoch_ms, "
             "started_at_epoch_ms, completed_at_epoch_ms, claimed_by, deadline_epoch_ms, "
             "recovery_attempts, executions, parent_workflow_id, forked_from")


def _escape_like(text):
    """``text`` as a LIKE pattern matching it literally (escape character ``!``: a backslash
    would need doubling on MariaDB/MySQL but not elsewhere)."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def run_filters(status=None, workflowName=None, queueName=None, sinceMs=None, untilMs=None,
                parentWorkflowId=None, applicationVersion=None, partitionKey=None,
                idContains=None):
    """(WHERE text or "", args) shared by ``list_runs`` and ``count_runs``. ``idContains``
    matches a substring of the run id, case-insensitively, on every database family (a
    substring cannot use an index: it scans the rows the other filters leave)."""
    where, args = [], []
    if status:
        sts = [status] if isinstance(status, compat.string_types) else list(status)
        where.append("status IN (%s)" % placeholders(len(sts)))
        args.extend(sts)
    for col, val in (("workflow_name", workflowName), ("queue_name", queueName),
                     ("parent_workflow_id", parentWorkflowId),
                     ("application_version", applicationVersion),
                     ("partition_key", partitionKey)):
        if val:
            where.append("%s = ?" % col)
            args.append(val)
    if sinceMs is not None:
        where.append("created_at_epoch_ms >= ?")
        args.append(int(sinceMs))
    if untilMs is not None:
        where.append("created_at_epoch_ms < ?")
        args.append(int(untilMs))
    if idContains:
        where.append("LOWER(workflow_id) LIKE ? ESCAPE '!'")
        args.append("%" + _escape_like(compat.to_text(idContains).lower()) + "%")
    return (" WHERE " + " AND ".join(where)) if where else "", args


def list_runs(db, status=None, workflowName=None, queueName=None, sinceMs=None, untilMs=None,
              parentWorkflowId=None, limit=100, offset=0, newestFirst=True, withData=False,
              applicationVersion=None, partitionKey=None, idContains=None):
    where, args = run_filters(status, workflowName, queueName, sinceMs, untilMs, parentWorkflowId,
                              applicationVersion, partitionKey, idContains)
    cols = LIST_COLS + (", inputs_json, result_json, error_json" if withData else "")
    sql = "SELECT %s FROM workflow_status%s" % (cols, where)
    order = "DESC" if newestFirst else "ASC"
    sql += " ORDER BY created_at_epoch_ms %s, workflow_id %s LIMIT %d OFFSET %d" % (
        order, order, max(0, int(limit)), max(0, int(offset)))
    return host.db_query(sql, args, db)


def count_runs(db, by_status=False, **filters):
    """Number of runs matching ``run_filters(**filters)``; with ``by_status`` {status: n}."""
    where, args = run_filters(**filters)
    if not by_status:
        return int(host.db_scalar("SELECT COUNT(*) AS n FROM workflow_status" + where, args, db)
                   or 0)
    rows = host.db_query("SELECT status, COUNT(*) AS n FROM workflow_status%s GROUP BY status"
                         % where, args, db)
    return dict((compat.to_text(r["status"]), int(r["n"])) for r in rows)


def count_by_status(db, queueName=None):
    sql = "SELECT queue_name, status, COUNT(*) AS n FROM workflow_status"
    args = []
    if queueName:
        sql += " WHERE queue_name = ?"
        args.append(queueName)
    sql += " GROUP BY queue_name, status"
    return [{"queueName": r["queue_name"], "status": r["status"], "count": int(r["n"])}
            for r in host.db_query(sql, args, db)]
