"""``java.util.Date`` and ``java.util.UUID`` stand-ins (pure Python).

``Date`` is its own class (not ``datetime``): epoch milliseconds, Java's API
(``getTime``, ``before``, ``after``, ``compareTo``, ``equals``) plus rich
comparison and hashing, ``str()`` like ``Date.toString()`` in the local zone.
``Date()`` reads the active gateway's clock so virtual/frozen time is seen.
May import: the standard library and ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import threading
import uuid as _uuid

from gateway_sim._compat import integer_types, long_type, string_types
from gateway_sim.java import _timefmt
from gateway_sim.java.lang import (ClassCastException, IllegalArgumentException,
                                   NullPointerException, Object, _now_ms)


def _to_millis(value):
    if isinstance(value, bool) or not isinstance(value, integer_types + (float,)):
        raise IllegalArgumentException(
            "Date(millis) needs epoch milliseconds as a number, got %r (%s); use "
            "system.date.parse(text, pattern) for strings" % (value, type(value).__name__))
    return long_type(int(value))


class Date(Object):
    """``java.util.Date``: a point in time in epoch milliseconds."""

    _java_name = "java.util.Date"
    __slots__ = ("_ms",)

    def __init__(self, millis=None):
        self._ms = long_type(_now_ms()) if millis is None else _to_millis(millis)

    def getTime(self):
        return self._ms

    def setTime(self, millis):
        self._ms = _to_millis(millis)

    def before(self, other):
        return self._ms < _other_ms(other)

    def after(self, other):
        return self._ms > _other_ms(other)

    def compareTo(self, other):
        o = _other_ms(other)
        return -1 if self._ms < o else (1 if self._ms > o else 0)

    def equals(self, other):
        return isinstance(other, Date) and other.getTime() == self._ms

    def hashCode(self):
        v = self._ms & 0xFFFFFFFFFFFFFFFF
        h = (v ^ (v >> 32)) & 0xFFFFFFFF
        return h - (1 << 32) if h >= (1 << 31) else h

    def clone(self):
        return type(self)(self._ms)

    def toInstant(self):
        # java.time has no pure-Python stand-in: the JPype bridge's Instant, or a
        # JavaClassNotAvailable naming how to get a JVM
        from gateway_sim.java._hook import jvm_class
        return jvm_class("java.time.Instant").ofEpochMilli(self._ms)

    def toString(self):
        return _timefmt.java_to_string(self._ms)

    time = property(getTime, setTime)

    # --- Python protocol ------------------------------------------------------
    def __eq__(self, other):
        return isinstance(other, Date) and other.getTime() == self._ms

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        return self._ms < _other_ms(other)

    def __le__(self, other):
        return self._ms <= _other_ms(other)

    def __gt__(self, other):
        return self._ms > _other_ms(other)

    def __ge__(self, other):
        return self._ms >= _other_ms(other)

    def __hash__(self):
        return self.hashCode()

    def __str__(self):
        return self.toString()

    def __repr__(self):
        return self.toString()

    def __reduce__(self):
        return (type(self), (self._ms,))


def _other_ms(other):
    if other is None:
        raise NullPointerException("cannot compare a Date with null")
    get = getattr(other, "getTime", None)
    if get is None:
        raise ClassCastException("%s cannot be compared with java.util.Date"
                                 % type(other).__name__)
    return get()


class UUID(Object):
    """``java.util.UUID``: ``randomUUID()``, ``fromString()``, ``nameUUIDFromBytes()``."""

    _java_name = "java.util.UUID"
    __slots__ = ("_u",)

    def __init__(self, mostSigBits, leastSigBits=None):
        if isinstance(mostSigBits, _uuid.UUID) and leastSigBits is None:
            self._u = mostSigBits
            return
        if leastSigBits is None:
            raise IllegalArgumentException("UUID(mostSigBits, leastSigBits) needs two longs")
        value = ((mostSigBits & 0xFFFFFFFFFFFFFFFF) << 64) | (leastSigBits & 0xFFFFFFFFFFFFFFFF)
        self._u = _uuid.UUID(int=value)

    @staticmethod
    def randomUUID():
        return UUID(_uuid.uuid4())

    @staticmethod
    def fromString(name):
        if not isinstance(name, string_types):
            raise IllegalArgumentException("Invalid UUID string: %r" % (name,))
        try:
            return UUID(_uuid.UUID(name.strip()))
        except ValueError:
            raise IllegalArgumentException("Invalid UUID string: %s" % (name,))

    @staticmethod
    def nameUUIDFromBytes(data):
        import hashlib
        if not isinstance(data, (bytes, bytearray)):
            data = bytes(bytearray(data))
        digest = bytearray(hashlib.md5(bytes(data)).digest())
        digest[6] = (digest[6] & 0x0F) | 0x30
        digest[8] = (digest[8] & 0x3F) | 0x80
        return UUID(_uuid.UUID(bytes=bytes(digest)))

    def _signed(self, v):
        return v - (1 << 64) if v >= (1 << 63) else v

    def getMostSignificantBits(self):
        return long_type(self._signed(self._u.int >> 64))

    def getLeastSignificantBits(self):
        return long_type(self._signed(self._u.int & 0xFFFFFFFFFFFFFFFF))

    def version(self):
        return self._u.version or 0

    def toString(self):
        return str(self._u)

    def compareTo(self, other):
        a, b = self._u.int, other._u.int
        return -1 if a < b else (1 if a > b else 0)

    def equals(self, other):
        return isinstance(other, UUID) and other._u == self._u

    def hashCode(self):
        h = (self._u.int >> 64) ^ (self._u.int & 0xFFFFFFFFFFFFFFFF)
        return ((h >> 32) ^ h) & 0x7FFFFFFF

    __eq__ = equals

    def __ne__(self, other):
        return not self.equals(other)

    def __lt__(self, other):
        return self.compareTo(other) < 0

    def __hash__(self):
        return hash(self._u)

    def __str__(self):
        return str(self._u)

    def __repr__(self):
        return str(self._u)

    def __reduce__(self):
        return (UUID.fromString, (str(self._u),))


_lock = threading.Lock()
