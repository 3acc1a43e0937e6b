"""Handles and queries: status, result with timeout, run lists, a run's steps.

``WorkflowHandle`` is created per call and never stored in the kernel.
``getResult`` waits (host-timed, woken at once by local completions through the
kernel's ``done`` condition, polling the database for other gateways). Called
from a workflow body it is checkpointed (op ``getResult``), the seam for
awaiting child workflows deterministically.
May import: ``compat``, ``errors``, ``settings``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import context, executor, host, kernel as K, validate
from exchange.workflows.engine import serialization as ser
from exchange.workflows.engine.persistence import oplog, runs
from exchange.workflows.errors import Cancelled, ResultTimeout, WorkflowFailed

_MAP = (("workflow_id", "workflowId"), ("workflow_name", "workflowName"), ("status", "status"),
        ("queue_name", "queueName"), ("partition_key", "partitionKey"), ("priority", "priority"),
        ("deduplication_id", "deduplicationId"), ("application_version", "applicationVersion"),
        ("created_at_epoch_ms", "createdAtMs"), ("updated_at_epoch_ms", "updatedAtMs"),
        ("started_at_epoch_ms", "startedAtMs"), ("completed_at_epoch_ms", "completedAtMs"),
        ("claimed_by", "claimedBy"), ("deadline_epoch_ms", "deadlineMs"),
        ("recovery_attempts", "recoveryAttempts"), ("executions", "executions"),
        ("parent_workflow_id", "parentWorkflowId"), ("forked_from", "forkedFrom"))


def run_info(row):
    """A run row as a camelCase dict (JSON fields decoded when present)."""
    if row is None:
        return None
    out = {}
    for col, key in _MAP:
        if col in row:
            v = row[col]
            out[key] = compat.to_text(v) if isinstance(v, compat.string_types) else v
    for col, key in (("inputs_json", "inputs"), ("result_json", "result"), ("error_json", "error")):
        if col in row:
            out[key] = ser.loads(row[col])
    return out


def step_info(row):
    return {"seq": int(row["call_seq"]), "kind": compat.to_text(row["kind"]),
            "name": compat.to_text(row["step_name"]), "status": compat.to_text(row["status"]),
            "output": ser.loads(row["output_json"]), "error": ser.loads(row["error_json"]),
            "childWorkflowId": row.get("child_workflow_id"), "startedAtMs": row["started_at"],
            "completedAtMs": row["completed_at"], "attempts": int(row["attempts"] or 1)}


def _outcome(row):
    st = compat.to_text(row["status"])
    if st == S.STATUS_SUCCESS:
        return st, ser.loads(row["result_json"]), None
    return st, None, ser.loads(row["error_json"])


def _raise_for(wid, status, error):
    msg = (error or {}).get("message") or (error or {}).get("reason") or ""
    if status == S.STATUS_CANCELLED:
        raise Cancelled("workflow %s was cancelled%s" % (wid, (": " + msg) if msg else ""))
    raise WorkflowFailed("workflow %s ended %s%s" % (wid, status, (": " + msg) if msg else ""),
                         status, error)


def wait_result(rt, workflowId, timeoutSeconds=None):
    """(status, result, error) once the run is terminal; ResultTimeout otherwise."""
    end = None if timeoutSeconds is None else host.now_ms() + int(float(timeoutSeconds) * 1000)
    cond = K.get(rt.kernel, "done")
    ctx = context.current()
    polls = 0
    failures = 0
    while True:
        try:
            row = runs.get(rt.dbName, workflowId)
            failures = 0
        except compat.CATCHABLE:
            failures += 1  # a DB hiccup is not an answer: retry for a while
            if failures > 50:
                raise
            with cond:
                cond.wait(0.1)
            continue
        if row is None:
            raise WorkflowFailed("no workflow with id %s in datasource %s" % (workflowId, rt.dbName))
        if compat.to_text(row["status"]) in S.ALL_TERMINAL_STATUSES:
            return _outcome(row)
        if end is not None and host.now_ms() >= end:
            raise ResultTimeout("workflow %s is still %s after %ss" % (workflowId, row["status"],
                                                                      timeoutSeconds))
        if ctx is not None:
            context.check(ctx)
        polls += 1
        with cond:
            cond.wait(0.05)  # local completions notify at once


class WorkflowHandle(object):
    """A reference to one run: status, result, cancel."""

    def __init__(self, runtime, workflowId):
        self._rt = runtime
        self.workflowId = workflowId

    def getWorkflowId(self):
        return self.workflowId

    def getStatus(self):
        """The run as a dict (``status``, timestamps, ``result``/``error``), or None."""
        return run_info(runs.get(self._rt.dbName, self.workflowId))

    def getResult(self, timeoutSeconds=None):
        """Wait for the run to end; its result, or raise WorkflowFailed/Cancelled/ResultTimeout."""
        timeoutSeconds = validate.seconds("timeoutSeconds", timeoutSeconds)  # None = no limit
        ctx = context.current()
        if ctx is not None and ctx.step_depth == 0:
            seq = executor.take_seq(ctx)
            rec = executor.replayed(ctx, seq, "getResult", self.workflowId)
            if rec is not None:
                out = ser.loads(rec["output_json"], {})
                status, result, error = out.get("status"), out.get("result"), out.get("error")
            else:
                status, result, error = wait_result(self._rt, self.workflowId, timeoutSeconds)
                executor.record(ctx, seq, "getResult", self.workflowId, "SUCCESS",
                                ser.safe_dumps({"status": status, "result": result, "error": error}),
                                child_id=self.workflowId)
        else:
            status, result, error = wait_result(self._rt, self.workflowId, timeoutSeconds)
        if status == S.STATUS_SUCCESS:
            return result
        _raise_for(self.workflowId, status, error)

    def cancel(self, reason="cancelled by handle"):
        return self._rt.cancelWorkflow(self.workflowId, reason)

    def __repr__(self):
        return "<WorkflowHandle %s>" % self.workflowId


def list_run_steps(rt, workflowId):
    return [step_info(r) for r in oplog.list_ops(rt.dbName, workflowId)]
