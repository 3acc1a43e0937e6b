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
    """``java.util.TimeZone``: the gateway's (process's) zone from ``getDefault()``, any
    IANA zone or custom ``GMT+hh:mm`` id from ``getTimeZone(id)``; offsets in ms.

    As in Java, an id that cannot be understood gives the ``GMT`` zone (no error).
    Named zones use the IANA database of CPython's ``zoneinfo``."""

    _java_name = "java.util.TimeZone"

    def __init__(self, zone_id=None, fixed_seconds=None):
        self._id = zone_id           # None: the gateway's own zone
        self._fixed = fixed_seconds  # a custom GMT+hh:mm / UTC / GMT zone
        self._zone = None
        if zone_id is not None and fixed_seconds is None:
            self._zone = _named_zone(zone_id)

    @staticmethod
    def getDefault():
        return TimeZone()

    @staticmethod
    def getTimeZone(ID):
        if ID is None:
            raise NullPointerException("TimeZone.getTimeZone(null): pass a zone id such as "
                                       "'America/Chicago' or 'GMT+02:00'")
        zid = ID.getId() if hasattr(ID, "getId") else ID  # a java.time.ZoneId works too
        zid = str(zid).strip()
        fixed = _custom_offset(zid)
        if fixed is not None:
            return TimeZone(fixed[0], fixed[1])
        if _named_zone(zid) is None:
            return TimeZone("GMT", 0)
        return TimeZone(zid)

    @staticmethod
    def getAvailableIDs():
        try:
            import zoneinfo
            return sorted(zoneinfo.available_timezones())
        except ImportError:
            return ["GMT", "UTC"]

    def getID(self):
        return self._id if self._id is not None else _timefmt.tz_id()

    def _offset_seconds(self, millis, dst=True):
        if self._id is None:
            if dst:
                return _timefmt.offset_seconds(millis)
            return _timefmt.raw_offset_seconds()
        if self._fixed is not None:
            return self._fixed
        import datetime
        at = datetime.datetime.fromtimestamp(millis / 1000.0, self._zone)
        off = at.utcoffset().total_seconds()
        if not dst:
            off -= (at.dst() or datetime.timedelta(0)).total_seconds()
        return int(off)

    def getRawOffset(self):
        import time
        return self._offset_seconds(int(time.time() * 1000), dst=False) * 1000

    def getOffset(self, millis):
        return self._offset_seconds(millis) * 1000

    def inDaylightTime(self, date):
        ms = date.getTime()
        return self._offset_seconds(ms) != self._offset_seconds(ms, dst=False)

    def useDaylightTime(self):
        if self._id is None:
            import time
            return bool(time.daylight)
        if self._fixed is not None:
            return False
        import calendar
        import time
        year = time.gmtime().tm_year
        jan = calendar.timegm((year, 1, 1, 0, 0, 0)) * 1000
        jul = calendar.timegm((year, 7, 1, 0, 0, 0)) * 1000
        return self.getOffset(jan) != self.getOffset(jul)

    def hasSameRules(self, other):
        return isinstance(other, TimeZone) and self.getID() == other.getID()

    def equals(self, other):
        return self.hasSameRules(other)

    def hashCode(self):
        return hash(self.getID()) & 0x7FFFFFFF

    def toString(self):
        return self.getID()


def _named_zone(zid):
    """The ``zoneinfo`` zone for an IANA id, or None if unknown."""
    try:
        import zoneinfo
    except ImportError:
        return None
    if not zid or zid.startswith("/") or ".." in zid:
        return None
    try:
        return zoneinfo.ZoneInfo(zid)
    except (ValueError, LookupError, OSError):
        return None


def _custom_offset(zid):
    """(normalised id, seconds) for ``GMT``/``UTC`` and Java's custom ``GMT+h[h][[:]mm]``."""
    import re
    if zid in ("GMT", "UTC"):
        return zid, 0
    m = re.match(r"^GMT([+-])(\d{1,2})(?::?(\d{2}))?$", zid)
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 23 or minutes > 59:
        return None
    sign = 1 if m.group(1) == "+" else -1
    return ("GMT%s%02d:%02d" % (m.group(1), hours, minutes),
            sign * (hours * 3600 + minutes * 60))


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
