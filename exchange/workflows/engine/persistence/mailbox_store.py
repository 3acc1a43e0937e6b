"""Store of the mailbox (``notifications``): FIFO by autoincrement id, consumed in place.

Messages are never deleted on receipt: ``consumed_at``/``consumed_seq`` are set
by a compare-and-set UPDATE in the same transaction that records the receiving
op, so a message is delivered exactly once and replays see the same value.
May import: ``compat``, ``engine.host``.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows.engine import host


def send(db, dest, topic, message_json, message_uuid, now, tx=None):
    return host.db_update("INSERT INTO notifications (destination_uuid, topic, message_json, "
                          "message_uuid, created_at) VALUES (?, ?, ?, ?, ?)",
                          [dest, topic, message_json, message_uuid, now], db, tx)


def pending(db, dest, topic, limit, tx=None):
    return host.db_query("SELECT notification_id, message_json, created_at FROM notifications "
                         "WHERE destination_uuid = ? AND topic = ? AND consumed_at IS NULL "
                         "ORDER BY notification_id ASC LIMIT %d" % int(limit), [dest, topic], db, tx)


def has_pending(db, dest, topic):
    return bool(pending(db, dest, topic, 1))


def consume(db, notification_id, seq, now, tx=None):
    return host.db_update("UPDATE notifications SET consumed_at = ?, consumed_seq = ? WHERE "
                          "notification_id = ? AND consumed_at IS NULL",
                          [now, int(seq), notification_id], db, tx)


def list_messages(db, dest, topic=None, include_consumed=True, limit=1000):
    """A run's messages, oldest first (index ``idx_notif_recv`` leads with the destination)."""
    sql = ("SELECT notification_id, topic, message_json, message_uuid, created_at, consumed_at, "
           "consumed_seq FROM notifications WHERE destination_uuid = ?")
    args = [dest]
    if topic:
        sql += " AND topic = ?"
        args.append(topic)
    if not include_consumed:
        sql += " AND consumed_at IS NULL"
    return host.db_query(sql + " ORDER BY notification_id LIMIT %d" % max(0, int(limit)), args, db)
