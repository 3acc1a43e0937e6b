"""Store of the operation log (``operation_outputs``): one row per workflow-visible op.

A row is written once, when the op's outcome is known, by a guarded
INSERT ... SELECT that only inserts while the run is RUNNING and still claimed by
the writing executor: the same statement records the outcome, checks for
cancellation and fences off an executor that lost its lease (row count 0).
The primary key (workflow_id, call_seq) makes a second record impossible.
May import: ``compat``, ``engine.host``, sibling persistence modules.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import host

COLS = ("workflow_id", "call_seq", "kind", "step_name", "status", "output_json", "error_json",
        "child_workflow_id", "started_at", "completed_at", "attempts")
_TYPES = ("t", "i", "t", "t", "t", "t", "t", "t", "i", "i", "i")
_SQL_CACHE = {}


def _record_sql(d):
    sql = _SQL_CACHE.get(d["name"])
    if sql is None:
        sel = ", ".join(d["p_int"] if t == "i" else d["p_text"] for t in _TYPES)
        sql = ("INSERT INTO operation_outputs (%s) SELECT %s FROM workflow_status "
               "WHERE workflow_id = ? AND status = 'RUNNING' AND claimed_by = ?" % (", ".join(COLS), sel))
        _SQL_CACHE[d["name"]] = sql
    return sql


def record(db, d, wid, executor, seq, kind, name, status, output_json=None, error_json=None,
           started=None, completed=None, attempts=1, child_id=None, tx=None):
    """Record one op outcome; returns 1, or 0 when the run is no longer ours/RUNNING."""
    args = [wid, int(seq), kind, name, status, output_json, error_json, child_id,
            int(started if started is not None else completed), completed, int(attempts),
            wid, executor]
    return host.db_update(_record_sql(d), args, db, tx)


def load(db, wid):
    """All recorded ops of a run in ONE query: {seq: row}."""
    out = {}
    for r in host.db_query("SELECT call_seq, kind, step_name, status, output_json, error_json, "
                           "child_workflow_id, attempts FROM operation_outputs WHERE workflow_id = ?",
                           [wid], db):
        out[int(r["call_seq"])] = r
    return out


def load_one(db, wid, seq, tx=None):
    rows = host.db_query("SELECT call_seq, kind, step_name, status, output_json, error_json FROM "
                         "operation_outputs WHERE workflow_id = ? AND call_seq = ?",
                         [wid, int(seq)], db, tx)
    return rows[0] if rows else None


def list_ops(db, wid):
    return host.db_query("SELECT %s FROM operation_outputs WHERE workflow_id = ? ORDER BY call_seq"
                         % ", ".join(COLS), [wid], db)


def copy_before(db, src, dst, upto_seq, tx=None):
    """Fork: copy ops with call_seq < upto_seq from ``src`` to ``dst``."""
    cols = ", ".join(COLS[1:])
    return host.db_update("INSERT INTO operation_outputs (workflow_id, %s) SELECT ?, %s FROM "
                          "operation_outputs WHERE workflow_id = ? AND call_seq < ?" % (cols, cols),
                          [dst, src, int(upto_seq)], db, tx)


def drop_trailing_error(db, wid, tx=None):
    """Resume: forget the failed op if it is the last one, so it runs again. Call it only
    inside the transaction whose guarded status write made the resume win (runs.resume)."""
    rows = host.db_query("SELECT call_seq, status FROM operation_outputs WHERE workflow_id = ? "
                         "ORDER BY call_seq DESC LIMIT 1", [wid], db, tx)
    if rows and compat.to_text(rows[0]["status"]) == "ERROR":
        return host.db_update("DELETE FROM operation_outputs WHERE workflow_id = ? AND call_seq = ?",
                              [wid, int(rows[0]["call_seq"])], db, tx)
    return 0
