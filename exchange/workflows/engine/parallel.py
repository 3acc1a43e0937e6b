"""Parallel steps: several steps of one workflow run concurrently, each checkpointed.

``parallel([call(stepA, 1), call(stepB, x=2), stepC])`` (or ``rt.parallel``) runs the
branches on this interpreter's step executor and returns their results in call
order. Durability and replay:

* Operation numbers are reserved up front in CALL order (branch i gets seq s+i),
  never in completion order, so a replay maps every branch to the same record
  whatever finished first. Each branch is an ordinary step op (kind ``step``): its
  outcome is written once, under its own number, by the step machinery
  (``executor.run_step`` on a per-branch copy of the run context).
* Replay: a branch whose outcome is recorded returns it (or raises
  ``ReplayedStepError``) without running, on the workflow's own thread; only the
  branches without a record run. A crash mid-block re-runs only the interrupted
  branches (at-least-once per step, as any step).

Errors (all-settled): every branch runs to its end (with its retries) before
``parallel`` returns or raises; then, if any branch failed, the error of the FIRST
failing branch in call order is raised (the original exception on the first run,
``ReplayedStepError`` on a replay, as for a single step). ``returnExceptions=True``
puts each failure in the results list instead of raising. A sibling's failure never
cancels the others: each branch is a step whose effects the log must account for.
Cancellation / lost lease / deadline: branches not yet started do not start (no
record: a resumed run executes them), running ones finish their current attempt,
then ``Cancelled``/``LeaseLost`` is raised once all settled (no branch of the run
is left running after it stops).

Bounds: branches run on a pool of at most ``stepWorkers`` threads per interpreter
(configure(stepWorkers=N)), shared by every run of the gateway; further branches
wait in its queue. Idle threads exit after ``IDLE_SECONDS``. Inside a step (a
branch, or any step body) ``parallel`` runs its branches inline, one after the
other, like a nested step: the outer step is the unit of replay, and a pool thread
never waits for the pool (no deadlock). The pool is interpreter-local (never in the
kernel): after a script reload new branches run new code.
May import: ``compat``, ``errors``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

import sys
import threading

from exchange.workflows import compat
from exchange.workflows.engine import context, executor, kernel as K
from exchange.workflows.errors import Cancelled, InvalidArgument, LeaseLost, NonDeterminismError

IDLE_SECONDS = 2.0


class Call(object):
    """One branch: a ``@step`` function and its arguments (``call(fn, *args, **kw)``)."""
    __slots__ = ("fn", "args", "kwargs")

    def __init__(self, fn, args, kwargs):
        self.fn, self.args, self.kwargs = fn, tuple(args), dict(kwargs)


def call(fn, *args, **kwargs):
    """A branch for ``parallel``: step ``fn`` called with ``args``/``kwargs``."""
    return Call(fn, args, kwargs)


def _branches(calls):
    """Checked list of Call; a bad item raises InvalidArgument naming it and the fix."""
    if isinstance(calls, (dict, compat.string_types)) or not hasattr(calls, "__iter__"):
        raise InvalidArgument("parallel() takes a list of branches (call(step, *args) or a "
                              "@step function), got %r" % (calls,))
    out = []
    for i, item in enumerate(calls):
        if isinstance(item, Call):
            br = item
        elif isinstance(item, (tuple, list)) and item and callable(item[0]):
            br = Call(item[0], item[1:], {})
        elif callable(item):
            br = Call(item, (), {})
        else:
            raise InvalidArgument("parallel() branch #%d is %r: use call(step, *args, **kwargs), "
                                  "(step, arg, ...) or a @step function" % (i, item))
        if getattr(br.fn, "step_info", None) is None:
            raise InvalidArgument("parallel() branch #%d (%r) is not a @step function: only "
                                  "steps are checkpointed; decorate it with @step"
                                  % (i, getattr(br.fn, "__name__", br.fn)))
        out.append(br)
    return out


# --- the step executor (interpreter-local, bounded) ------------------------------
class _Pool(object):
    """At most ``limit`` tasks run at once (the latest ``stepWorkers`` passed to submit);
    threads start on demand up to the limit and exit after ``IDLE_SECONDS`` idle."""

    def __init__(self):
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._tasks = []
        self._threads = 0
        self._idle = 0
        self._running = 0
        self._limit = 1

    def submit(self, task, limit):
        with self._lock:
            self._limit = max(1, int(limit))
            self._tasks.append(task)
            self._cond.notify()
            # Idle threads each take one pending task; a new thread only when more tasks
            # wait than idle threads, and never past the limit.
            if len(self._tasks) <= self._idle or self._threads >= self._limit:
                return
            self._threads += 1
            n = self._threads
        compat.start_daemon(self._loop, "workflows-step-%d" % n)

    def _next(self):
        """The next task to run (counted as running), or None: this thread retires."""
        with self._lock:
            deadline = compat.monotonic() + IDLE_SECONDS
            while not (self._tasks and self._running < self._limit):
                left = deadline - compat.monotonic()
                if left <= 0 or self._threads > self._limit:
                    self._threads -= 1
                    return None
                self._idle += 1
                try:
                    self._cond.wait(left)
                finally:
                    self._idle -= 1
            self._running += 1
            return self._tasks.pop(0)

    def _loop(self):
        while True:
            task = self._next()
            if task is None:
                return
            try:
                task()
            finally:
                with self._lock:
                    self._running -= 1
                    self._cond.notify_all()

    def size(self):
        with self._lock:
            return self._threads


POOL = _Pool()


class _Slot(object):
    """Outcome of one branch: set once, waited on by the workflow thread."""

    def __init__(self):
        self.done = threading.Event()
        self.value = None
        self.error = None


def _branch_ctx(ctx, seq):
    """A copy of the run context positioned so the branch's step takes ``seq``."""
    # A plain attribute copy: copy.copy would go through __reduce_ex__ and an import
    # (a project's __import__ hook on Jython), for nothing a RunContext needs.
    b = object.__new__(type(ctx))
    b.__dict__.update(ctx.__dict__)
    b.seq = seq - 1
    b.step_depth = 0
    return b


