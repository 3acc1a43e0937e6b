"""Starting runs: input normalization (upstream 2.3), row building, durable insert.

Idempotent by design: a caller-chosen ``workflowId`` that exists returns that id;
an active deduplication id raises ``DuplicateWorkflow`` (policy ``reject``) or
returns the existing run's id (policy ``return_existing``). A non-JSON input is
rejected here, before anything is written.
May import: ``compat``, ``errors``, ``settings``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import faults, host, kernel as K, serialization as ser
from exchange.workflows.engine.persistence import runs
from exchange.workflows.errors import DuplicateWorkflow, InvalidArgument

CONTROL_KEY = "__wf_control"


def parse_timeout(timeoutSeconds, inputs=None):
    """Explicit positive timeout wins; else one already in the input envelope; else None."""
    for candidate in (timeoutSeconds,
                      (inputs.get(CONTROL_KEY) or {}).get("timeout_seconds")
                      if isinstance(inputs, dict) and isinstance(inputs.get(CONTROL_KEY), dict)
                      else None):
        try:
            if candidate is not None and float(candidate) > 0:
                return float(candidate)
        except (TypeError, ValueError):
            continue
    return None


def normalize_inputs(inputs, timeout_s=None):
    """The stored envelope ``{resolved, raw[, __wf_control]}``."""
    if inputs is None:
        inputs = {}
    if isinstance(inputs, dict):
        resolved = inputs["resolved"] if "resolved" in inputs else inputs
        raw = inputs["raw"] if "raw" in inputs else inputs
        if resolved is inputs and CONTROL_KEY in inputs:
            resolved = dict((k, v) for k, v in inputs.items() if k != CONTROL_KEY)
        if raw is inputs and CONTROL_KEY in inputs:
            raw = dict((k, v) for k, v in inputs.items() if k != CONTROL_KEY)
    else:
        resolved = raw = inputs
    env = {"resolved": resolved, "raw": raw}
    if timeout_s:
        env[CONTROL_KEY] = {"timeout_seconds": float(timeout_s)}
    return env


def build_row(rt, workflowName, inputs=None, queueName=None, partitionKey=None, priority=0,
              deduplicationId=None, applicationVersion=None, timeoutSeconds=None, workflowId=None,
              parentWorkflowId=None, parentSeq=None, forkedFrom=None, createdAtMs=None):
    if not workflowName or not isinstance(workflowName, compat.string_types):
        raise InvalidArgument("workflowName is required (a registered workflow name)")
    try:
        prio = int(priority or 0)
    except (TypeError, ValueError):
        raise InvalidArgument("priority must be an integer (lower runs first), got %r" % (priority,))
    timeout_s = parse_timeout(timeoutSeconds, inputs)
    env = normalize_inputs(inputs, timeout_s)
    inputs_json = ser.dumps(env, "inputs of %s" % workflowName)
    now = host.now_ms() if createdAtMs is None else int(createdAtMs)
    dedup = compat.to_text(deduplicationId) if deduplicationId not in (None, "") else None
    return {
        "workflow_id": compat.to_text(workflowId) if workflowId else compat.new_uuid(),
        "workflow_name": workflowName, "status": S.STATUS_ENQUEUED,
        "queue_name": S.resolveQueueName(queueName),
        "partition_key": compat.to_text(partitionKey) if partitionKey not in (None, "") else None,
        "priority": prio, "deduplication_id": dedup, "dedup_key": dedup,
        "application_version": applicationVersion, "inputs_json": inputs_json,
        "created_at_epoch_ms": now, "updated_at_epoch_ms": now,
        "timeout_ms": int(timeout_s * 1000) if timeout_s else None,
        "parent_workflow_id": parentWorkflowId, "parent_seq": parentSeq,
        "forked_from": forkedFrom, "created_by": K.get(rt.kernel, "nodeId"),
    }


def resolve_conflict(rt, row, exc, policy=None):
    """After a failed insert: the id to return, or raise the right error."""
    db = rt.dbName
    existing = runs.get(db, row["workflow_id"])
    if existing is not None:
        return compat.to_text(existing["workflow_id"])  # idempotent start with a chosen id
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
    raise exc


def insert(rt, row, policy=None):
    """Insert the run; returns its id (or the existing one, see module doc)."""
    try:
        runs.insert(rt.dbName, row)
    except compat.CATCHABLE as exc:
        return resolve_conflict(rt, row, exc, policy)
    faults.point("after_enqueue_commit")
    K.wake(rt.kernel)
    return row["workflow_id"]
