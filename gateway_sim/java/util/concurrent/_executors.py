"""``Executors`` and the executor services they return, over Python threads.

``ThreadPoolExecutor`` keeps Java's shape: core threads started per task until
the core size, tasks queued beyond it, idle non-core threads retire after the
keep-alive; ``shutdown`` lets queued tasks finish, ``shutdownNow`` drains the
queue and interrupts workers. Workers are daemon threads (unlike Java) so a
forgotten ``shutdown()`` never hangs the Python process at exit.
``ScheduledThreadPoolExecutor`` runs delayed/periodic tasks in real time.
May import: the standard library, ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import heapq
import itertools
import threading

from gateway_sim.java.lang import (IllegalArgumentException, InterruptedException, Object,
                                   Thread, as_runnable_fn)
from gateway_sim.java.util.concurrent._queues import LinkedBlockingQueue
from gateway_sim.java.util.concurrent._timeunit import (
    CancellationException, ExecutionException, RejectedExecutionException, TimeoutException,
    TimeUnit, _mono, deadline, remaining, timeout_seconds)

_pool_ids = itertools.count(1)


class Future(Object):
    """``java.util.concurrent.Future`` (a FutureTask): get/isDone/cancel/isCancelled."""

    _java_name = "java.util.concurrent.FutureTask"

    def __init__(self, fn):
        self._fn = fn
        self._cond = threading.Condition()
        self._state = "NEW"  # NEW RUNNING DONE CANCELLED
        self._result = None
        self._error = None
        self._runner = None
        self._callbacks = []

    def run(self):
        with self._cond:
            if self._state != "NEW":
                return
            self._state = "RUNNING"
            self._runner = Thread.currentThread()
        try:
            result, error = self._fn(), None
        except BaseException as exc:  # noqa - Java and Python exceptions alike
            result, error = None, exc
        self._finish(result, error)

    def _finish(self, result, error):
        with self._cond:
            if self._state == "CANCELLED":
                return
            self._result, self._error = result, error
            self._state = "DONE"
            self._runner = None
            callbacks, self._callbacks = self._callbacks, []
            self._cond.notify_all()
        for cb in callbacks:
            cb(self)

    def _on_done(self, cb):
        with self._cond:
            if self._state not in ("DONE", "CANCELLED"):
                self._callbacks.append(cb)
                return
        cb(self)

    def get(self, timeout=None, unit=None):
        """Wait for the result; ``timeout`` in ``unit`` (ms if unit omitted).

        Raises ``TimeoutException``, ``CancellationException``, or
        ``ExecutionException`` whose cause is the task's exception."""
        dl = deadline(timeout_seconds(timeout, unit))
        with self._cond:
            while self._state in ("NEW", "RUNNING"):
                left = remaining(dl)
                if left is not None and left <= 0:
                    raise TimeoutException()
                self._cond.wait(0.05 if left is None else min(left, 0.05))
            if self._state == "CANCELLED":
                raise CancellationException("Task was cancelled.")
            if self._error is not None:
                err = self._error
                raise ExecutionException(_text(err), err)
            return self._result

    def cancel(self, mayInterruptIfRunning=False):
        with self._cond:
            if self._state in ("DONE", "CANCELLED"):
                return False
            runner = self._runner
            self._state = "CANCELLED"
            callbacks, self._callbacks = self._callbacks, []
            self._cond.notify_all()
        if mayInterruptIfRunning and runner is not None:
            runner.interrupt()
        for cb in callbacks:
            cb(self)
        return True

    def isDone(self):
        with self._cond:
            return self._state in ("DONE", "CANCELLED")

    def isCancelled(self):
        with self._cond:
            return self._state == "CANCELLED"

    done = property(isDone)
    cancelled = property(isCancelled)


def _text(err):
    to_string = getattr(err, "toString", None)
    if callable(to_string):
        return to_string()
    msg = str(err)
    return "%s: %s" % (type(err).__name__, msg) if msg else type(err).__name__


