"""The in-memory ingress queue for tag events: bounded, O(1), flushed durably.

``offer`` must be cheap (tag-event threads return in milliseconds): check the
arguments as a durable start would (``validate``: ids, priority, timeout, inputs
vs the workflow's signature, ``maxInputBytes``; refused with an ack ``reason``), encode the
item as JSON text, reserve a slot with one atomic add (so the bound is exact
under concurrency), append, wake the dispatcher. Overflow modes: ``reject`` /
``drop_newest`` (refuse the new item) and ``drop_oldest`` (evict the head, which
becomes a dead letter). ``flush`` moves items into ``workflow_status`` in one
transaction (falling back to one per item); an item that keeps failing is
retried ``FAST_FLUSH_FAILURE_MAX_RETRIES`` times, then dead-lettered. Dead
letters go to the ``dead_letters`` table (and to a bounded kernel queue when the
database is unreachable); they can be listed and replayed. Flushes are serialised
by the kernel's ``flushLock``, held from taking items out of the queue until they
are committed: a caller's ``dispatch()`` that finds the queue emptied by the
background dispatcher waits for that commit, so the rows exist when it returns
(upstream's tests read them right away).
May import: ``compat``, ``settings``, ``engine.*`` except runtime/instance/dispatcher.
"""
from __future__ import absolute_import, division, print_function

import json
import threading

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import faults, host, kernel as K, registry, starts, validate
from exchange.workflows.engine import serialization as ser
from exchange.workflows.engine.persistence import runs
from exchange.workflows.engine.persistence import tx as txm
from exchange.workflows.errors import InvalidArgument

# ack ``reason`` of an argument refused at offer time, by the error's code
_REASONS = {"INVALID_INPUTS": "invalid_inputs", "INPUT_TOO_LARGE": "input_too_large",
            "INVALID_ARGUMENTS": "invalid_arguments"}


def _ack(accepted, k, **kw):
    kw["accepted"] = accepted
    kw["queueDepth"] = compat.atomic_get(K.get(k, "inMemoryQueueDepth"))
    return kw


def offer(rt, workflowName, inputsObj=None, queueName=None, partitionKey=None, priority=0,
          deduplicationId=None, applicationVersion=None, timeoutSeconds=None,
          allowDuringMaintenance=None, workflowId=None):
    k = rt.kernel
    allow = allowDuringMaintenance
    if allow is None:
        allow = compat.atomic_get(K.get(k, "inMemoryQueueAcceptDuringMaintenance"))
    if K.maintenance_on(k) and not allow:
        return _ack(False, k, reason="maintenance")
    if not workflowName or not registry.has_workflow(workflowName):
        return _ack(False, k, reason="workflow_not_registered",
                    error="Workflow not registered: %s" % (workflowName,))
    try:  # the durable start's checks, now: a bad item would only fail at flush time
        prio = validate.priority(priority)
        for name, value in (("queueName", queueName), ("partitionKey", partitionKey),
                            ("deduplicationId", deduplicationId),
                            ("applicationVersion", applicationVersion)):
            validate.text(name, value)
        validate.workflow_id("workflowId", workflowId)
        if timeoutSeconds is not None:
            validate.seconds("timeoutSeconds", timeoutSeconds, allow_zero=False)
    except InvalidArgument as exc:
        return _ack(False, k, reason=_REASONS.get(exc.code, "invalid_arguments"),
                    error=compat.exception_text(exc))
    try:
        text = ser.dumps({"workflow_name": workflowName, "inputs": inputsObj,
                          "queue_name": queueName, "partition_key": partitionKey, "priority": prio,
                          "deduplication_id": deduplicationId,
                          "application_version": applicationVersion,
                          "timeout_seconds": timeoutSeconds, "workflow_id": workflowId,
                          "accepted_at_ms": host.now_ms(), "retries": 0}, "in-memory item")
    except (ValueError, TypeError) as exc:
        return _ack(False, k, reason="invalid_payload", error=compat.exception_text(exc))
    limit = int(K.config(k, "maxInputBytes"))
    try:
        validate.bind_inputs(workflowName, registry.workflow_fn(workflowName),
                             starts.normalize_inputs(inputsObj)["resolved"])
        if len(text) > limit:  # the item holds the inputs plus a little: measure them exactly
            starts.check_size(ser.dumps(starts.normalize_inputs(inputsObj)), workflowName, limit)
    except InvalidArgument as exc:
        return _ack(False, k, reason=_REASONS.get(exc.code, "invalid_arguments"),
                    error=compat.exception_text(exc))
    q = K.get(k, "inMemoryQueue")
    depth = K.get(k, "inMemoryQueueDepth")
    max_depth = compat.atomic_get(K.get(k, "inMemoryQueueMaxDepth"))
    mode = K.config(k, "overflowMode")
    n = compat.atomic_add(depth, 1)
    if max_depth > 0 and n > max_depth:
        if mode == "drop_oldest":
            old = compat.queue_poll(q)
            if old is not None:
                compat.queue_offer(q, text)
                dead_letter(rt, old, "dropped_oldest", "in-memory queue full (drop_oldest)")
                K.wake(k)
                return _ack(True, k, droppedOldest=True, mode=mode)
        compat.atomic_add(depth, -1)
        compat.atomic_add(K.get(k, "inMemoryQueueOverflowCount"), 1)
        compat.atomic_set(K.get(k, "inMemoryQueueLastOverflowAtMs"), host.now_ms())
        return _ack(False, k, reason="overflow", maxDepth=max_depth,
                    mode=mode if mode in ("reject", "drop_newest", "drop_oldest") else "reject")
    compat.queue_offer(q, text)
    if not K.maintenance_on(k) or compat.atomic_get(K.get(k, "inMemoryQueueFlushDuringMaintenance")):
        K.wake(k)  # flush promptly (no point while maintenance holds items back)
    return {"accepted": True, "queueDepth": n}


