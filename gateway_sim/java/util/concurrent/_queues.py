"""Concurrent collections: ``ConcurrentHashMap`` (+ ``newKeySet``),
``ConcurrentLinkedQueue``, ``LinkedBlockingQueue``, ``CopyOnWriteArrayList``.

Each holds one lock per instance (no GIL on Jython; CPython's GIL does not make
compound operations like putIfAbsent atomic either). As in Java, a map's
retrievals (get, getOrDefault, containsKey, size, isEmpty) do not block: they read
the dict without the lock (one dict operation is atomic in CPython, free-threaded
builds included) and see the latest completed update -- the engine reads its kernel
maps dozens of times per run. Iteration works on a snapshot (weakly consistent,
never ConcurrentModificationException).
May import: the standard library, ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import collections
import threading

from gateway_sim.java.lang import (IllegalArgumentException, IllegalStateException,
                                   InterruptedException, NullPointerException, Object, Thread)
from gateway_sim.java.util._collections import (ArrayList, HashSet, Map, NoSuchElementException,
                                                Set, _Iterator, _jstr)
from gateway_sim.java.util.concurrent._timeunit import deadline, remaining, timeout_seconds


def _nn(v, what):
    if v is None:
        raise NullPointerException("ConcurrentHashMap does not allow null %ss" % what)
    return v


class ConcurrentHashMap(Map):
    """``java.util.concurrent.ConcurrentHashMap``: atomic compound operations."""

    _java_name = "java.util.concurrent.ConcurrentHashMap"

    def __init__(self, items=None, *ignored):
        self._lock = threading.RLock()
        Map.__init__(self, items)

    def get(self, k):
        if k is None:
            _nn(k, "key")
        return self._data.get(k)

    def getOrDefault(self, k, default):
        if k is None:
            _nn(k, "key")
        return self._data.get(k, default)

    def put(self, k, v):
        _nn(k, "key")
        _nn(v, "value")
        with self._lock:
            old = self._data.get(k)
            self._data[k] = v
            return old

    def putIfAbsent(self, k, v):
        _nn(k, "key")
        _nn(v, "value")
        with self._lock:
            old = self._data.get(k)
            if old is None:
                self._data[k] = v
            return old

    def computeIfAbsent(self, k, fn):
        _nn(k, "key")
        fn = getattr(fn, "apply", fn)
        with self._lock:  # Java also runs the function under the bin lock: atomic
            old = self._data.get(k)
            if old is not None:
                return old
            v = fn(k)
            if v is not None:
                self._data[k] = v
            return v

    def computeIfPresent(self, k, fn):
        fn = getattr(fn, "apply", fn)
        with self._lock:
            old = self._data.get(_nn(k, "key"))
            if old is None:
                return None
            v = fn(k, old)
            if v is None:
                del self._data[k]
            else:
                self._data[k] = v
            return v

    def compute(self, k, fn):
        fn = getattr(fn, "apply", fn)
        with self._lock:
            v = fn(_nn(k, "key"), self._data.get(k))
            if v is None:
                self._data.pop(k, None)
            else:
                self._data[k] = v
            return v

    def merge(self, k, v, fn):
        fn = getattr(fn, "apply", fn)
        _nn(v, "value")
        with self._lock:
            old = self._data.get(_nn(k, "key"))
            nv = v if old is None else fn(old, v)
            if nv is None:
                self._data.pop(k, None)
            else:
                self._data[k] = nv
            return nv

    def replace(self, k, *args):
        with self._lock:
            if len(args) == 2:
                if self._data.get(k) == args[0] and k in self._data:
                    self._data[k] = _nn(args[1], "value")
                    return True
                return False
            if k in self._data:
                old = self._data[k]
                self._data[k] = _nn(args[0], "value")
                return old
            return None

    def remove(self, k, *value):
        with self._lock:
            return Map.remove(self, _nn(k, "key"), *value)

    def containsKey(self, k):
        return _nn(k, "key") in self._data

    def containsValue(self, v):
        with self._lock:
            return v in list(self._data.values())

    def size(self):
        return len(self._data)

    def isEmpty(self):
        return not self._data

    def clear(self):
        with self._lock:
            self._data.clear()

    def keySet(self):
        with self._lock:
            return HashSet(list(self._data.keys()))

    def values(self):
        with self._lock:
            return ArrayList(list(self._data.values()))

    def entrySet(self):
        with self._lock:
            return Map.entrySet(self)

    def items(self):
        with self._lock:
            return list(self._data.items())

    def keys(self):
        with self._lock:
            return list(self._data.keys())

    def forEach(self, fn):
        fn = getattr(fn, "accept", fn)
        for k, v in self.items():
            fn(k, v)

    def __len__(self):
        return self.size()

    def __iter__(self):
        return iter(self.keys())

    def __contains__(self, k):
        with self._lock:
            return k in self._data

    def __getitem__(self, k):
        with self._lock:
            return self._data[k]

    def __delitem__(self, k):
        with self._lock:
            del self._data[k]

    def toString(self):
        with self._lock:
            return Map.toString(self)

    @staticmethod
    def newKeySet(*ignored):
        return ConcurrentKeySet()


class ConcurrentKeySet(Set):
    """What ``ConcurrentHashMap.newKeySet()`` returns: a thread-safe set."""

    _java_name = "java.util.concurrent.ConcurrentHashMap$KeySetView"

    def __init__(self, items=None):
        self._lock = threading.RLock()
        Set.__init__(self, items)

    def add(self, v):
        if v is None:
            raise NullPointerException("null element")
        with self._lock:
            return Set.add(self, v)

    def addAll(self, items):
        with self._lock:
            return Set.addAll(self, items)

    def remove(self, v):
        with self._lock:
            return Set.remove(self, v)

    def contains(self, v):
        with self._lock:
            return v in self._data

    def size(self):
        with self._lock:
            return len(self._data)

    def isEmpty(self):
        with self._lock:
            return not self._data

    def clear(self):
        with self._lock:
            self._data.clear()

    def iterator(self):
        with self._lock:
            return _Iterator(list(self._data), self.remove)

    def toArray(self):
        with self._lock:
            return list(self._data)

    def __len__(self):
        return self.size()

    def __iter__(self):
        return iter(self.toArray())

    def __contains__(self, v):
        return self.contains(v)


class ConcurrentLinkedQueue(Object):
    """``java.util.concurrent.ConcurrentLinkedQueue``: unbounded, non-blocking FIFO."""

    _java_name = "java.util.concurrent.ConcurrentLinkedQueue"

    def __init__(self, items=None):
        self._lock = threading.RLock()
        self._q = collections.deque(items or ())

    def offer(self, v):
        if v is None:
            raise NullPointerException("queue does not allow null elements")
        with self._lock:
            self._q.append(v)
        return True

    def add(self, v):
        return self.offer(v)

    def addAll(self, items):
        for v in list(items):
            self.offer(v)
        return True

    def poll(self):
        with self._lock:
            return self._q.popleft() if self._q else None

    def peek(self):
        with self._lock:
            return self._q[0] if self._q else None

    def element(self):
        with self._lock:
            if not self._q:
                raise NoSuchElementException()
            return self._q[0]

    def remove(self, *v):
        with self._lock:
            if not v:
                if not self._q:
                    raise NoSuchElementException()
                return self._q.popleft()
            try:
                self._q.remove(v[0])
                return True
            except ValueError:
                return False

    def contains(self, v):
        with self._lock:
            return v in self._q

    def size(self):
        with self._lock:
            return len(self._q)

    def isEmpty(self):
        with self._lock:
            return not self._q

    def clear(self):
        with self._lock:
            self._q.clear()

    def toArray(self):
        with self._lock:
            return list(self._q)

    def iterator(self):
        return _Iterator(self.toArray(), lambda v: self.remove(v))

    def __len__(self):
        return self.size()

    def __iter__(self):
        return iter(self.toArray())

    def __contains__(self, v):
        return self.contains(v)

    def toString(self):
        return "[" + ", ".join(_jstr(v) for v in self.toArray()) + "]"

    def __repr__(self):
        return self.toString()


class LinkedBlockingQueue(ConcurrentLinkedQueue):
    """``java.util.concurrent.LinkedBlockingQueue(capacity=Integer.MAX_VALUE)``."""

    _java_name = "java.util.concurrent.LinkedBlockingQueue"

    def __init__(self, capacity=None):
        items = None
        if capacity is not None and not isinstance(capacity, int):
            items, capacity = list(capacity), None
        if capacity is not None and capacity <= 0:
            raise IllegalArgumentException("capacity must be > 0, got %r" % (capacity,))
        ConcurrentLinkedQueue.__init__(self, items)
        self._capacity = capacity if capacity is not None else 2147483647
        self._lock = threading.Condition(threading.RLock())

    def offer(self, v, timeout=None, unit=None):
        if v is None:
            raise NullPointerException("queue does not allow null elements")
        dl = deadline(timeout_seconds(timeout, unit)) if timeout is not None else deadline(0.0)
        with self._lock:
            while len(self._q) >= self._capacity:
                left = remaining(dl)
                if left <= 0:
                    return False
                _wait(self._lock, left)
            self._q.append(v)
            self._lock.notify_all()
            return True

    def add(self, v):
        if not self.offer(v):
            raise IllegalStateException("Queue full")
        return True

    def put(self, v):
        if v is None:
            raise NullPointerException("queue does not allow null elements")
        with self._lock:
            while len(self._q) >= self._capacity:
                _wait(self._lock, 0.05)
            self._q.append(v)
            self._lock.notify_all()

    def take(self):
        with self._lock:
            while not self._q:
                _wait(self._lock, 0.05)
            v = self._q.popleft()
            self._lock.notify_all()
            return v

    def poll(self, timeout=None, unit=None):
        dl = deadline(timeout_seconds(timeout, unit)) if timeout is not None else None
        with self._lock:
            while not self._q:
                if dl is None:
                    return None
                left = remaining(dl)
                if left <= 0:
                    return None
                _wait(self._lock, left)
            v = self._q.popleft()
            self._lock.notify_all()
            return v

    def remainingCapacity(self):
        with self._lock:
            return self._capacity - len(self._q)

    def drainTo(self, collection, maxElements=None):
        n = 0
        with self._lock:
            while self._q and (maxElements is None or n < maxElements):
                collection.add(self._q.popleft())
                n += 1
            self._lock.notify_all()
        return n


def _wait(cond, seconds):
    """Condition wait that honours Java interruption of the current thread."""
    me = Thread.currentThread()
    if me.isInterrupted():
        Thread.interrupted()
        raise InterruptedException()
    cond.wait(min(seconds, 0.05))
    if me.isInterrupted():
        Thread.interrupted()
        raise InterruptedException()


class ArrayBlockingQueue(LinkedBlockingQueue):
    _java_name = "java.util.concurrent.ArrayBlockingQueue"

    def __init__(self, capacity, fair=False):
        LinkedBlockingQueue.__init__(self, capacity)


class CopyOnWriteArrayList(ArrayList):
    """Thread-safe list; iteration sees a snapshot."""

    _java_name = "java.util.concurrent.CopyOnWriteArrayList"

    def __init__(self, items=None):
        ArrayList.__init__(self, items)
        self._lock = threading.RLock()

    def addIfAbsent(self, v):
        with self._lock:
            if v in self._data:
                return False
            self._data.append(v)
            return True


def _locked(name):
    base = getattr(ArrayList, name)

    def method(self, *a):
        with self._lock:
            return base(self, *a)
    method.__name__ = name
    return method


for _n in ("add", "addAll", "get", "set", "remove", "size", "isEmpty", "contains", "indexOf",
           "clear", "toArray", "subList", "iterator", "__len__", "__iter__", "__contains__",
           "__getitem__", "toString"):
    setattr(CopyOnWriteArrayList, _n, _locked(_n))
del _n