class ExecutorService(Object):
    """Common API of the executors (submit/execute/invokeAll/shutdown...)."""

    _java_name = "java.util.concurrent.ExecutorService"

    def submit(self, task, result=None):
        fn = as_runnable_fn(task)
        if result is not None:
            inner = fn

            def fn():
                inner()
                return result
        f = Future(fn)
        self._enqueue(f)
        return f

    def execute(self, task):
        f = Future(as_runnable_fn(task))
        f._uncaught_to_thread = True
        self._enqueue(f)

    def invokeAll(self, tasks, timeout=None, unit=None):
        futures = [self.submit(t) for t in list(tasks)]
        dl = deadline(timeout_seconds(timeout, unit))
        for f in futures:
            try:
                left = remaining(dl)
                f.get(None if left is None else left * 1000.0)
            except TimeoutException:
                for g in futures:
                    g.cancel(True)
                break
            except (ExecutionException, CancellationException):
                pass
        return futures

    def invokeAny(self, tasks, timeout=None, unit=None):
        futures = [self.submit(t) for t in list(tasks)]
        dl = deadline(timeout_seconds(timeout, unit))
        last = None
        pending = list(futures)
        while pending:
            for f in list(pending):
                if f.isDone():
                    pending.remove(f)
                    try:
                        v = f.get()
                        for g in futures:
                            g.cancel(True)
                        return v
                    except ExecutionException as exc:
                        last = exc
            left = remaining(dl)
            if left is not None and left <= 0:
                for g in futures:
                    g.cancel(True)
                raise TimeoutException()
            Thread.sleep(5)
        raise last or ExecutionException("no task completed")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()
        return False

    # Python 3.7+: `await` is a keyword, so Java's awaitTermination keeps its name.


class ThreadPoolExecutor(ExecutorService):
    """``java.util.concurrent.ThreadPoolExecutor(core, max, keepAlive, unit, queue)``."""

    _java_name = "java.util.concurrent.ThreadPoolExecutor"

    def __init__(self, corePoolSize, maximumPoolSize=None, keepAliveTime=60, unit=None,
                 workQueue=None, threadFactory=None, handler=None):
        if maximumPoolSize is None:
            maximumPoolSize = corePoolSize
        if corePoolSize < 0 or maximumPoolSize <= 0 or maximumPoolSize < corePoolSize:
            raise IllegalArgumentException(
                "need 0 <= corePoolSize <= maximumPoolSize and maximumPoolSize > 0 "
                "(got core=%r, max=%r)" % (corePoolSize, maximumPoolSize))
        self._core = corePoolSize
        self._max = maximumPoolSize
        self._keepalive = timeout_seconds(keepAliveTime, unit or TimeUnit.SECONDS)
        self._queue = workQueue if workQueue is not None else LinkedBlockingQueue()
        self._factory = threadFactory
        self._lock = threading.Condition(threading.RLock())
        self._workers = set()
        self._active = 0
        self._idle = 0  # workers blocked waiting for a task (hand-off targets)
        self._completed = 0
        self._submitted = 0
        self._shutdown = False
        self._pool_id = next(_pool_ids)
        self._thread_seq = itertools.count(1)
        self._synchronous = workQueue is not None and getattr(workQueue, "_capacity", None) == 0

    def _enqueue(self, future):
        with self._lock:
            if self._shutdown:
                raise RejectedExecutionException(
                    "Task rejected from %s: executor has been shut down" % self.toString())
            self._submitted += 1
            idle = self._idle
            if len(self._workers) < self._core:
                self._spawn(future)
                return
            if self._synchronous:
                if idle > self._queue.size():
                    self._queue.offer(future)
                    return
                if len(self._workers) < self._max:
                    self._spawn(future)
                    return
                raise RejectedExecutionException("Task rejected: pool of %d threads is busy"
                                                 % self._max)
            if self._queue.offer(future):
                if not self._workers:
                    self._spawn(None)
                return
            if len(self._workers) < self._max:
                self._spawn(future)
                return
            raise RejectedExecutionException("Task rejected: queue is full and the pool has "
                                             "%d threads" % self._max)

    def _spawn(self, first):
        name = "pool-%d-thread-%d" % (self._pool_id, next(self._thread_seq))
        target = _Worker(self, first)
        if self._factory is not None:
            make = getattr(self._factory, "newThread", self._factory)
            t = make(target)
        else:
            t = Thread(target, name)
            t.setDaemon(True)
        target.thread = t
        self._workers.add(target)
        t.start()

    def _next_task(self, worker):
        """Block for the next task; None means the worker retires (shutdown or
        a non-core thread idle past the keep-alive)."""
        idle_since = _mono()
        while True:
            with self._lock:
                if self._shutdown and self._queue.isEmpty():
                    return None
                if len(self._workers) > self._core and _mono() - idle_since >= self._keepalive:
                    return None
                self._idle += 1
            try:
                task = self._queue.poll(50, None)
            except InterruptedException:
                Thread.interrupted()
                task = None
            finally:
                with self._lock:
                    self._idle -= 1
            if task is not None:
                return task

    def _run_task(self, task):
        with self._lock:
            self._active += 1
        try:
            Thread.interrupted()  # a stale interrupt must not hit the next task
            task.run()
            if getattr(task, "_uncaught_to_thread", False) and task._error is not None:
                _report_uncaught(task._error)
        finally:
            with self._lock:
                self._active -= 1
                self._completed += 1
                self._lock.notify_all()

    def _retire(self, worker):
        with self._lock:
            self._workers.discard(worker)
            self._lock.notify_all()

    # --- lifecycle --------------------------------------------------------------
    def shutdown(self):
        with self._lock:
            self._shutdown = True
            self._lock.notify_all()

    def shutdownNow(self):
        with self._lock:
            self._shutdown = True
            pending = []
            while True:
                f = self._queue.poll()
                if f is None:
                    break
                pending.append(f._fn if isinstance(f, Future) else f)
            for w in list(self._workers):
                if w.thread is not None:
                    w.thread.interrupt()
            self._lock.notify_all()
        return pending

    def isShutdown(self):
        with self._lock:
            return self._shutdown

    def isTerminated(self):
        with self._lock:
            return self._shutdown and not self._workers

    def isTerminating(self):
        with self._lock:
            return self._shutdown and bool(self._workers)

    def awaitTermination(self, timeout, unit=None):
        """Block until all tasks finished after shutdown, or the timeout (-> False)."""
        dl = deadline(timeout_seconds(timeout, unit if unit is not None else TimeUnit.MILLISECONDS))
        with self._lock:
            while not (self._shutdown and not self._workers):
                left = remaining(dl)
                if left <= 0:
                    return False
                self._lock.wait(min(left, 0.05))
            return True

    # --- monitoring ---------------------------------------------------------------
    def getActiveCount(self):
        with self._lock:
            return self._active

    def getPoolSize(self):
        with self._lock:
            return len(self._workers)

    def getLargestPoolSize(self):
        return self._max

    def getCorePoolSize(self):
        return self._core

    def setCorePoolSize(self, n):
        if n < 0:
            raise IllegalArgumentException("corePoolSize must be >= 0")
        with self._lock:
            self._core = n
            if self._max < n:
                self._max = n

    def getMaximumPoolSize(self):
        return self._max

    def setMaximumPoolSize(self, n):
        if n <= 0 or n < self._core:
            raise IllegalArgumentException("maximumPoolSize must be > 0 and >= corePoolSize")
        self._max = n

    def getQueue(self):
        return self._queue

    def getCompletedTaskCount(self):
        with self._lock:
            return self._completed

    def getTaskCount(self):
        with self._lock:
            return self._submitted

    def toString(self):
        with self._lock:
            state = "Terminated" if (self._shutdown and not self._workers) else (
                "Shutting down" if self._shutdown else "Running")
            return ("%s@%x[%s, pool size = %d, active threads = %d, queued tasks = %d, "
                    "completed tasks = %d]" % (self._java_name, id(self) & 0xFFFFFFFF, state,
                                               len(self._workers), self._active,
                                               self._queue.size(), self._completed))

    def __repr__(self):
        return self.toString()


