"""The public facade ``WorkflowsRuntime`` and the ``@workflow`` / ``@step`` decorators.

Upstream's names, signatures and return shapes are kept (upstream_behavior.md 1.4);
new capabilities get new names (``startWorkflow``, ``retrieve``, ``listRuns``,
``listRunSteps``, ``resumeWorkflow``, ``forkWorkflow``, ``sleep``, ``getEvent``,
``readStream``, ``listDeadLetters``, ``replayDeadLetters``, ``configure`` ...).
A facade is cheap and per call (``instance.getWorkflows``); all shared state is in
the kernel. The work is done by the role modules this one delegates to.
May import: everything in ``engine`` except ``instance``; ``errors``, ``settings``.
"""
from __future__ import absolute_import, division, print_function

import functools

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import (context, dispatcher, events, executor, faults, handles,
                                       host, inmemory, kernel as K, mailbox, registry, starts,
                                       validate)
from exchange.workflows.engine import children as children_mod
from exchange.workflows.engine import control, delayed, schedules
from exchange.workflows.engine import parallel as par
from exchange.workflows.engine import serialization as ser
from exchange.workflows.engine.persistence import dialects, oplog, runs
from exchange.workflows.engine.persistence import tx as txm
from exchange.workflows.engine.runtime_admin import RuntimeAdmin
from exchange.workflows.engine.runtime_queries import RuntimeQueries
from exchange.workflows.errors import (Cancelled, InvalidArgument, MaintenanceActive,  # noqa: F401
                                       NotInWorkflow, PersistenceError, RunNotFound,
                                       WorkflowConflict, WorkflowNotFound, clip)

INTERPRETER_TOKEN = compat.new_uuid()  # new on every script reload (module re-executed)


def workflow(name=None, schedule=None, scheduleTimeZone="UTC", scheduleInputs=None,
             scheduleQueue=None, missedPolicy="skip", maxCatchup=10):
    """Register a workflow function under ``name`` (default: its own name); returns it unchanged.
    ``schedule`` (cron text) also declares a schedule of that name (engine/schedules.py)."""
    def deco(fn):
        registry.register_workflow(name or fn.__name__, fn)
        if schedule is not None:
            schedules.declare(name or fn.__name__, schedule, scheduleTimeZone, scheduleInputs,
                              scheduleQueue, missedPolicy, maxCatchup)
        return fn
    if callable(name):  # used bare: @workflow
        fn, name = name, None
        return deco(fn)
    return deco


def step(name=None, options=None):
    """Register a step; calling it inside a workflow checkpoints it (retry per ``options``)."""
    def deco(fn):
        info = {"name": name or fn.__name__, "options": dict(options or {}), "fn": fn}
        registry.register_step(info["name"], fn, info["options"])

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if context.current() is None:
                raise NotInWorkflow("step %r must be called from a workflow (no workflow is "
                                    "running on this thread)" % info["name"])
            return executor.run_step(info, args, kwargs)
        wrapper.step_info = info
        return wrapper
    if callable(name):
        fn, name = name, None
        return deco(fn)
    return deco