def dead_letter(rt, raw, reason, error, item=None):
    """Record a dead letter durably (kernel queue if the database refuses)."""
    k = rt.kernel
    compat.atomic_add(K.get(k, "inMemoryQueueDeadLetterCount"), 1)
    try:
        host.db_update("INSERT INTO dead_letters (reason, error_text, payload_json, node, created_at) "
                       "VALUES (?, ?, ?, ?, ?)",
                       [reason, compat.to_text(error)[:4000], raw, K.get(k, "nodeId"), host.now_ms()],
                       rt.dbName)
        return
    except compat.CATCHABLE as exc:
        rt._log.error("evt=in_memory.dead_letter_db_failed error=%s" % compat.exception_text(exc))
    dq = K.get(k, "inMemoryQueueDeadLetterQueue")
    entry = json.dumps({"reason": reason, "error": compat.to_text(error), "raw": raw,
                        "failedAtMs": host.now_ms()})
    while compat.queue_size(dq) >= S.FAST_DEAD_LETTER_MAX_SIZE:
        compat.queue_poll(dq)
    compat.queue_offer(dq, entry)


def _row_for(rt, item):
    return starts.build_row(rt, item.get("workflow_name"), item.get("inputs") or {},
                            item.get("queue_name"), item.get("partition_key"),
                            item.get("priority") or 0, item.get("deduplication_id"),
                            item.get("application_version"), item.get("timeout_seconds"),
                            item.get("workflow_id"), createdAtMs=item.get("accepted_at_ms"))


def _flush_lock(k):
    lock = K.get(k, "flushLock")
    if lock is None:  # created on first use: a kernel made by an older engine has none
        compat.map_put_if_absent(k, "flushLock", threading.Lock())
        lock = K.get(k, "flushLock")
    return lock


def flush(rt, maxItems=None, maxMs=None, allowDuringMaintenance=None):
    """Move up to ``maxItems`` items (within ``maxMs``) into the database; rows inserted.

    Returns only once the items it took, and those a concurrent flush had taken
    before, are committed (or sent back to the queue / dead-lettered)."""
    k = rt.kernel
    allow = allowDuringMaintenance
    if allow is None:
        allow = compat.atomic_get(K.get(k, "inMemoryQueueFlushDuringMaintenance"))
    if K.maintenance_on(k) and not allow:
        return 0
    with _flush_lock(k):
        return _flush_locked(rt, k, maxItems, maxMs)


