"""``java.util.Timer`` and ``TimerTask``: one background thread runs the tasks in order.

Scripts subclass ``TimerTask`` (``class Poll(TimerTask): def run(self): ...``) and call
``Timer().schedule(task, delayMs[, periodMs])`` / ``scheduleAtFixedRate``. Java's rules
(JDK ``java.util.Timer``): a task is scheduled once (else ``IllegalStateException("Task
already scheduled or cancelled")``); ``cancel()`` discards pending tasks and refuses new
ones (``"Timer already cancelled."``); a task that throws kills the timer thread and
cancels the timer; fixed-delay periods count from when a run starts, fixed-rate from when
it was due; a run is rescheduled before it executes. Delays wait in real time (like the
scheduled executors); a ``Date`` first time is turned into a delay against the gateway
clock. The thread is a daemon (unlike Java's default) so a forgotten timer never keeps
the process alive. May import: the standard library, ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import heapq
import itertools
import sys
import threading
import traceback

from gateway_sim.java.lang import (IllegalArgumentException, IllegalStateException,
                                   NullPointerException, Object, Runnable, System)
from gateway_sim.java.util.concurrent._timeunit import _mono

_VIRGIN, _SCHEDULED, _EXECUTED, _CANCELLED = range(4)
_serial = itertools.count()


class TimerTask(Runnable, Object):
    """A task for a ``Timer``: subclass it and define ``run()``."""

    _java_name = "java.util.TimerTask"

    def __init__(self):
        self.__dict__["_tt_lock"] = threading.Lock()
        self.__dict__["_tt_state"] = _VIRGIN
        self.__dict__["_tt_last"] = 0

    def _tt(self):
        # subclasses often forget TimerTask.__init__ (legal in Jython): set state lazily
        if "_tt_lock" not in self.__dict__:
            TimerTask.__init__(self)
        return self.__dict__["_tt_lock"]

    def cancel(self):
        """True if this prevented one or more scheduled executions."""
        with self._tt():
            was = self._tt_state == _SCHEDULED
            self._tt_state = _CANCELLED
            return was

    def scheduledExecutionTime(self):
        """Wall-clock ms at which the most recent run was due."""
        self._tt()
        return self._tt_last


class Timer(Object):
    """``Timer()``, ``Timer(isDaemon)``, ``Timer(name)``, ``Timer(name, isDaemon)``."""

    _java_name = "java.util.Timer"

    def __init__(self, name=None, isDaemon=False):
        if isinstance(name, bool):
            name, isDaemon = None, name
        self._cond = threading.Condition()
        self._heap = []   # (due monotonic s, seq, task, period s or None, fixed_rate)
        self._seq = itertools.count()
        self._open = True
        self._thread = threading.Thread(target=self._loop,
                                        name=name or "Timer-%d" % next(_serial))
        self._thread.daemon = True
        self._thread.start()

    # --- scheduling ----------------------------------------------------------------
    def schedule(self, task, when, period=None):
        return self._sched(task, when, period, False)

    def scheduleAtFixedRate(self, task, when, period):
        return self._sched(task, when, period, True)

    def _sched(self, task, when, period, fixed_rate):
        if task is None:
            raise NullPointerException("task is null")
        if not isinstance(task, TimerTask):
            raise TypeError("Timer schedules TimerTask objects (class T(TimerTask): def run(self)"
                            "), got %s" % type(task).__name__)
        if hasattr(when, "getTime"):  # a java.util.Date: delay against the gateway clock
            if when.getTime() < 0:
                raise IllegalArgumentException("Illegal execution time.")
            delay_ms = max(0, when.getTime() - System.currentTimeMillis())
        else:
            delay_ms = when
            if delay_ms < 0:
                raise IllegalArgumentException("Negative delay.")
        if period is not None and period <= 0:
            raise IllegalArgumentException("Non-positive period.")
        with self._cond:
            if not self._open:
                raise IllegalStateException("Timer already cancelled.")
            with task._tt():
                if task._tt_state != _VIRGIN:
                    raise IllegalStateException("Task already scheduled or cancelled")
                task._tt_state = _SCHEDULED
            heapq.heappush(self._heap, (_mono() + delay_ms / 1000.0, next(self._seq), task,
                                        None if period is None else period / 1000.0, fixed_rate))
            self._cond.notify_all()

    def cancel(self):
        with self._cond:
            self._open = False
            self._heap = []
            self._cond.notify_all()

    def purge(self):
        """Remove cancelled tasks from the queue; returns how many."""
        with self._cond:
            keep = [e for e in self._heap if e[2]._tt_state != _CANCELLED]
            removed = len(self._heap) - len(keep)
            heapq.heapify(keep)
            self._heap = keep
            return removed

    # --- the timer thread -------------------------------------------------------------
    def _next(self):
        """The next task to run now (rescheduled first, as Java does), or None when done."""
        with self._cond:
            while True:
                if not self._open:
                    return None
                if not self._heap:
                    self._cond.wait()
                    continue
                due, _seq, task, period, fixed_rate = self._heap[0]
                if task._tt_state == _CANCELLED:
                    heapq.heappop(self._heap)
                    continue
                now = _mono()
                if due > now:
                    self._cond.wait(due - now)
                    continue
                heapq.heappop(self._heap)
                with task._tt():
                    if task._tt_state == _CANCELLED:
                        continue
                    task._tt_last = System.currentTimeMillis() - int((now - due) * 1000)
                    if period is None:
                        task._tt_state = _EXECUTED
                    else:
                        nxt = due + period if fixed_rate else now + period
                        heapq.heappush(self._heap, (nxt, next(self._seq), task, period, fixed_rate))
                return task

    def _loop(self):
        while True:
            task = self._next()
            if task is None:
                return
            try:
                task.run()
            except BaseException:  # noqa - Java: the timer thread dies, the timer is cancelled
                with self._cond:
                    self._open = False
                    self._heap = []
                sys.stderr.write('Exception in thread "%s" ' % self._thread.name)
                traceback.print_exc()
                return
