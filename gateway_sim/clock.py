"""Gateway clocks: real time by default, a virtual clock for tests.

Every time-based part of the simulator (``system.date.now``, timers, tag
process sources, tag-read timeouts, transaction idle timeouts) asks the
gateway's clock, never ``time`` directly, so a test can freeze and advance time.

* ``RealClock`` follows ``time.time()`` (so freezegun's frozen time is seen by
  ``system.date.now()`` too) and runs timers on one scheduler thread.
* ``VirtualClock`` stands still until ``advance(seconds)``; advancing fires the
  timers that fall due, in time order, on the advancing thread, and wakes
  threads sleeping on the clock.

May import: the standard library and ``gateway_sim._compat``.
"""
from __future__ import absolute_import, division, print_function

import heapq
import itertools
import sys
import threading
import time

_seq = itertools.count()


class Timer(object):
    """Handle of a scheduled call; ``cancel()`` stops future runs."""

    def __init__(self, clock, due, fn, args, interval, fixed_rate, name):
        self.clock = clock
        self.due = due
        self.fn = fn
        self.args = args
        self.interval = interval
        self.fixed_rate = fixed_rate
        self.name = name or getattr(fn, "__name__", "timer")
        self.cancelled = False
        self.runs = 0
        self.last_error = None

    def cancel(self):
        self.cancelled = True

    def _run(self):
        self.runs += 1
        try:
            self.fn(*self.args)
        except (KeyboardInterrupt, SystemExit):
            raise
        except:  # noqa: E722 - also Java exceptions (not Python Exceptions on Jython)
            exc = sys.exc_info()[1]  # a timer that raises is logged, keeps running
            self.last_error = exc
            self.clock._report_error(self, exc)

    def __repr__(self):
        return "<Timer %s due=%.3f interval=%s>" % (self.name, self.due, self.interval)


class _BaseClock(object):
    """Shared timer heap; subclasses say what 'now' is and how to wait."""

    def __init__(self):
        self._cond = threading.Condition(threading.RLock())
        self._heap = []
        self._closed = False
        self.error_handler = None

    # --- time -------------------------------------------------------------
    def time(self):
        """Seconds since the epoch (float)."""
        raise NotImplementedError

    def now_ms(self):
        """Milliseconds since the epoch (int)."""
        return int(self.time() * 1000)

    def monotonic(self):
        """Seconds that never go backwards (real: time.monotonic; virtual: time())."""
        raise NotImplementedError

    # --- timers -------------------------------------------------------------
    def call_later(self, delay, fn, *args, **kw):
        """Run ``fn(*args)`` once after ``delay`` seconds of this clock."""
        return self._add(delay, fn, args, None, False, kw.get("name"))

    def call_every(self, interval, fn, *args, **kw):
        """Run ``fn(*args)`` every ``interval`` seconds.

        ``fixed_rate=True`` schedules from the previous due time (Ignition's
        "fixed rate"); the default is fixed delay (from the end of the last run).
        ``initial_delay`` defaults to ``interval``.
        """
        if interval <= 0:
            raise ValueError("timer interval must be > 0 seconds, got %r" % (interval,))
        delay = kw.get("initial_delay", interval)
        return self._add(delay, fn, args, interval, kw.get("fixed_rate", False), kw.get("name"))

    def _add(self, delay, fn, args, interval, fixed_rate, name):
        with self._cond:
            t = Timer(self, self.monotonic() + max(0.0, delay), fn, args, interval, fixed_rate, name)
            heapq.heappush(self._heap, (t.due, next(_seq), t))
            self._cond.notify_all()
            return t

    def _reschedule(self, t, finished_at):
        if t.interval is None or t.cancelled or self._closed:
            return
        with self._cond:
            t.due = (t.due + t.interval) if t.fixed_rate else (finished_at + t.interval)
            heapq.heappush(self._heap, (t.due, next(_seq), t))
            self._cond.notify_all()

    def _report_error(self, timer, exc):
        handler = self.error_handler
        if handler is not None:
            try:
                handler(timer, exc)
                return
            except Exception:
                pass
        import traceback
        traceback.print_exc()

    def pending_timers(self):
        with self._cond:
            return [t for (_, _, t) in sorted(self._heap) if not t.cancelled]

    def close(self):
        """Cancel every timer and stop the scheduler."""
        with self._cond:
            self._closed = True
            for _, _, t in self._heap:
                t.cancel()
            self._heap = []
            self._cond.notify_all()