def _report_uncaught(err):
    import sys
    from gateway_sim.java.lang import Throwable, stack_trace_text
    text = stack_trace_text(err) if isinstance(err, Throwable) else _text(err) + "\n"
    sys.stderr.write('Exception in thread "%s" %s' % (Thread.currentThread().getName(), text))


class _Worker(object):
    def __init__(self, pool, first):
        self.pool = pool
        self.first = first
        self.thread = None

    def run(self):
        pool = self.pool
        try:
            task, self.first = self.first, None
            while True:
                if task is None:
                    task = pool._next_task(self)
                    if task is None:
                        return
                pool._run_task(task)
                task = None
        finally:
            pool._retire(self)


class ScheduledFuture(Future):
    _java_name = "java.util.concurrent.ScheduledFutureTask"

    def __init__(self, fn, due, period, fixed_rate):
        Future.__init__(self, fn)
        self.due = due
        self.period = period
        self.fixed_rate = fixed_rate

    def getDelay(self, unit=None):
        unit = unit or TimeUnit.MILLISECONDS
        return TimeUnit.NANOSECONDS.convert(0, unit) + unit.convert(
            int(max(0.0, self.due - _mono()) * 1e9), TimeUnit.NANOSECONDS)

    def isPeriodic(self):
        return self.period is not None


