"""Event and stream ops (``setEvent``, ``writeStream``, ``progress``) and their readers.

Each write from a workflow body is a checkpointed op: the write and its op record
commit together, so a replay neither duplicates it nor loses it. Called inside a
step the write is plain (the step is the unit of replay, at-least-once).
Readers (``getEvent``, ``readStream``, ...) work from anywhere.
May import: ``compat``, ``errors``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import context, executor, faults, host, kernel as K
from exchange.workflows.engine import serialization as ser
from exchange.workflows.engine.persistence import events_store as ev


def _write(rt, kind, key, effect):
    ctx = executor.require_context(kind)
    if ctx.step_depth > 0:
        return effect(None, 0)
    value = executor.checkpoint(ctx, kind, key, effect)
    faults.point("after_event_commit")
    return value


def setEvent(rt, key, value):
    text = ser.dumps_or_none(value, "event %s" % key)
    ctx = context.current()

    def effect(tx, seq):
        ev.set_event(ctx.db, ctx.workflowId, key, text, host.now_ms(), tx)
        return None
    _write(rt, "setEvent", key, effect)
    K.notify(rt.kernel, "done")


def writeStream(rt, key, value):
    text = ser.dumps_or_none(value, "stream %s value" % key)
    ctx = context.current()

    def effect(tx, seq):
        return ev.append_stream(ctx.db, ctx.workflowId, key, text, host.now_ms(), tx)
    return _write(rt, "writeStream", key, effect)


def progress(rt, message, extra=None):
    """Stream ``log`` + event ``phase.last_message``; never raises."""
    try:
        ctx = context.current()
        if ctx is None:
            return None
        payload = {"ts": host.now_ms(), "message": message}
        if extra is not None:
            payload["extra"] = extra
        text = ser.dumps(payload, "progress")

        def effect(tx, seq):
            now = host.now_ms()
            ev.append_stream(ctx.db, ctx.workflowId, "log", text, now, tx)
            ev.set_event(ctx.db, ctx.workflowId, "phase.last_message", text, now, tx)
            return None
        _write(rt, "progress", "log", effect)
    except compat.CATCHABLE as exc:
        try:
            rt._log.debug("evt=progress.failed error=%s" % compat.exception_text(exc))
        except compat.CATCHABLE:
            pass
    return None


def getEvent(rt, workflowId, key, timeoutSeconds=0):
    end = host.now_ms() + int(float(timeoutSeconds or 0) * 1000)
    while True:
        row = ev.get_event(rt.dbName, workflowId, key)
        if row is not None:
            return ser.loads(row["value_json"])
        if host.now_ms() >= end:
            return None
        cond = K.get(rt.kernel, "done")
        with cond:
            cond.wait(0.05)


def listEvents(rt, workflowId):
    return dict((compat.to_text(r["event_key"]), ser.loads(r["value_json"]))
                for r in ev.list_events(rt.dbName, workflowId))


def getEventHistory(rt, workflowId, key=None):
    return [{"key": compat.to_text(r["event_key"]), "value": ser.loads(r["value_json"]),
             "createdAtMs": r["created_at"]} for r in ev.event_history(rt.dbName, workflowId, key)]


def readStream(rt, workflowId, key, fromOffset=0, limit=1000):
    return [{"offset": int(r["stream_offset"]), "value": ser.loads(r["value_json"]),
             "createdAtMs": r["created_at"]}
            for r in ev.read_stream(rt.dbName, workflowId, key, fromOffset, limit)]


def listStreams(rt, workflowId):
    """The streams of a run by key: [{"key", "entries", "lastAtMs"}] sorted by key."""
    return [{"key": compat.to_text(r["stream_key"]), "entries": int(r["n"]),
             "lastAtMs": None if r["last_at"] is None else int(r["last_at"])}
            for r in ev.list_streams(rt.dbName, workflowId)]