class RealClock(_BaseClock):
    """Wall-clock time; timers run on one daemon scheduler thread."""

    def __init__(self):
        _BaseClock.__init__(self)
        self._thread = None

    def time(self):
        return time.time()

    def monotonic(self):
        return time.time() if _frozen() else _monotonic()

    def sleep(self, seconds):
        """Block the calling thread for ``seconds``."""
        if seconds > 0:
            time.sleep(seconds)

    def wait(self, event, timeout=None):
        """``event.wait(timeout)``; returns True if the event was set."""
        return bool(event.wait(timeout))

    def _add(self, delay, fn, args, interval, fixed_rate, name):
        t = _BaseClock._add(self, delay, fn, args, interval, fixed_rate, name)
        self._ensure_thread()
        return t

    def _ensure_thread(self):
        with self._cond:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="gateway-sim-timers")
                self._thread.daemon = True
                self._thread.start()

    def _loop(self):
        while True:
            with self._cond:
                if self._closed:
                    return
                while self._heap and self._heap[0][2].cancelled:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait(0.5)
                    continue
                due, _, t = self._heap[0]
                delay = due - self.monotonic()
                if delay > 0:
                    self._cond.wait(min(delay, 0.5))
                    continue
                heapq.heappop(self._heap)
            t._run()
            self._reschedule(t, self.monotonic())


class VirtualClock(_BaseClock):
    """Time that moves only when told to.

    ``advance(seconds)`` walks time forward, firing due timers in order on the
    calling thread and waking threads blocked in ``sleep``/``wait``.
    """

    def __init__(self, start=None):
        _BaseClock.__init__(self)
        self._now = float(start if start is not None else time.time())

    def time(self):
        with self._cond:
            return self._now

    def monotonic(self):
        return self.time()

    def set_time(self, epoch_seconds):
        """Jump to an absolute time (must not go backwards); fires due timers."""
        self.advance(epoch_seconds - self.time())

    def advance(self, seconds):
        """Move time forward by ``seconds``, firing every timer that falls due."""
        if seconds < 0:
            raise ValueError("a virtual clock cannot go backwards (advance(%r))" % (seconds,))
        with self._cond:
            target = self._now + seconds
        while True:
            with self._cond:
                while self._heap and self._heap[0][2].cancelled:
                    heapq.heappop(self._heap)
                if not self._heap or self._heap[0][0] > target:
                    self._now = target
                    self._cond.notify_all()
                    return
                due, _, t = heapq.heappop(self._heap)
                if due > self._now:
                    self._now = due
                self._cond.notify_all()
            t._run()
            self._reschedule(t, self.time())

    def sleep(self, seconds):
        """Block until the clock has been advanced by ``seconds``."""
        with self._cond:
            target = self._now + max(0.0, seconds)
            while self._now < target and not self._closed:
                self._cond.wait(0.05)

    def wait(self, event, timeout=None):
        """Wait for ``event`` or until virtual ``timeout`` seconds have passed."""
        if timeout is None:
            while not event.is_set():
                event.wait(0.05)
            return True
        with self._cond:
            target = self._now + max(0.0, timeout)
        while not event.is_set():
            with self._cond:
                if self._now >= target or self._closed:
                    return event.is_set()
                self._cond.wait(0.02)
        return True


def _monotonic():
    return _MONO()


try:
    _MONO = time.monotonic
except AttributeError:  # Jython 2.7
    from java.lang import System as _JSystem  # noqa

    def _MONO():
        return _JSystem.nanoTime() / 1e9


def _frozen():
    """True while freezegun has frozen time (its time.time is not the builtin)."""
    return getattr(time.time, "__module__", "time") not in ("time", None)
