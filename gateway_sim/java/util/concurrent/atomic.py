"""Pure-Python ``java.util.concurrent.atomic``: ``AtomicBoolean``, ``AtomicInteger``,
``AtomicLong``, ``AtomicReference`` (each lock-protected; ints wrap like Java).

May import: the standard library, ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim._compat import long_type
from gateway_sim.java.lang import Object


class _Atomic(Object):
    def __init__(self, value=None):
        self._lock = threading.Lock()
        self._v = self._coerce(value if value is not None else self._default())

    def _default(self):
        return None

    def _coerce(self, v):
        return v

    def get(self):
        return self._v  # a volatile read: one attribute read is atomic; writers hold the lock

    def set(self, v):
        v = self._coerce(v)
        with self._lock:
            self._v = v

    lazySet = set
    getPlain = get
    setPlain = set

    def getAndSet(self, v):
        v = self._coerce(v)
        with self._lock:
            old, self._v = self._v, v
            return old

    def compareAndSet(self, expect, update):
        update = self._coerce(update)
        with self._lock:
            if self._same(self._v, expect):
                self._v = update
                return True
            return False

    weakCompareAndSet = compareAndSet

    def _same(self, a, b):
        return a == b

    def getAndUpdate(self, fn):
        fn = getattr(fn, "apply", fn)
        with self._lock:
            old = self._v
            self._v = self._coerce(fn(old))
            return old

    def updateAndGet(self, fn):
        fn = getattr(fn, "apply", fn)
        with self._lock:
            self._v = self._coerce(fn(self._v))
            return self._v

    def toString(self):
        v = self.get()
        if v is None:
            return "null"
        if v is True or v is False:
            return "true" if v else "false"
        return str(v)

    def __repr__(self):
        return self.toString()


class AtomicBoolean(_Atomic):
    _java_name = "java.util.concurrent.atomic.AtomicBoolean"

    def _default(self):
        return False

    def _coerce(self, v):
        return bool(v)


class AtomicReference(_Atomic):
    """compareAndSet compares by identity, as Java does (``==`` on references)."""

    _java_name = "java.util.concurrent.atomic.AtomicReference"

    def _same(self, a, b):
        return a is b or (isinstance(a, (int, str, float)) and type(a) is type(b) and a == b)


class _AtomicNumber(_Atomic):
    _bits = 64

    def _default(self):
        return 0

    def _coerce(self, v):
        v = int(v)
        mask = (1 << self._bits) - 1
        v &= mask
        if v >= (1 << (self._bits - 1)):
            v -= (1 << self._bits)
        return self._type(v)

    def _type(self, v):
        return v

    def incrementAndGet(self):
        return self.addAndGet(1)

    def decrementAndGet(self):
        return self.addAndGet(-1)

    def getAndIncrement(self):
        return self.getAndAdd(1)

    def getAndDecrement(self):
        return self.getAndAdd(-1)

    def addAndGet(self, delta):
        with self._lock:
            self._v = self._coerce(self._v + delta)
            return self._v

    def getAndAdd(self, delta):
        with self._lock:
            old = self._v
            self._v = self._coerce(old + delta)
            return old

    def accumulateAndGet(self, x, fn):
        fn = getattr(fn, "applyAsLong", getattr(fn, "applyAsInt", fn))
        with self._lock:
            self._v = self._coerce(fn(self._v, x))
            return self._v

    def intValue(self):
        return int(self.get())

    def longValue(self):
        return long_type(self.get())

    def doubleValue(self):
        return float(self.get())

    def __int__(self):
        return int(self.get())


class AtomicInteger(_AtomicNumber):
    _java_name = "java.util.concurrent.atomic.AtomicInteger"
    _bits = 32


class AtomicLong(_AtomicNumber):
    _java_name = "java.util.concurrent.atomic.AtomicLong"
    _bits = 64

    def _type(self, v):
        return long_type(v)