def _run_branch(bctx, br, slot):
    context.bind(bctx)
    try:
        slot.value = executor.run_step(br.fn.step_info, br.args, br.kwargs)
    except:  # noqa: E722 - every outcome (Java, SystemExit ...) goes to the workflow thread
        slot.error = sys.exc_info()[1]
    finally:
        context.unbind()
        slot.done.set()


def _merge(ctx, bctx):
    """Flags a branch raised on its own context copy belong to the run."""
    if bctx.fatal is not None and ctx.fatal is None:
        ctx.fatal = bctx.fatal
    for flag in ("lease_lost", "timed_out", "persistence_failed", "abandoned"):
        if getattr(bctx, flag):
            setattr(ctx, flag, True)


def run(calls, returnExceptions=False):
    """Run the branches (see module doc); their results in call order."""
    branches = _branches(calls)
    ctx = executor.require_context("parallel()")
    if ctx.step_depth > 0:  # inside a step: inline, like a nested step
        out = []
        for br in branches:
            try:
                out.append(br.fn(*br.args, **br.kwargs))
            except compat.CATCHABLE as exc:
                if not returnExceptions:
                    raise
                out.append(exc)
        return out
    seqs = [executor.take_seq(ctx) for _ in branches]  # reserved in call order
    slots = [_Slot() for _ in branches]
    bctxs = [_branch_ctx(ctx, s) for s in seqs]
    limit = K.config(ctx.kernel, "stepWorkers")
    for br, seq, slot, bctx in zip(branches, seqs, slots, bctxs):
        if ctx.ops and seq in ctx.ops:
            _run_branch(bctx, br, slot)  # recorded: replay inline, nothing runs
            context.bind(ctx)
            continue
        POOL.submit(_guarded(ctx, bctx, br, slot), limit)
    for slot in slots:
        while not slot.done.wait(0.5):
            pass
    for bctx in bctxs:
        _merge(ctx, bctx)
    stop = [s.error for s in slots if isinstance(s.error, (Cancelled, LeaseLost,
                                                           NonDeterminismError))]
    if stop:
        raise stop[0]
    results = []
    for slot in slots:
        if slot.error is not None:
            if not returnExceptions:
                raise slot.error
            results.append(slot.error)
        else:
            results.append(slot.value)
    return results


def _guarded(ctx, bctx, br, slot):
    """The pool task: a branch that starts after the run was cancelled (or lost) does
    not start; it stays unrecorded so a resumed run executes it."""
    def task():
        try:
            context.check(ctx)
        except:  # noqa: E722
            slot.error = sys.exc_info()[1]
            slot.done.set()
            return
        _run_branch(bctx, br, slot)
    return task
