"""``java.util`` odds and ends: ``Random``, ``Objects``, ``TimeZone``, ``Locale``.

May import: the standard library and ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import random as _random

from gateway_sim.java import _timefmt
from gateway_sim.java.lang import NullPointerException, Object


class Random(Object):
    _java_name = "java.util.Random"

    def __init__(self, seed=None):
        self._r = _random.Random(seed)

    def nextInt(self, bound=None):
        if bound is None:
            return self._r.randint(-2 ** 31, 2 ** 31 - 1)
        return self._r.randrange(bound)

    def nextLong(self):
        return self._r.randint(-2 ** 63, 2 ** 63 - 1)

    def nextDouble(self):
        return self._r.random()

    def nextBoolean(self):
        return self._r.random() < 0.5

    def nextGaussian(self):
        return self._r.gauss(0.0, 1.0)


class Objects(object):
    @staticmethod
    def equals(a, b):
        return a is b or (a is not None and a == b)

    @staticmethod
    def isNull(a):
        return a is None

    @staticmethod
    def nonNull(a):
        return a is not None

    @staticmethod
    def requireNonNull(a, message=None):
        if a is None:
            raise NullPointerException(message)
        return a

    @staticmethod
    def hash(*values):
        return hash(tuple(values)) & 0x7FFFFFFF

    @staticmethod
    def toString(a, default="null"):
        return default if a is None else str(a)


class TimeZone(Object):
    """The gateway's (process's) zone: ``getDefault()``, ``getID()``, offsets in ms."""

    _java_name = "java.util.TimeZone"

    @staticmethod
    def getDefault():
        return TimeZone()

    def getID(self):
        return _timefmt.tz_id()

    def getRawOffset(self):
        return _timefmt.raw_offset_seconds() * 1000

    def getOffset(self, millis):
        return _timefmt.offset_seconds(millis) * 1000

    def inDaylightTime(self, date):
        return _timefmt.is_dst(date.getTime())

    def useDaylightTime(self):
        import time
        return bool(time.daylight)

    def toString(self):
        return self.getID()


class Locale(Object):
    _java_name = "java.util.Locale"

    def __init__(self, language="en", country="US"):
        self.language, self.country = language, country

    @staticmethod
    def getDefault():
        return Locale()

    def toString(self):
        return "%s_%s" % (self.language, self.country) if self.country else self.language


Locale.US = Locale("en", "US")
Locale.ENGLISH = Locale("en", "")
Locale.ROOT = Locale("", "")
