"""Minimal ``java.util`` collections: ``ArrayList``, ``LinkedList``, ``HashMap``,
``LinkedHashMap``, ``TreeMap``, ``HashSet``, ``Collections``, ``Arrays``, ``Optional``.

Java method names plus Python protocols (len, iteration, ``in``, indexing), as
Jython exposes Java collections. Not synchronized unless wrapped by
``Collections.synchronized*`` (as in Java). May import: the standard library
and ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim.java._interfaces import Iterable, Iterator
from gateway_sim.java.lang import (IndexOutOfBoundsException, NullPointerException, Object,
                                   RuntimeException, UnsupportedOperationException)


class NoSuchElementException(RuntimeException):
    _java_name = "java.util.NoSuchElementException"


class ConcurrentModificationException(RuntimeException):
    _java_name = "java.util.ConcurrentModificationException"


def _jstr(v):
    from gateway_sim.java._format import _java_str
    return _java_str(v)


class List(Object, Iterable):
    """``java.util.List`` over a Python list (``_data``)."""

    _java_name = "java.util.List"

    def __init__(self, items=None):
        if isinstance(items, int) and not isinstance(items, bool):
            items = None  # ArrayList(initialCapacity)
        self._data = list(items) if items is not None else []

    def _check(self, i, upper):
        if not isinstance(i, int) or i < 0 or i >= upper:
            raise IndexOutOfBoundsException("Index %s out of bounds for length %d"
                                            % (i, len(self._data)))

    def add(self, *args):
        if len(args) == 2:
            self._check(args[0], len(self._data) + 1)
            self._data.insert(args[0], args[1])
            return None
        self._data.append(args[0])
        return True

    def addAll(self, items):
        items = list(items)
        self._data.extend(items)
        return bool(items)

    def get(self, i):
        self._check(i, len(self._data))
        return self._data[i]

    def set(self, i, v):
        self._check(i, len(self._data))
        old = self._data[i]
        self._data[i] = v
        return old

    def remove(self, x):
        if isinstance(x, int) and not isinstance(x, bool):
            self._check(x, len(self._data))
            return self._data.pop(x)
        try:
            self._data.remove(x)
            return True
        except ValueError:
            return False

    def size(self):
        return len(self._data)

    def isEmpty(self):
        return not self._data

    def contains(self, x):
        return x in self._data

    def indexOf(self, x):
        try:
            return self._data.index(x)
        except ValueError:
            return -1

    def clear(self):
        del self._data[:]

    def toArray(self):
        return list(self._data)

    def subList(self, a, b):
        return ArrayList(self._data[a:b])

    def iterator(self):
        return _Iterator(list(self._data))

    def stream(self):
        raise UnsupportedOperationException("java.util.stream is not simulated; use a list comprehension")

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(list(self._data))

    def __contains__(self, x):
        return x in self._data

    def __getitem__(self, i):
        return self._data[i]

    def __setitem__(self, i, v):
        self._data[i] = v

    def __eq__(self, other):
        if isinstance(other, List):
            return self._data == other._data
        return isinstance(other, list) and self._data == other

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None

    def toString(self):
        return "[" + ", ".join(_jstr(v) for v in self._data) + "]"

    def __repr__(self):
        return self.toString()


class ArrayList(List):
    _java_name = "java.util.ArrayList"


class LinkedList(List):
    _java_name = "java.util.LinkedList"

    def addFirst(self, v):
        self._data.insert(0, v)

    def addLast(self, v):
        self._data.append(v)

    def getFirst(self):
        if not self._data:
            raise NoSuchElementException()
        return self._data[0]

    def getLast(self):
        if not self._data:
            raise NoSuchElementException()
        return self._data[-1]

    def removeFirst(self):
        if not self._data:
            raise NoSuchElementException()
        return self._data.pop(0)

    def poll(self):
        return self._data.pop(0) if self._data else None

    def offer(self, v):
        self._data.append(v)
        return True

    def peek(self):
        return self._data[0] if self._data else None


class _Iterator(Object, Iterator):
    _java_name = "java.util.Iterator"

    def __init__(self, items, on_remove=None):
        self._items = items
        self._i = 0
        self._on_remove = on_remove

    def hasNext(self):
        return self._i < len(self._items)

    def next(self):
        if self._i >= len(self._items):
            raise NoSuchElementException()
        v = self._items[self._i]
        self._i += 1
        return v

    def remove(self):
        if self._on_remove is None or self._i == 0:
            raise UnsupportedOperationException("remove")
        self._on_remove(self._items[self._i - 1])

    def __iter__(self):
        return self

    def __next__(self):
        if self._i >= len(self._items):
            raise StopIteration
        return self.next()


class Map(Object):
    """``java.util.Map`` over a Python dict (``_data``)."""

    _java_name = "java.util.Map"
    _null_keys = True

    def __init__(self, items=None):
        self._data = self._new()
        if items is not None:
            if isinstance(items, int) and not isinstance(items, bool):
                return  # initialCapacity
            src = items._data if isinstance(items, Map) else items
            self._data.update(src)

    def _new(self):
        return {}

    def _key(self, k):
        if k is None and not self._null_keys:
            raise NullPointerException("null key")
        return k

    def get(self, k):
        return self._data.get(k)

    def getOrDefault(self, k, default):
        return self._data.get(k, default)

    def put(self, k, v):
        self._key(k)
        old = self._data.get(k)
        self._data[k] = v
        return old

    def putAll(self, m):
        src = m._data if isinstance(m, Map) else m
        for k in list(src):
            self.put(k, src[k])

    def putIfAbsent(self, k, v):
        self._key(k)
        old = self._data.get(k)
        if old is None:
            self._data[k] = v
        return old

    def computeIfAbsent(self, k, fn):
        old = self._data.get(k)
        if old is None:
            fn = getattr(fn, "apply", fn)
            v = fn(k)
            if v is not None:
                self._data[k] = v
            return v
        return old

    def remove(self, k, *value):
        if value:
            if k in self._data and self._data[k] == value[0]:
                del self._data[k]
                return True
            return False
        return self._data.pop(k, None)

    def containsKey(self, k):
        return k in self._data

    def containsValue(self, v):
        return v in list(self._data.values())

    def size(self):
        return len(self._data)

    def isEmpty(self):
        return not self._data

    def clear(self):
        self._data.clear()

    def keySet(self):
        return HashSet(list(self._data.keys()))

    def values(self):
        return ArrayList(list(self._data.values()))

    def entrySet(self):
        return [_Entry(k, v) for k, v in list(self._data.items())]

    def items(self):
        return list(self._data.items())

    def keys(self):
        return list(self._data.keys())

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(list(self._data.keys()))

    def __contains__(self, k):
        return k in self._data

    def __getitem__(self, k):
        return self._data[k]

    def __setitem__(self, k, v):
        self.put(k, v)

    def __delitem__(self, k):
        del self._data[k]

    def __eq__(self, other):
        if isinstance(other, Map):
            return dict(self._data) == dict(other._data)
        return isinstance(other, dict) and dict(self._data) == other

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None

    def toString(self):
        return "{" + ", ".join("%s=%s" % (_jstr(k), _jstr(v))
                               for k, v in list(self._data.items())) + "}"

    def __repr__(self):
        return self.toString()


class _Entry(Object):
    def __init__(self, k, v):
        self.key, self.value = k, v

    def getKey(self):
        return self.key

    def getValue(self):
        return self.value


class HashMap(Map):
    _java_name = "java.util.HashMap"


class LinkedHashMap(Map):
    _java_name = "java.util.LinkedHashMap"

    def _new(self):
        import collections
        return collections.OrderedDict()


class TreeMap(Map):
    _java_name = "java.util.TreeMap"

    def keySet(self):
        return HashSet(sorted(self._data))

    def __iter__(self):
        return iter(sorted(self._data))

    def firstKey(self):
        if not self._data:
            raise NoSuchElementException()
        return min(self._data)

    def lastKey(self):
        if not self._data:
            raise NoSuchElementException()
        return max(self._data)


class Set(Object, Iterable):
    """``java.util.Set`` (HashSet) over a Python set."""

    _java_name = "java.util.Set"

    def __init__(self, items=None):
        if isinstance(items, int) and not isinstance(items, bool):
            items = None
        self._data = set(items) if items is not None else set()

    def add(self, v):
        if v in self._data:
            return False
        self._data.add(v)
        return True

    def addAll(self, items):
        before = len(self._data)
        self._data.update(items)
        return len(self._data) != before

    def remove(self, v):
        if v in self._data:
            self._data.discard(v)
            return True
        return False

    def contains(self, v):
        return v in self._data

    def size(self):
        return len(self._data)

    def isEmpty(self):
        return not self._data

    def clear(self):
        self._data.clear()

    def iterator(self):
        return _Iterator(list(self._data), self._data.discard)

    def toArray(self):
        return list(self._data)

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(list(self._data))

    def __contains__(self, v):
        return v in self._data

    def __eq__(self, other):
        if isinstance(other, Set):
            return self._data == other._data
        return isinstance(other, (set, frozenset)) and self._data == other

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None

    def toString(self):
        return "[" + ", ".join(_jstr(v) for v in list(self._data)) + "]"

    def __repr__(self):
        return self.toString()


class HashSet(Set):
    _java_name = "java.util.HashSet"


class _Synchronized(object):
    """Wraps a collection so every method call holds one lock (Java's
    ``Collections.synchronizedX``); iteration takes a snapshot."""

    def __init__(self, inner, lock=None):
        self.__dict__["_inner"] = inner
        self.__dict__["_lock"] = lock or threading.RLock()

    def __getattr__(self, name):
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr
        lock = self._lock

        def locked(*a, **kw):
            with lock:
                return attr(*a, **kw)
        return locked

    def __len__(self):
        with self._lock:
            return len(self._inner)

    def __iter__(self):
        with self._lock:
            return iter(list(self._inner))

    def __contains__(self, x):
        with self._lock:
            return x in self._inner

    def __getitem__(self, k):
        with self._lock:
            return self._inner[k]

    def __setitem__(self, k, v):
        with self._lock:
            self._inner[k] = v

    def __eq__(self, other):
        with self._lock:
            return self._inner == other

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None

    def __repr__(self):
        with self._lock:
            return repr(self._inner)

    def __str__(self):
        return self.__repr__()


class _Unmodifiable(_Synchronized):
    _WRITERS = frozenset(["add", "addAll", "set", "remove", "clear", "put", "putAll",
                          "putIfAbsent", "computeIfAbsent", "addFirst", "addLast", "removeFirst",
                          "offer", "poll"])

    def __getattr__(self, name):
        if name in self._WRITERS:
            def refuse(*a, **kw):
                raise UnsupportedOperationException("unmodifiable collection: %s()" % name)
            return refuse
        return _Synchronized.__getattr__(self, name)

    def __setitem__(self, k, v):
        raise UnsupportedOperationException("unmodifiable collection")


def _wrap_plain(c, default_cls):
    if isinstance(c, (List, Map, Set)):
        return c
    return default_cls(c)


class Collections(object):
    """``java.util.Collections`` statics used by scripts."""

    @staticmethod
    def synchronizedList(lst):
        return _Synchronized(_wrap_plain(lst, ArrayList))

    @staticmethod
    def synchronizedMap(m):
        return _Synchronized(_wrap_plain(m, HashMap))

    @staticmethod
    def synchronizedSet(s):
        return _Synchronized(_wrap_plain(s, HashSet))

    @staticmethod
    def unmodifiableList(lst):
        return _Unmodifiable(_wrap_plain(lst, ArrayList))

    @staticmethod
    def unmodifiableMap(m):
        return _Unmodifiable(_wrap_plain(m, HashMap))

    @staticmethod
    def unmodifiableSet(s):
        return _Unmodifiable(_wrap_plain(s, HashSet))

    @staticmethod
    def emptyList():
        return _Unmodifiable(ArrayList())

    @staticmethod
    def emptyMap():
        return _Unmodifiable(HashMap())

    @staticmethod
    def emptySet():
        return _Unmodifiable(HashSet())

    @staticmethod
    def singletonList(v):
        return _Unmodifiable(ArrayList([v]))

    @staticmethod
    def newSetFromMap(m):
        from gateway_sim.java.util._setfrommap import new_set_from_map
        return new_set_from_map(m)

    @staticmethod
    def sort(lst, comparator=None):
        data = lst._data if isinstance(lst, List) else lst
        if comparator is None:
            data.sort()
        else:
            import functools
            cmp = getattr(comparator, "compare", comparator)
            data.sort(key=functools.cmp_to_key(cmp))

    @staticmethod
    def reverse(lst):
        (lst._data if isinstance(lst, List) else lst).reverse()


class Arrays(object):
    @staticmethod
    def asList(*items):
        if len(items) == 1 and isinstance(items[0], (list, tuple)):
            items = items[0]
        return ArrayList(items)

    @staticmethod
    def toString(arr):
        if arr is None:
            return "null"
        return "[" + ", ".join(_jstr(v) for v in arr) + "]"


class Optional(Object):
    _java_name = "java.util.Optional"

    def __init__(self, value=None):
        self._v = value

    @staticmethod
    def of(v):
        if v is None:
            raise NullPointerException("Optional.of(null)")
        return Optional(v)

    @staticmethod
    def ofNullable(v):
        return Optional(v)

    @staticmethod
    def empty():
        return Optional(None)

    def isPresent(self):
        return self._v is not None

    def isEmpty(self):
        return self._v is None

    def get(self):
        if self._v is None:
            raise NoSuchElementException("No value present")
        return self._v

    def orElse(self, other):
        return self._v if self._v is not None else other