def _flush_locked(rt, k, maxItems, maxMs):
    q = K.get(k, "inMemoryQueue")
    if compat.queue_size(q) == 0:
        return 0
    max_items = S.FAST_FLUSH_MAX_ITEMS if maxItems is None else int(maxItems)
    budget = (S.FAST_FLUSH_MAX_MS if maxMs is None else float(maxMs)) / 1000.0
    t0 = compat.monotonic()
    batch = []
    while len(batch) < max_items and compat.monotonic() - t0 <= budget:
        raw = compat.queue_poll(q)
        if raw is None:
            break
        compat.atomic_add(K.get(k, "inMemoryQueueDepth"), -1)
        item = ser.loads(raw)
        if not isinstance(item, dict):
            _fail(rt, raw, "decode_failed", "undecodable item", None)
            continue
        if not item.get("workflow_name"):
            _fail(rt, raw, "missing_workflow_name", "item has no workflow_name", None)
            continue
        try:
            batch.append((raw, item, _row_for(rt, item)))
        except compat.CATCHABLE as exc:
            _retry_or_dead(rt, raw, item, "row_build_failed", exc)
    if not batch:
        return 0
    try:
        txm.in_tx(rt.dbName, lambda tx: [runs.insert(rt.dbName, r, tx) for _, _, r in batch])
        faults.point("after_flush_commit")
        K.wake(k)
        return len(batch)
    except compat.CATCHABLE:
        compat.atomic_add(K.get(k, "inMemoryQueueFlushFailureCount"), 1)
    inserted = 0
    for raw, item, row in batch:
        try:
            runs.insert(rt.dbName, row)
            inserted += 1
            continue
        except compat.CATCHABLE as exc:
            failure = exc
        other = row["dedup_key"] and runs.find_active_dedup(rt.dbName, row["queue_name"], row["dedup_key"])
        if other or runs.get(rt.dbName, row["workflow_id"]) is not None:
            if K.config(k, "dedupPolicy") != "return_existing" and other:
                _fail(rt, raw, "duplicate", "deduplication id %r already active (workflow %s)"
                      % (row["dedup_key"], other), item)
            continue
        _retry_or_dead(rt, raw, item, "insert_failed", failure)
    if inserted:
        K.wake(k)
    return inserted


def _fail(rt, raw, reason, error, item):
    compat.atomic_add(K.get(rt.kernel, "inMemoryQueueFlushFailureCount"), 1)
    rt._log.warn("evt=in_memory.dead_letter reason=%s error=%s" % (reason, error))
    dead_letter(rt, raw, reason, error, item)


def _retry_or_dead(rt, raw, item, reason, exc):
    k = rt.kernel
    retries = int(item.get("retries") or 0) + 1
    if retries > S.FAST_FLUSH_FAILURE_MAX_RETRIES:
        _fail(rt, raw, reason, compat.exception_text(exc), item)
        return
    item["retries"] = retries
    compat.queue_offer(K.get(k, "inMemoryQueue"), json.dumps(item))
    compat.atomic_add(K.get(k, "inMemoryQueueDepth"), 1)


def list_dead_letters(rt, limit=100, includeReplayed=False):
    out = []
    sql = ("SELECT dead_letter_id, reason, error_text, payload_json, node, created_at, replayed_at, "
           "replayed_workflow_id FROM dead_letters")
    if not includeReplayed:
        sql += " WHERE replayed_at IS NULL"
    for r in host.db_query(sql + " ORDER BY dead_letter_id LIMIT %d" % int(limit), [], rt.dbName):
        out.append({"id": int(r["dead_letter_id"]), "reason": r["reason"], "error": r["error_text"],
                    "item": ser.loads(r["payload_json"]), "node": r["node"],
                    "createdAtMs": r["created_at"], "replayedAtMs": r["replayed_at"],
                    "replayedWorkflowId": r["replayed_workflow_id"], "stored": "db"})
    dq = K.get(rt.kernel, "inMemoryQueueDeadLetterQueue")
    for _ in range(compat.queue_size(dq)):
        e = compat.queue_poll(dq)
        if e is None:
            break
        compat.queue_offer(dq, e)
        d = ser.loads(e, {})
        out.append({"id": None, "reason": d.get("reason"), "error": d.get("error"),
                    "item": ser.loads(d.get("raw")), "createdAtMs": d.get("failedAtMs"),
                    "stored": "memory"})
    return out


def replay_dead_letters(rt, ids=None):
    """Start runs again from dead letters (all unreplayed ones, or ``ids``); returns new run ids."""
    started = []
    for dl in list_dead_letters(rt, 10000):
        if dl["stored"] != "db" or (ids is not None and dl["id"] not in ids):
            continue
        item = dl["item"]
        if not isinstance(item, dict) or not item.get("workflow_name"):
            continue
        row = _row_for(rt, item)
        wid = starts.insert(rt, row, "return_existing")
        host.db_update("UPDATE dead_letters SET replayed_at = ?, replayed_workflow_id = ? WHERE "
                       "dead_letter_id = ? AND replayed_at IS NULL", [host.now_ms(), wid, dl["id"]],
                       rt.dbName)
        started.append(wid)
    return started
