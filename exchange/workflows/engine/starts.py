"""Starting runs: input normalization (upstream 2.3), row building, durable insert.

Idempotent by design: a caller-chosen ``workflowId`` that exists returns that id
when it is the same start (same workflow and inputs), else ``WorkflowConflict``
(DBOS's "conflicting workflow"); an active deduplication id raises
``DuplicateWorkflow`` (policy ``reject``) or returns the existing run's id (policy
``return_existing``). Inputs are checked before anything is written: JSON only,
at most ``maxInputBytes``, and fitting the workflow's signature (``validate``).
May import: ``compat``, ``errors``, ``settings``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import faults, host, kernel as K, serialization as ser
from exchange.workflows.engine import validate as V
from exchange.workflows.engine import versions
from exchange.workflows.engine.persistence import runs
from exchange.workflows.errors import (DuplicateWorkflow, InputTooLarge, PersistenceError,
                                       WorkflowConflict, clip)

CONTROL_KEY = "__wf_control"


def parse_timeout(timeoutSeconds, inputs=None):
    """Explicit timeout (checked: finite, > 0) wins; else one already in the input
    envelope (a fork or a flushed in-memory item: lenient, invalid = none); else None."""
    if timeoutSeconds is not None:
        return V.seconds("timeoutSeconds", timeoutSeconds, allow_none=False, allow_zero=False)
    control = inputs.get(CONTROL_KEY) if isinstance(inputs, dict) else None
    candidate = control.get("timeout_seconds") if isinstance(control, dict) else None
    try:
        value = float(candidate) if candidate is not None else None
    except (TypeError, ValueError):
        return None
    if value is not None and 0 < value <= V.MAX_SECONDS:
        return value
    return None


def normalize_inputs(inputs, timeout_s=None):
    """The stored envelope: ``{resolved[, raw][, <extras>][, __wf_control]}``.

    The arguments are stored ONCE, under ``resolved``. ``raw`` is kept only when the
    caller passed one explicitly (readers use ``env.get("raw", env["resolved"])``);
    other keys next to an explicit ``resolved`` (e.g. ``paramSource``) are kept as is.
    """
    if inputs is None:
        inputs = {}
    env = {}
    if isinstance(inputs, dict) and ("resolved" in inputs or "raw" in inputs):
        for k, v in inputs.items():
            if k != CONTROL_KEY:
                env[k] = v
        if "resolved" not in env:
            env["resolved"] = env["raw"]
        if "raw" in env and env["raw"] == env["resolved"]:
            del env["raw"]
    elif isinstance(inputs, dict):
        env["resolved"] = dict((k, v) for k, v in inputs.items() if k != CONTROL_KEY)
    else:
        env["resolved"] = inputs
    if timeout_s:
        env[CONTROL_KEY] = {"timeout_seconds": float(timeout_s)}
    return env


def check_size(text, workflowName, limit):
    """``INPUT_TOO_LARGE`` when the inputs' JSON is over ``limit`` UTF-8 bytes."""
    if len(text) * 4 <= limit:
        return  # even 4 bytes per character fits
    size = len(text) if len(text) > limit else len(text.encode("utf-8"))
    if size > limit:
        raise InputTooLarge(
            "inputs of workflow %r are %d bytes of JSON, over the limit of %d bytes "
            "(maxInputBytes); pass a reference (a file path, a row id) instead of the data, or "
            "raise the limit with configure(maxInputBytes=...)" % (workflowName, size, limit),
            size, limit)


