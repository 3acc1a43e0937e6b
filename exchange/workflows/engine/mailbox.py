"""Mailbox ops: ``send``, ``recv``, ``recvCommand`` (durable, lossless, exactly-once).

Receiving consumes the message (compare-and-set on ``consumed_at``) and records
the op in the SAME transaction, so a crash either loses neither or keeps both;
a replay returns the recorded message and a timeout is recorded as None. Waits
are cancel-aware, timed by the host clock, and woken at once by a local ``send``
(kernel condition ``mail``); other gateways' sends are seen by polling.
``recvCommand`` applies the ISA-88 policy (``is88.models``: priority, allowed in
the current state) and consumes ONLY the message it returns; the others stay
queued for a later state. ``send`` from a workflow body is itself an op (no
duplicate message on replay); a repeated ``messageUUID`` is ignored (idempotent).
May import: ``compat``, ``errors``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import context, executor, faults, host, kernel as K
from exchange.workflows.engine import serialization as ser
from exchange.workflows.engine.persistence import mailbox_store as mb, oplog
from exchange.workflows.engine.persistence import tx as txm

_FALLBACK_PRIORITY = {"STOP": 2, "HOLD": 1, "RESUME": 0, "RESET": -1}


def _policy():
    """(normalize, priority, allowed) from is88.models, or a built-in equivalent."""
    try:
        from exchange.workflows.is88 import models
        return models.normalizeCommand, models.commandPriority, models.allowedInState
    except ImportError:
        def normalize(m):
            c = m.get("cmd") if isinstance(m, dict) else m
            c = compat.to_text(c).upper() if c is not None else None
            return c if c in _FALLBACK_PRIORITY else None

        def allowed(cmd, state):
            cmd, state = (cmd or "").upper(), (state or "").upper()
            return cmd == "STOP" or (cmd == "HOLD" and state in ("STARTING", "RUNNING", "RESUMING")) \
                or (cmd == "RESUME" and state == "HELD") or (cmd == "RESET" and state in ("STOPPED", "ERROR"))
        return normalize, lambda c: _FALLBACK_PRIORITY.get(normalize(c), -999), allowed


def send(rt, destinationWorkflowId, message, topic="cmd", messageUUID=None):
    if not destinationWorkflowId:
        raise ValueError("send needs destinationWorkflowId (the run that will recv the message)")
    db = rt.dbName
    text = ser.dumps(message, "message")
    topic = topic or "cmd"
    ctx = context.current()

    def insert(tx):
        mb.send(db, destinationWorkflowId, topic, text, messageUUID, host.now_ms(), tx)
    if ctx is not None and ctx.step_depth == 0:
        executor.checkpoint(ctx, "send", topic, lambda tx, seq: insert(tx))
    else:
        try:
            insert(None)
        except compat.CATCHABLE:
            if messageUUID is None or not _uuid_exists(db, destinationWorkflowId, topic, messageUUID):
                raise
    K.notify(rt.kernel, "mail")


def _uuid_exists(db, dest, topic, uuid):
    return bool(host.db_query("SELECT notification_id FROM notifications WHERE destination_uuid = ? "
                              "AND topic = ? AND message_uuid = ?", [dest, topic, uuid], db))


class _Retry(Exception):
    pass


class _Lost(Exception):
    pass


def _take(ctx, seq, kind, topic, choose, limit, started):
    """One attempt: (True, value) if a message was taken and recorded, else (False, None).
    The op is recorded as started when the wait began (``started``, host ms) and completed
    at the take, so the operation log shows how long the run waited."""
    db = ctx.db

    attempts = []

    def work(tx):
        if attempts:  # a retry: the failed attempt's commit may have landed after all
            done = oplog.load_one(db, ctx.workflowId, seq, tx)
            if done is not None:
                return True, ser.loads(done["output_json"])
        attempts.append(1)
        msgs = mb.pending(db, ctx.workflowId, topic, limit, tx)
        if not msgs:
            return False, None
        picked = choose([(m["notification_id"], ser.loads(m["message_json"])) for m in msgs])
        if picked is None:
            return False, None
        nid, value = picked
        now = host.now_ms()
        if mb.consume(db, nid, seq, now, tx) != 1:
            raise _Retry()
        out = ser.dumps_or_none(value, "received message")
        if oplog.record(db, ctx.dialect, ctx.workflowId, ctx.executor_id, seq, kind, topic,
                        "SUCCESS", out, None, min(started, now), now, 1, None, tx) != 1:
            raise _Lost()
        return True, value
    for _ in range(20):
        try:
            return executor.db_retry(ctx, lambda: txm.in_tx(db, work), "%s op #%d" % (kind, seq),
                                     (_Retry, _Lost))
        except _Retry:
            continue
        except _Lost:
            executor.lost(ctx)
    return False, None


def _receive(rt, kind, topic, timeoutSeconds, choose, limit):
    ctx = executor.require_context(kind)
    topic = topic or "cmd"
    if ctx.step_depth > 0:
        raise ValueError("%s cannot be called inside a step; call it from the workflow body" % kind)
    seq = executor.take_seq(ctx)
    rec = executor.replayed(ctx, seq, kind, topic)
    if rec is not None:
        return ser.loads(rec["output_json"])
    try:
        timeout_ms = max(0, int(float(timeoutSeconds or 0) * 1000))
    except (TypeError, ValueError):
        raise ValueError("timeoutSeconds must be a number, got %r" % (timeoutSeconds,))
    started = host.now_ms()
    end = started + timeout_ms
    cond = K.get(rt.kernel, "mail")
    while True:
        found, value = _take(ctx, seq, kind, topic, choose, limit, started)
        if found:
            faults.point("after_recv_commit")
            return value
        now = host.now_ms()
        if now >= end:
            rec = executor.record(ctx, seq, kind, topic, "SUCCESS", None, started=started)
            faults.point("after_recv_commit")
            # an earlier ambiguous commit may have recorded a received message for this op
            return ser.loads(rec["output_json"]) if rec is not None else None
        with cond:
            cond.wait(max(0.0005, min((end - now) / 1000.0, 0.05)))
        context.check(ctx)


def recv(rt, topic="cmd", timeoutSeconds=0):
    return _receive(rt, "recv", topic, timeoutSeconds, lambda msgs: msgs[0], 1)


def recvCommand(rt, currentState=None, topic="cmd", timeoutSeconds=0, maxMessages=5):
    normalize, priority, allowed = _policy()
    state = compat.to_text(currentState).upper() if currentState else None

    def choose(msgs):
        best = None
        for nid, m in msgs:
            cmd = normalize(m)
            if cmd is None or (state is not None and not allowed(cmd, state)):
                continue
            p = priority(cmd)
            if best is None or p > best[2]:
                best = (nid, m, p, cmd)
        if best is None:
            return None
        return best[0], {"cmd": best[3], "message": best[1], "priority": best[2]}
    try:
        limit = max(1, int(maxMessages or 1))
    except (TypeError, ValueError):
        limit = 1
    return _receive(rt, "recvCommand", topic, timeoutSeconds, choose, limit)


def listMessages(rt, workflowId, topic=None, includeConsumed=True, limit=1000):
    """A run's mailbox, oldest first: pending and (``includeConsumed``) consumed messages.
    ``consumedBySeq`` is the receiving op's number in the run's operation log."""
    return [{"messageId": int(r["notification_id"]), "topic": compat.to_text(r["topic"]),
             "uuid": None if r["message_uuid"] is None else compat.to_text(r["message_uuid"]),
             "message": ser.loads(r["message_json"]), "sentAtMs": int(r["created_at"]),
             "consumedAtMs": None if r["consumed_at"] is None else int(r["consumed_at"]),
             "consumedBySeq": None if r["consumed_seq"] is None else int(r["consumed_seq"])}
            for r in mb.list_messages(rt.dbName, workflowId, topic, includeConsumed, limit)]