class ScheduledThreadPoolExecutor(ThreadPoolExecutor):
    """``schedule``, ``scheduleAtFixedRate``, ``scheduleWithFixedDelay`` (real time)."""

    _java_name = "java.util.concurrent.ScheduledThreadPoolExecutor"

    def __init__(self, corePoolSize, threadFactory=None):
        ThreadPoolExecutor.__init__(self, max(1, corePoolSize), max(1, corePoolSize), 0, None,
                                    None, threadFactory)
        self._heap = []
        self._seq = itertools.count()
        self._timer = None

    def _enqueue_later(self, sf):
        with self._lock:
            if self._shutdown:
                raise RejectedExecutionException("executor has been shut down")
            heapq.heappush(self._heap, (sf.due, next(self._seq), sf))
            self._lock.notify_all()
            if self._timer is None:
                self._timer = threading.Thread(target=self._timer_loop,
                                               name="pool-%d-scheduler" % self._pool_id)
                self._timer.daemon = True
                self._timer.start()
        return sf

    def _timer_loop(self):
        while True:
            with self._lock:
                if self._shutdown:
                    return
                if not self._heap:
                    self._lock.wait(0.05)
                    continue
                due, _, sf = self._heap[0]
                wait = due - _mono()
                if wait > 0:
                    self._lock.wait(min(wait, 0.05))
                    continue
                heapq.heappop(self._heap)
            if not sf.isCancelled():
                try:
                    ThreadPoolExecutor._enqueue(self, _Tick(self, sf))
                except RejectedExecutionException:
                    return

    def schedule(self, task, delay, unit):
        fn = as_runnable_fn(task)
        sf = ScheduledFuture(fn, _mono() + timeout_seconds(delay, unit), None, False)
        return self._enqueue_later(sf)

    def scheduleAtFixedRate(self, task, initialDelay, period, unit):
        return self._periodic(task, initialDelay, period, unit, True)

    def scheduleWithFixedDelay(self, task, initialDelay, delay, unit):
        return self._periodic(task, initialDelay, delay, unit, False)

    def _periodic(self, task, initial, period, unit, fixed_rate):
        if period <= 0:
            raise IllegalArgumentException("period must be > 0, got %r" % (period,))
        fn = as_runnable_fn(task)
        sf = ScheduledFuture(fn, _mono() + timeout_seconds(initial, unit),
                             timeout_seconds(period, unit), fixed_rate)
        return self._enqueue_later(sf)

    def shutdownNow(self):
        with self._lock:
            for _, _, sf in self._heap:
                sf.cancel(False)
            self._heap = []
        return ThreadPoolExecutor.shutdownNow(self)

    def shutdown(self):
        with self._lock:
            for _, _, sf in self._heap:
                sf.cancel(False)
            self._heap = []
        ThreadPoolExecutor.shutdown(self)


class _Tick(object):
    """One run of a scheduled task on a pool thread."""

    def __init__(self, pool, sf):
        self.pool = pool
        self.sf = sf
        self._error = None

    def run(self):
        sf = self.sf
        if sf.isCancelled():
            return
        if sf.period is None:
            sf.run()
            return
        started = _mono()
        try:
            sf._fn()
        except BaseException as exc:  # noqa - Java: a periodic task that throws stops
            sf._finish(None, exc)
            return
        sf.due = (sf.due + sf.period) if sf.fixed_rate else (_mono() + sf.period)
        if sf.fixed_rate and sf.due < started:
            sf.due = started
        try:
            self.pool._enqueue_later(sf)
        except RejectedExecutionException:
            pass


class Executors(object):
    """``java.util.concurrent.Executors`` factories."""

    @staticmethod
    def newFixedThreadPool(nThreads, threadFactory=None):
        if nThreads <= 0:
            raise IllegalArgumentException("nThreads must be > 0, got %r" % (nThreads,))
        return ThreadPoolExecutor(nThreads, nThreads, 0, TimeUnit.MILLISECONDS,
                                  LinkedBlockingQueue(), threadFactory)

    @staticmethod
    def newCachedThreadPool(threadFactory=None):
        return ThreadPoolExecutor(0, 2147483647, 60, TimeUnit.SECONDS,
                                  _SynchronousQueue(), threadFactory)

    @staticmethod
    def newSingleThreadExecutor(threadFactory=None):
        return ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, LinkedBlockingQueue(),
                                  threadFactory)

    @staticmethod
    def newScheduledThreadPool(corePoolSize, threadFactory=None):
        return ScheduledThreadPoolExecutor(corePoolSize, threadFactory)

    @staticmethod
    def newSingleThreadScheduledExecutor(threadFactory=None):
        return ScheduledThreadPoolExecutor(1, threadFactory)

    @staticmethod
    def callable(task, result=None):
        fn = as_runnable_fn(task)

        def call():
            fn()
            return result
        return call


class _SynchronousQueue(LinkedBlockingQueue):
    """Hand-off queue of cached pools: accepted only when an idle worker waits
    (the pool checks that), so capacity 0 is reported."""

    _java_name = "java.util.concurrent.SynchronousQueue"

    def __init__(self):
        LinkedBlockingQueue.__init__(self)
        self._capacity = 0

    def offer(self, v, timeout=None, unit=None):
        with self._lock:
            self._q.append(v)
            self._lock.notify_all()
            return True


SynchronousQueue = _SynchronousQueue
