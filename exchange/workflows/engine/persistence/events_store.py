"""Store of events (latest value + history) and streams (append-only, per-key offsets).

May import: ``engine.host``.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows.engine import host


def set_event(db, wid, key, value_json, now, tx=None):
    n = host.db_update("UPDATE workflow_events SET value_json = ?, updated_at = ? WHERE "
                       "workflow_id = ? AND event_key = ?", [value_json, now, wid, key], db, tx)
    if n == 0:
        host.db_update("INSERT INTO workflow_events (workflow_id, event_key, value_json, updated_at) "
                       "VALUES (?, ?, ?, ?)", [wid, key, value_json, now], db, tx)
    host.db_update("INSERT INTO workflow_events_history (workflow_id, event_key, value_json, "
                   "created_at) VALUES (?, ?, ?, ?)", [wid, key, value_json, now], db, tx)


def append_stream(db, wid, key, value_json, now, tx=None):
    """Append and return the offset (0, 1, 2 ... per workflow and key)."""
    rows = host.db_query("SELECT MAX(stream_offset) AS m FROM streams WHERE workflow_id = ? AND "
                         "stream_key = ?", [wid, key], db, tx)
    m = rows[0]["m"] if rows else None
    offset = 0 if m is None else int(m) + 1
    host.db_update("INSERT INTO streams (workflow_id, stream_key, stream_offset, value_json, "
                   "created_at) VALUES (?, ?, ?, ?, ?)", [wid, key, offset, value_json, now], db, tx)
    return offset


def get_event(db, wid, key):
    rows = host.db_query("SELECT value_json, updated_at FROM workflow_events WHERE workflow_id = ? "
                         "AND event_key = ?", [wid, key], db)
    return rows[0] if rows else None


def list_events(db, wid):
    return host.db_query("SELECT event_key, value_json, updated_at FROM workflow_events WHERE "
                         "workflow_id = ? ORDER BY event_key", [wid], db)


def event_history(db, wid, key=None):
    sql = ("SELECT event_id, event_key, value_json, created_at FROM workflow_events_history "
           "WHERE workflow_id = ?")
    args = [wid]
    if key:
        sql += " AND event_key = ?"
        args.append(key)
    return host.db_query(sql + " ORDER BY event_id", args, db)


def read_stream(db, wid, key, from_offset=0, limit=1000):
    return host.db_query("SELECT stream_offset, value_json, created_at FROM streams WHERE "
                         "workflow_id = ? AND stream_key = ? AND stream_offset >= ? ORDER BY "
                         "stream_offset LIMIT %d" % int(limit), [wid, key, int(from_offset)], db)


def list_streams(db, wid):
    """[(key, entries, last append ms)] of a run's streams by key (``uq_stream_offset``)."""
    return host.db_query("SELECT stream_key, COUNT(*) AS n, MAX(created_at) AS last_at FROM streams "
                         "WHERE workflow_id = ? GROUP BY stream_key ORDER BY stream_key", [wid], db)
