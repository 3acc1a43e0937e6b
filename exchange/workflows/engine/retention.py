"""Retention: the three upstream policies, applied in batches, by hand or on a schedule.

1. global timeout (hours): cancel active runs created before the cutoff;
2. time threshold (hours): delete terminal runs completed before the cutoff;
3. rows threshold: delete the oldest terminal runs beyond the threshold.
Deletes go by batches of ids (one statement per table per batch, each batch its
own transaction) instead of 7 statements per run in one long transaction.
The dispatcher applies it every ``retentionIntervalMs`` (recovery.sweeps).
May import: ``compat``, ``settings``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import host, serialization as ser
from exchange.workflows.engine.persistence import runs
from exchange.workflows.engine.persistence import tx as txm

BATCH = 200
TERMINAL_IN = "('SUCCESS','ERROR','CANCELLED','MAX_RECOVERY_ATTEMPTS_EXCEEDED')"
CHILD_TABLES = (("operation_outputs", "workflow_id"), ("workflow_events", "workflow_id"),
                ("workflow_events_history", "workflow_id"), ("streams", "workflow_id"),
                ("notifications", "destination_uuid"), ("workflow_status", "workflow_id"))


def get_config(db):
    rows = host.db_query("SELECT time_threshold_hours, rows_threshold, global_timeout_hours, "
                         "updated_at FROM retention_config WHERE id = 1", [], db)
    r = rows[0] if rows else {}
    return {"timeThresholdHours": r.get("time_threshold_hours"),
            "rowsThreshold": r.get("rows_threshold", 1000000),
            "globalTimeoutHours": r.get("global_timeout_hours"), "updatedAtMs": r.get("updated_at")}


def set_config(db, timeThresholdHours=None, rowsThreshold=1000000, globalTimeoutHours=None):
    now = host.now_ms()
    n = host.db_update("UPDATE retention_config SET time_threshold_hours = ?, rows_threshold = ?, "
                       "global_timeout_hours = ?, updated_at = ? WHERE id = 1",
                       [timeThresholdHours, int(rowsThreshold or 0), globalTimeoutHours, now], db)
    if n == 0:
        host.db_update("INSERT INTO retention_config (id, time_threshold_hours, rows_threshold, "
                       "global_timeout_hours, updated_at) VALUES (1, ?, ?, ?, ?)",
                       [timeThresholdHours, int(rowsThreshold or 0), globalTimeoutHours, now], db)
    return get_config(db)


def delete_runs(db, ids):
    ids = list(ids)
    for i in range(0, len(ids), BATCH):
        chunk = ids[i:i + BATCH]
        marks = txm.placeholders(len(chunk))

        def work(tx):
            for table, col in CHILD_TABLES:
                host.db_update("DELETE FROM %s WHERE %s IN (%s)" % (table, col, marks), chunk, db, tx)
        txm.in_tx(db, work)
    return len(ids)


def _terminal_ids(db, where, args, limit):
    return [compat.to_text(r["workflow_id"]) for r in host.db_query(
        "SELECT workflow_id FROM workflow_status WHERE status IN %s AND %s ORDER BY "
        "COALESCE(completed_at_epoch_ms, updated_at_epoch_ms) LIMIT %d" % (TERMINAL_IN, where, int(limit)),
        args, db)]


def apply(db):
    """Apply the policies; returns a summary dict. Raises (after rollback) on DB errors."""
    cfg = get_config(db)
    now = host.now_ms()
    out = {"ok": True, "cancelled": 0, "deletedByTime": 0, "deletedByRows": 0, "config": cfg}
    g = cfg["globalTimeoutHours"]
    if g:
        out["cancelled"] = runs.cancel_where(
            db, "status IN ('ENQUEUED','PENDING','RUNNING') AND created_at_epoch_ms < ?",
            [now - int(float(g) * 3600000)],
            ser.safe_dumps({"type": "timeout", "reason": "global timeout of %s h (retention)" % g}), now)
    t = cfg["timeThresholdHours"]
    if t:
        cutoff = now - int(float(t) * 3600000)
        while True:
            ids = _terminal_ids(db, "COALESCE(completed_at_epoch_ms, updated_at_epoch_ms) < ?",
                                [cutoff], BATCH)
            if not ids:
                break
            out["deletedByTime"] += delete_runs(db, ids)
    rth = cfg["rowsThreshold"]
    if rth:
        total = int(list(host.db_query("SELECT COUNT(*) AS n FROM workflow_status", [], db)[0].values())[0])
        excess = total - int(rth)
        if excess > 0:
            out["deletedByRows"] = delete_runs(db, _terminal_ids(db, "1 = 1", [], excess))
    return out
