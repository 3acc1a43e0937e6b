"""Queue rate limits: at most N starts per period per queue, across all gateways.

A limit is a row of ``queue_rate_limits`` (queue, max_starts, period_ms). Every claim
of a run of a limited queue (a start of an execution: the first one, or one after a
recovery) writes a row to ``queue_starts`` inside the claim transaction. Before
claiming from a limited queue, the claim transaction locks the queue's limit row (a
no-op UPDATE: concurrent claimers of that queue on any gateway are serialized; on
SQLite the transaction is the single writer anyway), drops the queue's start rows
older than the period and counts the rest: the free room is ``max_starts - count``.
The database therefore enforces the limit, not memory, and a crash between claim
and start just leaves a counted start (never more than N).

The window is sliding and timed by each gateway's host clock (the simulator's
virtual clock in tests): gateways whose clocks disagree by more than a small part
of the period may exceed it by the starts that skew lets through (unverified
bound; keep gateway clocks in sync as any cluster requires).
May import: ``compat``, ``engine.host``.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import host


def limits(db, tx=None):
    """{queue: (max_starts, period_ms)} of every limited queue."""
    return dict((compat.to_text(r["queue_name"]), (int(r["max_starts"]), int(r["period_ms"])))
                for r in host.db_query("SELECT queue_name, max_starts, period_ms FROM "
                                       "queue_rate_limits", [], db, tx))


def set_limit(db, queue_name, max_starts, period_ms, now):
    """Create, change (or with ``max_starts`` None remove) the limit of a queue."""
    if max_starts is None:
        return host.db_update("DELETE FROM queue_rate_limits WHERE queue_name = ?", [queue_name],
                              db)
    n = host.db_update("UPDATE queue_rate_limits SET max_starts = ?, period_ms = ?, updated_at = ? "
                       "WHERE queue_name = ?", [int(max_starts), int(period_ms), now, queue_name],
                       db)
    if n == 0:
        try:
            n = host.db_update("INSERT INTO queue_rate_limits (queue_name, max_starts, period_ms, "
                               "updated_at) VALUES (?, ?, ?, ?)",
                               [queue_name, int(max_starts), int(period_ms), now], db)
        except compat.CATCHABLE:  # another gateway created it first: apply ours over it
            n = host.db_update("UPDATE queue_rate_limits SET max_starts = ?, period_ms = ?, "
                               "updated_at = ? WHERE queue_name = ?",
                               [int(max_starts), int(period_ms), now, queue_name], db)
    return n


def room(db, tx, queue_name, max_starts, period_ms, now):
    """Starts still allowed now in ``queue_name`` (locks the queue's limit row first)."""
    host.db_update("UPDATE queue_rate_limits SET updated_at = updated_at WHERE queue_name = ?",
                   [queue_name], db, tx)
    since = int(now) - int(period_ms)
    host.db_update("DELETE FROM queue_starts WHERE queue_name = ? AND started_at <= ?",
                   [queue_name, since], db, tx)
    rows = host.db_query("SELECT COUNT(*) AS n FROM queue_starts WHERE queue_name = ? AND "
                         "started_at > ?", [queue_name, since], db, tx)
    return int(max_starts) - int(list(rows[0].values())[0])


def note_start(db, tx, queue_name, workflow_id, now):
    """Count one start of ``queue_name`` (in the claim transaction)."""
    host.db_update("INSERT INTO queue_starts (queue_name, started_at, workflow_id) VALUES (?, ?, ?)",
                   [queue_name, int(now), workflow_id], db, tx)


def saturated(db, rates, now):
    """Queues whose window is full now (a lock-free read, to keep their backlog out of
    the claim's candidates so other queues are not starved behind it)."""
    out = []
    for q, (n, period) in rates.items():
        rows = host.db_query("SELECT COUNT(*) AS n FROM queue_starts WHERE queue_name = ? AND "
                             "started_at > ?", [q, int(now) - int(period)], db)
        if int(list(rows[0].values())[0]) >= n:
            out.append(q)
    return out


def starts_in(db, queue_name, since, until):
    """Start times of ``queue_name`` in [since, until) (tests, diagnostics)."""
    return [int(r["started_at"]) for r in host.db_query(
        "SELECT started_at FROM queue_starts WHERE queue_name = ? AND started_at >= ? AND "
        "started_at < ? ORDER BY started_at", [queue_name, int(since), int(until)], db)]