class WorkflowsRuntime(RuntimeQueries, RuntimeAdmin):
    """Facade bound to one datasource and the gateway's kernel."""

    def __init__(self, dbName, kernel):
        self.dbName = S.resolveDbName(dbName)
        self.kernel = kernel
        self.executor_id = K.get(kernel, "executorId")
        self._token = INTERPRETER_TOKEN
        self._log = host.logger(S.getLoggerName("engine"))

    # --- thread context ------------------------------------------------------
    @classmethod
    def getCurrentRuntime(cls):
        ctx = context.current()
        return ctx.runtime if ctx is not None else None

    @classmethod
    def getCurrentContext(cls):
        return context.current()

    def _dialect(self, db=None):
        return dialects.BY_NAME[K.get(K.get(self.kernel, "dbs"), db or self.dbName) or "sqlite"]

    def _count(self, name, delta=1):
        K.count(self.kernel, name, delta)

    def _ctx_rt(self):
        """Inside a run, ops go to the run's own datasource (fixes upstream's default-DB bug)."""
        ctx = context.current()
        return ctx.runtime if ctx is not None and ctx.runtime is not None else self

    # --- registry --------------------------------------------------------------
    def listWorkflows(self):
        return registry.workflow_names()

    def listSteps(self):
        return registry.step_names()

    def getWorkflowFn(self, workflowName):
        return registry.workflow_fn(workflowName)

    # --- starting ----------------------------------------------------------------
    def enqueue(self, workflowName, inputsObj=None, queueName=None, partitionKey=None, priority=0,
                deduplicationId=None, applicationVersion=None, timeoutSeconds=None,
                allowDuringMaintenance=False, workflowId=None, dedupPolicy=None, delaySeconds=None,
                startAtMs=None, debounceKey=None, debounceSeconds=None,
                debounceMaxWaitSeconds=None):
        """Durable start; returns the workflow id (see ``startWorkflow`` for a handle).
        ``delaySeconds`` / ``startAtMs``: start later; ``debounceKey`` + ``debounceSeconds``
        [+ ``debounceMaxWaitSeconds``]: coalesce a burst of starts (engine/delayed.py)."""
        if K.maintenance_on(self.kernel) and not allowDuringMaintenance:
            raise MaintenanceActive("Maintenance enabled: start rejected")
        fn = registry.workflow_fn(workflowName)
        validate.dedup_policy(dedupPolicy)
        later = delayed.plan(self, delaySeconds, startAtMs, debounceKey, debounceSeconds,
                             debounceMaxWaitSeconds)
        ctx = context.current()
        if ctx is not None and ctx.step_depth == 0:
            # The child goes to the parent's datasource, whichever facade the body used
            # (``getWorkflows()`` names the default one).
            return self._ctx_rt()._start_child(ctx, workflowName, inputsObj, queueName,
                                               partitionKey, priority, deduplicationId,
                                               applicationVersion, timeoutSeconds, workflowId,
                                               later)
        row = starts.build_row(self, workflowName, inputsObj, queueName, partitionKey, priority,
                               deduplicationId, applicationVersion, timeoutSeconds, workflowId,
                               fn=fn)
        if later is not None:
            return delayed.store(self, row, later, dedupPolicy)
        return starts.insert(self, row, dedupPolicy)

    def _start_child(self, ctx, name, inputs, queueName, partitionKey, priority, dedup, appver,
                     timeoutSeconds, workflowId, later=None):
        seq = executor.take_seq(ctx)
        rec = executor.replayed(ctx, seq, "child", name)
        if rec is not None:
            return compat.to_text(rec["child_workflow_id"])
        child_id = workflowId or "%s-c%d" % (ctx.workflowId, seq)
        row = starts.build_row(self, name, inputs, queueName, partitionKey, priority, dedup, appver,
                               timeoutSeconds, child_id, parentWorkflowId=ctx.workflowId,
                               parentSeq=seq, fn=registry.workflow_fn(name))
        # A re-executed start (crash before the op was recorded) finds the row under the
        # derived child id and returns it unchanged, its first start time kept.
        child_id = executor.db_retry(ctx, lambda: starts.insert(self, row, "return_existing")
                                     if later is None else
                                     delayed.store(self, row, later, "return_existing"),
                                     "child start #%d" % seq, no_retry=(WorkflowConflict,))
        try:
            executor.record(ctx, seq, "child", name, "SUCCESS", ser.dumps(child_id),
                            child_id=child_id)
        except Cancelled:
            # The parent was cancelled between the child's insert and this record: the
            # cancel's cascade could not see a child not recorded yet, so it is cancelled here.
            control.cancel(self, child_id, "parent %s was cancelled while it started this child"
                           % ctx.workflowId)
            raise
        faults.point("after_child_commit")
        return child_id

    def startWorkflow(self, workflowName, inputs=None, workflowId=None, queueName=None,
                      partitionKey=None, priority=0, deduplicationId=None, applicationVersion=None,
                      timeoutSeconds=None, allowDuringMaintenance=False, dedupPolicy=None,
                      delaySeconds=None, startAtMs=None, debounceKey=None, debounceSeconds=None,
                      debounceMaxWaitSeconds=None):
        """Durable start returning a ``WorkflowHandle`` (idempotent for a given workflowId);
        from a workflow it starts a child (``handle.getResult()`` awaits it durably)."""
        wid = self.enqueue(workflowName, inputs, queueName, partitionKey, priority, deduplicationId,
                           applicationVersion, timeoutSeconds, allowDuringMaintenance, workflowId,
                           dedupPolicy, delaySeconds, startAtMs, debounceKey, debounceSeconds,
                           debounceMaxWaitSeconds)
        return handles.WorkflowHandle(self._ctx_rt(), wid)

    def enqueueInMemory(self, workflowName, inputsObj=None, queueName=None, partitionKey=None,
                        priority=0, deduplicationId=None, applicationVersion=None,
                        timeoutSeconds=None, allowDuringMaintenance=None, workflowId=None):
        return inmemory.offer(self, workflowName, inputsObj, queueName, partitionKey, priority,
                              deduplicationId, applicationVersion, timeoutSeconds,
                              allowDuringMaintenance, workflowId)

    def flushInMemoryQueue(self, maxItems=None, maxMs=None, allowDuringMaintenance=None):
        return inmemory.flush(self, maxItems, maxMs, allowDuringMaintenance)

    def listDeadLetters(self, limit=100, includeReplayed=False):
        return inmemory.list_dead_letters(self, limit, includeReplayed)

    def replayDeadLetters(self, ids=None):
        return inmemory.replay_dead_letters(self, ids)

    def dispatch(self, queueName=None, maxToClaim=None, flushMaxItems=None, flushMaxMs=None):
        """One dispatch cycle (queueName None = every queue); number of rows claimed."""
        return dispatcher.cycle(self, queueName,
                                S.MAX_CLAIM_DEFAULT if maxToClaim is None else maxToClaim,
                                flushMaxItems, flushMaxMs)

    # --- control ----------------------------------------------------------------------
    def cancelWorkflow(self, workflowId, reason="", actor=None, children="cancel"):
        """Cancel an active run; 1 if it was active, 0 otherwise -- also 0 for an id that names
        no run (upstream's return value, kept: it raises nothing; ``api.service`` answers
        WORKFLOW_NOT_FOUND for that case, use ``runExists`` to tell them apart). See
        engine/control.py. ``children``: ``"cancel"`` also cancels its active descendants,
        ``"abandon"`` leaves them."""
        children_mod.check_policy(children)
        n = control.cancel(self, workflowId, reason, actor)
        if children == "cancel":
            children_mod.cancel_descendants(self, workflowId, reason, actor)
        return n

    def listChildren(self, workflowId):
        """The runs ``workflowId`` started from its body, oldest first (``listRuns`` dicts)."""
        return children_mod.list_children(self, workflowId)

    # --- schedules (engine/schedules.py) ----------------------------------------------------
    def addSchedule(self, name, workflowName, cron, timeZone="UTC", inputs=None, queueName=None,
                    missedPolicy="skip", maxCatchup=10):
        """Create or replace a cron schedule; its listing (with ``nextFireMs``)."""
        return schedules.add(self, schedules.check(name, workflowName, cron, timeZone, inputs,
                                                   queueName, missedPolicy, maxCatchup))

    def pauseSchedule(self, name):
        return schedules.set_paused(self, name, True)

    def resumeSchedule(self, name):
        return schedules.set_paused(self, name, False)

    def removeSchedule(self, name):
        return schedules.remove(self, name)

    def getSchedule(self, name):
        return schedules.get(self, name)

    def listSchedules(self):
        return schedules.list_all(self)

    def isCancelled(self):
        ctx = context.current()
        if ctx is None:
            return False
        return context.is_cancelled_db(ctx)

    def checkCancelled(self):
        ctx = context.current()
        if ctx is None:
            return None
        context.check(ctx)
        if context.is_cancelled_db(ctx):
            context.check(ctx)
        return None

    def checkTimeout(self):
        ctx = context.current()
        if ctx is not None:
            context.check(ctx)
        return None

    def resumeWorkflow(self, workflowId, waitSeconds=None):
        """Re-run a CANCELLED/ERROR/dead-lettered run from its last checkpoint; True if resumed,
        False if not resumable. Waits up to ``waitSeconds`` (default 10) for a cancelled
        execution to stop, else raises ``ExecutionStillRunning`` (see engine/control.py)."""
        return control.resume(self, workflowId, waitSeconds)

    def forkWorkflow(self, workflowId, fromStep, newWorkflowId=None, applicationVersion=None):
        """New run with the same inputs, replaying recorded ops before #fromStep; its id."""
        src = runs.get(self.dbName, workflowId)
        if src is None:
            raise RunNotFound("no workflow run %r to fork; check the workflowId" % (workflowId,))
        new_id = validate.workflow_id("newWorkflowId", newWorkflowId) or compat.new_uuid()
        if isinstance(fromStep, bool) or not isinstance(fromStep, compat.integer_types) \
                or fromStep < 0:
            raise InvalidArgument("fromStep must be a whole number >= 0 (the first op to "
                                  "re-execute), got %r" % (fromStep,))
        if newWorkflowId and self.runExists(new_id):
            raise WorkflowConflict("newWorkflowId %r already names a run; fork onto a new id (or "
                                   "none for a generated one)" % (new_id,), new_id)
        now = host.now_ms()
        row = dict((c, src.get(c)) for c in runs.INSERT_COLS)
        row.update({"workflow_id": new_id, "status": S.STATUS_ENQUEUED, "dedup_key": None,
                    "deduplication_id": None, "created_at_epoch_ms": now, "updated_at_epoch_ms": now,
                    "forked_from": workflowId, "created_by": K.get(self.kernel, "nodeId"),
                    "application_version": applicationVersion or src.get("application_version")})

        def work(tx):
            runs.insert(self.dbName, row, tx)
            oplog.copy_before(self.dbName, workflowId, new_id, int(fromStep), tx)
        try:
            txm.in_tx(self.dbName, work)
        except compat.CATCHABLE as exc:
            if self.runExists(new_id):  # a concurrent fork/start took the id first
                raise WorkflowConflict("newWorkflowId %r already names a run; fork onto a new id"
                                       % (new_id,), new_id)
            raise PersistenceError("fork of %s failed: %s"
                                   % (workflowId, clip(compat.exception_text(exc))))
        K.wake(self.kernel)
        return new_id

    # --- ops inside a workflow ------------------------------------------------------------
    def parallel(self, calls, returnExceptions=False):
        """Run steps concurrently, each checkpointed; results in call order (engine/parallel.py)."""
        return par.run(calls, returnExceptions)

    def setEvent(self, key, value):
        return events.setEvent(self._ctx_rt(), key, value)

    def writeStream(self, key, value):
        return events.writeStream(self._ctx_rt(), key, value)

    def progress(self, message, extra=None):
        return events.progress(self._ctx_rt(), message, extra)

    def send(self, destinationWorkflowId, message, topic="cmd", messageUUID=None):
        """Mail ``message`` to a run; ``RunNotFound`` if no run has that id (a message to
        nobody was stored forever)."""
        rt = self._ctx_rt()
        validate.workflow_id("destinationWorkflowId", destinationWorkflowId)
        ctx = context.current()
        # A send the workflow already recorded replays without a check: the destination
        # may since have been removed by retention, and the replay must not diverge.
        replay = ctx is not None and ctx.step_depth == 0 and bool(ctx.ops) \
            and (ctx.seq + 1) in ctx.ops
        if destinationWorkflowId and not replay and not rt.runExists(destinationWorkflowId):
            raise RunNotFound("send: no workflow run %r; check destinationWorkflowId"
                              % (destinationWorkflowId,))
        return mailbox.send(rt, destinationWorkflowId, message, topic, messageUUID)

    def recv(self, topic="cmd", timeoutSeconds=0):
        validate.seconds("timeoutSeconds", timeoutSeconds or 0, allow_none=False)
        return mailbox.recv(self._ctx_rt(), topic, timeoutSeconds)

    def recvCommand(self, currentState=None, topic="cmd", timeoutSeconds=0, maxMessages=5):
        validate.seconds("timeoutSeconds", timeoutSeconds or 0, allow_none=False)
        return mailbox.recvCommand(self._ctx_rt(), currentState, topic, timeoutSeconds, maxMessages)

    def sleep(self, seconds):
        """Durable sleep: the wake-up time is recorded, a restart sleeps only the remainder."""
        seconds = validate.seconds("seconds", seconds, allow_none=False)
        ctx = context.current()
        if ctx is None or ctx.step_depth > 0:
            return context.sleep(seconds)
        seq = executor.take_seq(ctx)
        rec = executor.replayed(ctx, seq, "sleep", "sleep")
        if rec is not None:
            wake_at = int((ser.loads(rec["output_json"], {}) or {}).get("wakeAtMs", 0))
        else:
            wake_at = host.now_ms() + max(0, int(float(seconds) * 1000))
            rec = executor.record(ctx, seq, "sleep", "sleep", "SUCCESS",
                                  ser.dumps({"wakeAtMs": wake_at}))
            if rec is not None:  # an earlier ambiguous commit recorded the wake-up time
                wake_at = int((ser.loads(rec["output_json"], {}) or {}).get("wakeAtMs", wake_at))
            faults.point("after_sleep_commit")
        context.wait_until(wake_at, ctx)
        return None

    def shutdown(self, wait_sec=5):
        from exchange.workflows.engine import instance
        instance.stop_kernel(self.kernel, wait_sec)
        return None
