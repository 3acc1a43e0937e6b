"""Pure-Python ``java.util.concurrent.locks``: ``ReentrantLock`` (+ ``Condition``),
``ReentrantReadWriteLock`` (simple: both views share one reentrant lock).

Java's ``Condition.await`` is a Python 3 keyword: use ``getattr(c, "await")()``
or ``c.await_()``. Locks also work as context managers.
May import: the standard library, ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim.java.lang import InterruptedException, Object, RuntimeException, Thread
from gateway_sim.java.util.concurrent._timeunit import deadline, remaining, timeout_seconds


class IllegalMonitorStateException(RuntimeException):
    _java_name = "java.lang.IllegalMonitorStateException"


class ReentrantLock(Object):
    _java_name = "java.util.concurrent.locks.ReentrantLock"

    def __init__(self, fair=False):
        self._cond = threading.Condition(threading.Lock())
        self._owner = None
        self._holds = 0

    def lock(self):
        self._acquire(None)

    def lockInterruptibly(self):
        self._acquire(None, interruptible=True)

    def tryLock(self, timeout=None, unit=None):
        if timeout is None:
            return self._acquire(0.0)
        return self._acquire(timeout_seconds(timeout, unit))

    def _acquire(self, seconds, interruptible=False):
        me = threading.current_thread()
        dl = deadline(seconds)
        with self._cond:
            if self._owner is me:
                self._holds += 1
                return True
            while self._owner is not None:
                if interruptible and Thread.interrupted():
                    raise InterruptedException()
                left = remaining(dl)
                if left is not None and left <= 0:
                    return False
                self._cond.wait(0.05 if left is None else min(left, 0.05))
            self._owner = me
            self._holds = 1
            return True

    def unlock(self):
        with self._cond:
            if self._owner is not threading.current_thread():
                raise IllegalMonitorStateException("current thread does not hold this lock")
            self._holds -= 1
            if self._holds == 0:
                self._owner = None
                self._cond.notify_all()

    def isLocked(self):
        with self._cond:
            return self._owner is not None

    def isHeldByCurrentThread(self):
        with self._cond:
            return self._owner is threading.current_thread()

    def getHoldCount(self):
        with self._cond:
            return self._holds if self._owner is threading.current_thread() else 0

    def newCondition(self):
        return Condition(self)

    def __enter__(self):
        self.lock()
        return self

    def __exit__(self, *exc):
        self.unlock()
        return False


class Condition(Object):
    _java_name = "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject"

    def __init__(self, lock):
        self._lock = lock
        self._gen = 0
        self._signals = 0

    def await_(self, timeout=None, unit=None):
        """Release the lock, wait for a signal (or timeout -> False), re-acquire."""
        lk = self._lock
        if not lk.isHeldByCurrentThread():
            raise IllegalMonitorStateException("await without holding the lock")
        dl = deadline(timeout_seconds(timeout, unit))
        with lk._cond:
            holds = lk._holds
            lk._owner, lk._holds = None, 0
            lk._cond.notify_all()
            gen = self._gen
            signalled = False
            while True:
                if self._gen != gen and self._signals > 0:
                    self._signals -= 1
                    signalled = True
                    break
                if Thread.interrupted():
                    self._reacquire(holds)
                    raise InterruptedException()
                left = remaining(dl)
                if left is not None and left <= 0:
                    break
                lk._cond.wait(0.05 if left is None else min(left, 0.05))
            self._reacquire(holds)
            return signalled

    def _reacquire(self, holds):
        lk = self._lock
        me = threading.current_thread()
        while lk._owner is not None:
            lk._cond.wait(0.05)
        lk._owner, lk._holds = me, holds

    def signal(self):
        self._signal(1)

    def signalAll(self):
        self._signal(1 << 30)

    def _signal(self, n):
        lk = self._lock
        if not lk.isHeldByCurrentThread():
            raise IllegalMonitorStateException("signal without holding the lock")
        with lk._cond:
            self._gen += 1
            self._signals = n
            lk._cond.notify_all()


setattr(Condition, "await", Condition.await_)


class ReentrantReadWriteLock(Object):
    _java_name = "java.util.concurrent.locks.ReentrantReadWriteLock"

    def __init__(self, fair=False):
        self._lock = ReentrantLock()

    def readLock(self):
        return self._lock

    def writeLock(self):
        return self._lock