def build_row(rt, workflowName, inputs=None, queueName=None, partitionKey=None, priority=0,
              deduplicationId=None, applicationVersion=None, timeoutSeconds=None, workflowId=None,
              parentWorkflowId=None, parentSeq=None, forkedFrom=None, createdAtMs=None, fn=None):
    """The row of a new run; every argument checked first (errors name the argument).
    ``fn`` (the registered function) enables the signature check of the inputs."""
    V.text("workflowName", workflowName, required=True)
    prio = V.priority(priority)
    wid = V.workflow_id("workflowId", workflowId)
    queue = V.text("queueName", queueName)
    pkey = V.text("partitionKey", partitionKey)
    dedup = V.text("deduplicationId", deduplicationId)
    appver = V.text("applicationVersion", applicationVersion) or \
        versions.for_start(rt, parentWorkflowId is not None)
    timeout_s = parse_timeout(timeoutSeconds, inputs)
    env = normalize_inputs(inputs, timeout_s)
    inputs_json = ser.dumps(env, "inputs of %s" % workflowName)
    check_size(inputs_json, workflowName, int(K.config(rt.kernel, "maxInputBytes")))
    if fn is not None:
        V.bind_inputs(workflowName, fn, env["resolved"])
    now = host.now_ms() if createdAtMs is None else int(createdAtMs)
    return {
        "workflow_id": wid or compat.new_uuid(),
        "workflow_name": workflowName, "status": S.STATUS_ENQUEUED,
        "queue_name": S.resolveQueueName(queue),
        "partition_key": pkey,
        "priority": prio, "deduplication_id": dedup, "dedup_key": dedup,
        "application_version": appver, "inputs_json": inputs_json,
        "created_at_epoch_ms": now, "updated_at_epoch_ms": now,
        "timeout_ms": int(timeout_s * 1000) if timeout_s else None,
        "parent_workflow_id": parentWorkflowId, "parent_seq": parentSeq,
        "forked_from": forkedFrom, "created_by": K.get(rt.kernel, "nodeId"),
    }


def _same_inputs(existing, row):
    old = ser.loads(existing.get("inputs_json"), {})
    new = ser.loads(row["inputs_json"], {})
    if not isinstance(old, dict) or not isinstance(new, dict):
        return old == new
    return (old.get("resolved") == new.get("resolved")
            and (old.get(CONTROL_KEY) or {}) == (new.get(CONTROL_KEY) or {}))


def check_same_run(existing, row):
    """An existing run under the start's ``workflowId`` must be the same start (name, and
    inputs unless it is a child start replayed by its parent); else ``WorkflowConflict``."""
    wid = compat.to_text(existing["workflow_id"])
    old_name = compat.to_text(existing["workflow_name"])
    if old_name != row["workflow_name"]:
        raise WorkflowConflict(
            "workflowId %r already names a run of workflow %r, not %r; use another workflowId "
            "(or none) for a new run" % (wid, old_name, row["workflow_name"]), wid, old_name)
    # A child id is derived from the parent's op sequence: a parent re-executed after a
    # crash may compute other inputs; the existing child is the one it started.
    if row.get("parent_workflow_id") is None and not _same_inputs(existing, row):
        raise WorkflowConflict(
            "workflowId %r already names a run of %r with other inputs (or timeout); a start "
            "with an existing workflowId must repeat the same inputs, or use another workflowId"
            % (wid, old_name), wid, old_name)
    return wid


def resolve_conflict(rt, row, exc, policy=None):
    """After a failed insert: the id to return, or raise the right error."""
    db = rt.dbName
    existing = runs.get(db, row["workflow_id"])
    if existing is not None:
        return check_same_run(existing, row)  # idempotent start with a chosen id
    if row["dedup_key"]:
        other = runs.find_active_dedup(db, row["queue_name"], row["dedup_key"])
        if other is not None:
            policy = policy or K.config(rt.kernel, "dedupPolicy")
            if policy == "return_existing":
                return other
            raise DuplicateWorkflow(
                "deduplication id %r is already active in queue %r (workflow %s); wait for it to "
                "finish, or use dedupPolicy='return_existing' to get its id"
                % (row["dedup_key"], row["queue_name"], other), other)
    # The driver's text may carry every bound parameter (the whole inputs): clip it.
    raise PersistenceError("could not store the run %s of workflow %r: %s"
                           % (row["workflow_id"], row["workflow_name"],
                              clip(compat.exception_text(exc))))


def insert(rt, row, policy=None):
    """Insert the run; returns its id (or the existing one, see module doc)."""
    try:
        runs.insert(rt.dbName, row)
    except compat.CATCHABLE as exc:
        return resolve_conflict(rt, row, exc, policy)
    faults.point("after_enqueue_commit")
    K.wake(rt.kernel)
    return row["workflow_id"]
