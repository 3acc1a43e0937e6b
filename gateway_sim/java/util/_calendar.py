"""``java.util.Calendar`` / ``GregorianCalendar`` in the gateway's time zone.

What scripts do with it: ``Calendar.getInstance()`` (now, from the gateway clock),
``get``/``set``/``add`` of the date and time fields, ``set(y, m, d[, h, mi[, s]])``,
``getTime``/``setTime``/``getTimeInMillis``, ``getActualMaximum(DAY_OF_MONTH)``,
``clear()``, ``before``/``after``/``compareTo``. Java's rules kept: months are 0-based,
``DAY_OF_WEEK`` is 1 (Sunday)..7, ``set`` is lenient (``set(DATE, 32)`` rolls into the
next month), ``add(MONTH, 1)`` on Jan 31 gives the last day of February, ``add(DATE, n)``
keeps the wall-clock time across DST changes, ``HOUR``/``MINUTE``/... add absolute time.
Weeks follow the US defaults (first day Sunday, minimal days in first week 1) whatever the
locale (unverified for other locales). ``set`` of ``WEEK_OF_YEAR``/``WEEK_OF_MONTH``/
``DAY_OF_WEEK_IN_MONTH``/``ERA``/zone fields, ``roll`` and other time zones raise
``NotImplementedInSimulator`` naming the call. May import: the standard library,
``gateway_sim.java``, ``gateway_sim.errors`` (lazily).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import integer_types
from gateway_sim.java import _timefmt
from gateway_sim.java.lang import IllegalArgumentException, Object, System
from gateway_sim.java.util._date import Date

(ERA, YEAR, MONTH, WEEK_OF_YEAR, WEEK_OF_MONTH, DATE, DAY_OF_YEAR, DAY_OF_WEEK,
 DAY_OF_WEEK_IN_MONTH, AM_PM, HOUR, HOUR_OF_DAY, MINUTE, SECOND, MILLISECOND, ZONE_OFFSET,
 DST_OFFSET) = range(17)
_FIELD_NAMES = ("ERA", "YEAR", "MONTH", "WEEK_OF_YEAR", "WEEK_OF_MONTH", "DAY_OF_MONTH",
                "DAY_OF_YEAR", "DAY_OF_WEEK", "DAY_OF_WEEK_IN_MONTH", "AM_PM", "HOUR",
                "HOUR_OF_DAY", "MINUTE", "SECOND", "MILLISECOND", "ZONE_OFFSET", "DST_OFFSET")
_MS = {MILLISECOND: 1, SECOND: 1000, MINUTE: 60000, HOUR: 3600000, HOUR_OF_DAY: 3600000,
       AM_PM: 43200000}


def _gap(what):
    from gateway_sim.errors import NotImplementedInSimulator
    return NotImplementedInSimulator("java.util.Calendar." + what)


def _field(f):
    if not isinstance(f, int) or isinstance(f, bool) or not 0 <= f < len(_FIELD_NAMES):
        raise IllegalArgumentException("unknown Calendar field %r; use a constant such as "
                                       "Calendar.DAY_OF_MONTH" % (f,))
    return f


class Calendar(Object):
    """A mutable point in time with calendar fields (the GregorianCalendar rules)."""

    _java_name = "java.util.GregorianCalendar"
    (ERA, YEAR, MONTH, WEEK_OF_YEAR, WEEK_OF_MONTH, DATE, DAY_OF_MONTH, DAY_OF_YEAR, DAY_OF_WEEK,
     DAY_OF_WEEK_IN_MONTH, AM_PM, HOUR, HOUR_OF_DAY, MINUTE, SECOND, MILLISECOND, ZONE_OFFSET,
     DST_OFFSET) = (ERA, YEAR, MONTH, WEEK_OF_YEAR, WEEK_OF_MONTH, DATE, DATE, DAY_OF_YEAR,
                    DAY_OF_WEEK, DAY_OF_WEEK_IN_MONTH, AM_PM, HOUR, HOUR_OF_DAY, MINUTE, SECOND,
                    MILLISECOND, ZONE_OFFSET, DST_OFFSET)
    (JANUARY, FEBRUARY, MARCH, APRIL, MAY, JUNE, JULY, AUGUST, SEPTEMBER, OCTOBER, NOVEMBER,
     DECEMBER) = range(12)
    SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY = range(1, 8)
    AM, PM = 0, 1
    BC, AD = 0, 1

    def __init__(self, *args):
        self._ms = System.currentTimeMillis()
        if args and len(args) <= 2 and not isinstance(args[0], integer_types):
            # GregorianCalendar(TimeZone), (Locale), (TimeZone, Locale): now, in that zone
            zone = args[0] if hasattr(args[0], "getRawOffset") else None
            if zone is not None and not _gateway_zone(zone):
                raise _gap("GregorianCalendar(TimeZone) for a zone other than the gateway's")
            return
        if args:
            if len(args) not in (3, 5, 6):
                raise TypeError("GregorianCalendar(year, month, dayOfMonth[, hourOfDay, minute"
                                "[, second]]), got %d arguments" % len(args))
            parts = list(args) + [0] * (6 - len(args))
            self._ms = _timefmt.make_ms(parts[0], parts[1] + 1, parts[2], parts[3], parts[4],
                                        parts[5], 0)

    @staticmethod
    def getInstance(zone=None, locale=None):
        if zone is not None and not hasattr(zone, "getRawOffset"):
            zone = None  # getInstance(Locale): the locale does not change the fields here
        if zone is not None and not _gateway_zone(zone):
            raise _gap("getInstance(TimeZone) for a zone other than the gateway's")
        return GregorianCalendar()

    # --- time ---------------------------------------------------------------------
    def getTime(self):
        return Date(self._ms)

    def setTime(self, date):
        self._ms = date.getTime()

    def getTimeInMillis(self):
        return self._ms

    def setTimeInMillis(self, millis):
        self._ms = int(millis)

    def getTimeZone(self):
        from gateway_sim.java.util._misc import TimeZone
        return TimeZone.getDefault()

    def setTimeZone(self, zone):
        if not _gateway_zone(zone):
            raise _gap("setTimeZone for a zone other than the gateway's")

    def getFirstDayOfWeek(self):
        return Calendar.SUNDAY

    def getMinimalDaysInFirstWeek(self):
        return 1

    # --- fields -------------------------------------------------------------------
    def _parts(self):
        lt = _timefmt.fields(self._ms)
        return [lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec,
                self._ms % 1000]

    def _from_parts(self, p):
        self._ms = _timefmt.make_ms(p[0], p[1], p[2], p[3], p[4], p[5], p[6])

    def _dow(self):
        lt = _timefmt.fields(self._ms)
        return (lt.tm_wday + 1) % 7 + 1          # Python Monday=0 -> Java Sunday=1

    def get(self, field):
        f = _field(field)
        y, m, d, hh, mi, ss, ms = self._parts()
        if f == ERA:
            return Calendar.AD if y > 0 else Calendar.BC
        if f == YEAR:
            return y
        if f == MONTH:
            return m - 1
        if f == DATE:
            return d
        if f == DAY_OF_YEAR:
            return _timefmt.fields(self._ms).tm_yday
        if f == DAY_OF_WEEK:
            return self._dow()
        if f == DAY_OF_WEEK_IN_MONTH:
            return (d - 1) // 7 + 1
        if f == WEEK_OF_MONTH:
            first_dow = (self._dow() - (d - 1)) % 7 or 7   # weekday of the 1st (1..7)
            return (d + first_dow - 2) // 7 + 1
        if f == WEEK_OF_YEAR:
            return self._week_of_year(y)
        if f == AM_PM:
            return Calendar.PM if hh >= 12 else Calendar.AM
        if f == HOUR:
            return hh % 12
        if f == HOUR_OF_DAY:
            return hh
        if f == MINUTE:
            return mi
        if f == SECOND:
            return ss
        if f == MILLISECOND:
            return ms
        offset = _timefmt.offset_seconds(self._ms) * 1000
        raw = _timefmt.raw_offset_seconds() * 1000
        return raw if f == ZONE_OFFSET else offset - raw

    def _week_of_year(self, y):
        doy = _timefmt.fields(self._ms).tm_yday
        jan1 = (self._dow() - (doy - 1)) % 7 or 7           # weekday of Jan 1 (1..7)
        week = (doy + jan1 - 2) // 7 + 1
        # the week holding Dec 31 that spills into the next year is week 1 of that year
        dec31 = _timefmt.days_from_civil(y, 12, 31) - _timefmt.days_from_civil(y, 1, 1) + 1
        days_left_in_week = 7 - ((doy + jan1 - 2) % 7) - 1
        if doy + days_left_in_week > dec31 and week > 1:
            return 1
        return week

    def set(self, *args):
        if len(args) in (3, 5, 6):
            p = self._parts()
            vals = list(args)
            p[0], p[1], p[2] = vals[0], vals[1] + 1, vals[2]
            if len(vals) >= 5:
                p[3], p[4] = vals[3], vals[4]
            if len(vals) == 6:
                p[5] = vals[5]
            self._from_parts(p)
            return
        if len(args) != 2:
            raise TypeError("Calendar.set(field, value) or set(year, month, date[, hourOfDay, "
                            "minute[, second]]), got %d arguments" % len(args))
        f, value = _field(args[0]), int(args[1])
        p = self._parts()
        if f == YEAR:
            p[0] = value
        elif f == MONTH:
            p[1] = value + 1
        elif f == DATE:
            p[2] = value
        elif f == DAY_OF_YEAR:
            p[1], p[2] = 1, value
        elif f == DAY_OF_WEEK:
            p[2] += value - self._dow()
        elif f == HOUR_OF_DAY:
            p[3] = value
        elif f == HOUR:
            p[3] = (12 if p[3] >= 12 else 0) + value
        elif f == AM_PM:
            p[3] = p[3] % 12 + (12 if value else 0)
        elif f == MINUTE:
            p[4] = value
        elif f == SECOND:
            p[5] = value
        elif f == MILLISECOND:
            p[6] = value
        else:
            raise _gap("set(%s, value)" % _FIELD_NAMES[f])
        self._from_parts(p)

    def add(self, field, amount):
        f, amount = _field(field), int(amount)
        if f in _MS:
            self._ms += amount * _MS[f]
            return
        p = self._parts()
        if f in (YEAR, MONTH):
            months = p[0] * 12 + (p[1] - 1) + (amount * 12 if f == YEAR else amount)
            p[0], p[1] = months // 12, months % 12 + 1
            p[2] = min(p[2], _timefmt.days_in_month(p[0], p[1]))
        elif f in (DATE, DAY_OF_YEAR, DAY_OF_WEEK):
            p[2] += amount
        elif f in (WEEK_OF_YEAR, WEEK_OF_MONTH, DAY_OF_WEEK_IN_MONTH):
            p[2] += 7 * amount
        else:
            raise _gap("add(%s, amount)" % _FIELD_NAMES[f])
        self._from_parts(p)

    def getActualMaximum(self, field):
        f = _field(field)
        y, m = self._parts()[:2]
        if f == DATE:
            return _timefmt.days_in_month(y, m)
        if f == DAY_OF_YEAR:
            return 366 if _timefmt.days_in_month(y, 2) == 29 else 365
        return self.getMaximum(f)

    def getActualMinimum(self, field):
        return self.getMinimum(field)

    def getMaximum(self, field):
        f = _field(field)
        table = {MONTH: 11, DATE: 31, DAY_OF_YEAR: 366, DAY_OF_WEEK: 7, AM_PM: 1, HOUR: 11,
                 HOUR_OF_DAY: 23, MINUTE: 59, SECOND: 59, MILLISECOND: 999, WEEK_OF_YEAR: 53,
                 WEEK_OF_MONTH: 6, DAY_OF_WEEK_IN_MONTH: 6}
        if f not in table:
            raise _gap("getMaximum(%s)" % _FIELD_NAMES[f])
        return table[f]

    def getMinimum(self, field):
        f = _field(field)
        return 1 if f in (DATE, DAY_OF_YEAR, DAY_OF_WEEK, WEEK_OF_YEAR, DAY_OF_WEEK_IN_MONTH) else 0

    def clear(self):
        """All fields unset: 1970-01-01 00:00:00.000 local time (Java's defaults)."""
        self._ms = _timefmt.make_ms(1970, 1, 1)

    def roll(self, field, amount):
        raise _gap("roll(field, amount)")

    # --- comparisons ----------------------------------------------------------------
    def before(self, other):
        return isinstance(other, Calendar) and self._ms < other._ms

    def after(self, other):
        return isinstance(other, Calendar) and self._ms > other._ms

    def compareTo(self, other):
        return -1 if self._ms < other._ms else (1 if self._ms > other._ms else 0)

    def equals(self, other):
        return isinstance(other, Calendar) and other._ms == self._ms

    def __eq__(self, other):
        return self.equals(other)

    def __ne__(self, other):
        return not self.equals(other)

    __hash__ = None

    def clone(self):
        c = GregorianCalendar()
        c._ms = self._ms
        return c

    def toString(self):
        return "java.util.GregorianCalendar[time=%d]" % self._ms


class GregorianCalendar(Calendar):
    """``GregorianCalendar()``, ``GregorianCalendar(year, month, day[, hour, minute[, second]])``."""

    @staticmethod
    def isLeapYear(year):
        return _timefmt.days_in_month(year, 2) == 29


def _gateway_zone(zone):
    """True if ``zone`` keeps the gateway's clock: its id, or an alias with the same
    offsets all year (``UTC`` on a gateway in ``Etc/UTC``). Calendars here compute
    fields in the gateway's zone only."""
    if zone.getID() == _timefmt.tz_id():
        return True
    import calendar
    import time
    year = time.gmtime().tm_year
    probes = [calendar.timegm((year, m, 1, 0, 0, 0)) * 1000 for m in range(1, 13)]
    return all(zone.getOffset(ms) == _timefmt.offset_seconds(ms) * 1000 for ms in probes)
