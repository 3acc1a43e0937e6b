"""Synchronizers: ``CountDownLatch``, ``Semaphore``, ``CyclicBarrier``-free subset.

Java's ``await`` is a Python 3 keyword, so ``latch.await()`` is a syntax error
in CPython source: call ``getattr(latch, "await")()`` or ``latch.await_()``
(both exist). Jython scripts can keep writing ``latch.await()``.
May import: the standard library, ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim.java.lang import IllegalArgumentException, InterruptedException, Object, Thread
from gateway_sim.java.util.concurrent._timeunit import deadline, remaining, timeout_seconds


def _check_interrupt():
    if Thread.interrupted():
        raise InterruptedException()


class CountDownLatch(Object):
    _java_name = "java.util.concurrent.CountDownLatch"

    def __init__(self, count):
        if count < 0:
            raise IllegalArgumentException("count < 0")
        self._count = count
        self._cond = threading.Condition()

    def countDown(self):
        with self._cond:
            if self._count > 0:
                self._count -= 1
                if self._count == 0:
                    self._cond.notify_all()

    def getCount(self):
        with self._cond:
            return self._count

    def await_(self, timeout=None, unit=None):
        """Wait for zero; with a timeout returns False if it elapsed first."""
        dl = deadline(timeout_seconds(timeout, unit))
        with self._cond:
            while self._count > 0:
                _check_interrupt()
                left = remaining(dl)
                if left is not None and left <= 0:
                    return False
                self._cond.wait(0.05 if left is None else min(left, 0.05))
            return True

    def toString(self):
        return "%s[Count = %d]" % (self._java_name, self.getCount())


setattr(CountDownLatch, "await", CountDownLatch.await_)


class Semaphore(Object):
    _java_name = "java.util.concurrent.Semaphore"

    def __init__(self, permits, fair=False):
        self._permits = permits
        self._cond = threading.Condition()

    def acquire(self, permits=1):
        with self._cond:
            while self._permits < permits:
                _check_interrupt()
                self._cond.wait(0.05)
            self._permits -= permits

    def tryAcquire(self, *args):
        permits, timeout, unit = 1, None, None
        if len(args) == 1:
            permits = args[0]
        elif len(args) == 2:
            timeout, unit = args
        elif len(args) == 3:
            permits, timeout, unit = args
        dl = deadline(timeout_seconds(timeout, unit)) if timeout is not None else deadline(0.0)
        with self._cond:
            while self._permits < permits:
                left = remaining(dl)
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))
            self._permits -= permits
            return True

    def release(self, permits=1):
        with self._cond:
            self._permits += permits
            self._cond.notify_all()

    def availablePermits(self):
        with self._cond:
            return self._permits
