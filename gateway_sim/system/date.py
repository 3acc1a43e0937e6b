"""``system.date``: ``java.util.Date`` values in the gateway's time zone.

Time comes from the current gateway's clock (virtual clocks and freezegun are
seen by ``now()``). The zone is the process's local zone (``TZ`` honoured).
Months are 0-based and ``getDayOfWeek`` has 1 = Sunday, as in Java's Calendar.
``addDays/addWeeks/addMonths/addYears`` keep the wall-clock time across DST
(Calendar field arithmetic); ``addHours`` and smaller add absolute time.
Formatting uses Java ``SimpleDateFormat`` patterns (the real class on Jython).
Single-source 2.7/3.x. May import: ``gateway_sim`` core, ``gateway_sim.java._timefmt``
and (CPython) ``gateway_sim.java.text``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import jvm, runtime
from gateway_sim._compat import IS_JYTHON, integer_types, long_type, string_types
from gateway_sim.java import _timefmt
from gateway_sim import catalog as _catalog
from gateway_sim.registry import declare_missing, implements

DEFAULT_FORMAT = "yyyy-MM-dd HH:mm:ss"
_DAY_MS = 86400000


def _ms(fn, date, pos="1st"):
    get = getattr(date, "getTime", None)
    if get is None or not callable(get):
        raise TypeError("%s(): %s arg can't be coerced to java.util.Date (got %s); make one "
                        "with system.date.now(), fromMillis(ms) or parse(text, pattern)"
                        % (fn, pos, type(date).__name__))
    return int(get())


def _int(fn, value, pos="2nd"):
    if isinstance(value, bool) or not isinstance(value, integer_types + (float,)):
        raise TypeError("%s(): %s arg can't be coerced to int (got %r)" % (fn, pos, value))
    return int(value)


def _date(ms):
    return jvm.Date(long_type(ms))


def _fields(ms):
    lt = _timefmt.fields(ms)
    return [lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec, ms % 1000]


def _add_wall(ms, years=0, months=0, days=0):
    y, mo, d, h, mi, s, milli = _fields(ms)
    if years or months:
        total = (y * 12 + (mo - 1)) + years * 12 + months
        y, mo = total // 12, total % 12 + 1
        d = min(d, _timefmt.days_in_month(y, mo))  # Calendar clamps to the last valid day
    return _timefmt.make_ms(y, mo, d + days, h, mi, s, milli)


# --- now / conversion -------------------------------------------------------------------
@implements("system.date.now")
def now():
    """The current time of the gateway clock as a Date."""
    return _date(runtime.current().clock.now_ms())


@implements("system.date.fromMillis")
def fromMillis(millis):
    """A Date from epoch milliseconds."""
    return _date(_int("fromMillis", millis, "1st"))


@implements("system.date.toMillis")
def toMillis(date):
    """Epoch milliseconds of ``date`` (a Java long)."""
    return long_type(_ms("toMillis", date))


# --- arithmetic ---------------------------------------------------------------------------
def _abs_adder(name, unit_ms):
    def add(date, value):
        return _date(_ms(name, date) + _int(name, value) * unit_ms)
    add.__name__ = name
    add.__doc__ = "A new Date ``value`` %s later (negative goes back)." % name[3:].lower()
    return implements("system.date." + name)(add)


addMillis = _abs_adder("addMillis", 1)
addSeconds = _abs_adder("addSeconds", 1000)
addMinutes = _abs_adder("addMinutes", 60000)
addHours = _abs_adder("addHours", 3600000)


@implements("system.date.addDays")
def addDays(date, value):
    """A new Date ``value`` calendar days later (same wall-clock time across DST)."""
    return _date(_add_wall(_ms("addDays", date), days=_int("addDays", value)))


@implements("system.date.addWeeks")
def addWeeks(date, value):
    """A new Date ``value`` weeks later (same wall-clock time)."""
    return _date(_add_wall(_ms("addWeeks", date), days=7 * _int("addWeeks", value)))


@implements("system.date.addMonths")
def addMonths(date, value):
    """A new Date ``value`` months later; the day is clamped to the month's last day."""
    return _date(_add_wall(_ms("addMonths", date), months=_int("addMonths", value)))


@implements("system.date.addYears")
def addYears(date, value):
    """A new Date ``value`` years later (Feb 29 becomes Feb 28 in common years)."""
    return _date(_add_wall(_ms("addYears", date), years=_int("addYears", value)))


# --- differences ------------------------------------------------------------------------------
def _trunc_div(a, b):
    q = abs(a) // b
    return q if a >= 0 else -q


def _between(name, unit_ms):
    def between(date_1, date_2):
        return _trunc_div(_ms(name, date_2, "2nd") - _ms(name, date_1), unit_ms)
    between.__name__ = name
    between.__doc__ = "Whole %s from date_1 to date_2 (negative if date_2 is earlier)." % name[:-7]
    return implements("system.date." + name)(between)


millisBetween = _between("millisBetween", 1)
secondsBetween = _between("secondsBetween", 1000)
minutesBetween = _between("minutesBetween", 60000)
hoursBetween = _between("hoursBetween", 3600000)


def _count_steps(a, b, step):
    """Largest n (signed) with step(a, n) not past b."""
    if a == b:
        return 0
    sign = 1 if b > a else -1
    n = 0
    # jump close with an estimate, then walk; keeps it exact across DST and month ends
    while True:
        nxt = step(a, n + sign)
        if (sign > 0 and nxt > b) or (sign < 0 and nxt < b):
            return n
        n += sign


@implements("system.date.daysBetween")
def daysBetween(date_1, date_2):
    """Whole calendar days from date_1 to date_2 (signed)."""
    a, b = _ms("daysBetween", date_1), _ms("daysBetween", date_2, "2nd")
    est = _trunc_div(b - a, _DAY_MS)
    base = _add_wall(a, days=est - (1 if est > 0 else -1 if est < 0 else 0))
    start = est - (1 if est > 0 else -1 if est < 0 else 0)
    return start + _count_steps(base, b, lambda x, n: _add_wall(x, days=n))


@implements("system.date.weeksBetween")
def weeksBetween(date_1, date_2):
    """Whole weeks from date_1 to date_2 (signed)."""
    return _trunc_div(daysBetween(date_1, date_2), 7)


@implements("system.date.monthsBetween")
def monthsBetween(date_1, date_2):
    """Whole months from date_1 to date_2 (signed)."""
    a, b = _ms("monthsBetween", date_1), _ms("monthsBetween", date_2, "2nd")
    fa, fb = _fields(a), _fields(b)
    est = (fb[0] - fa[0]) * 12 + (fb[1] - fa[1])
    est = est - (1 if est > 0 else -1 if est < 0 else 0)
    return est + _count_steps(_add_wall(a, months=est), b,
                              lambda x, n: _add_wall(a, months=est + n))


@implements("system.date.yearsBetween")
def yearsBetween(date_1, date_2):
    """Whole years from date_1 to date_2 (signed)."""
    m = monthsBetween(date_1, date_2)
    return _trunc_div(m, 12)


# --- fields -----------------------------------------------------------------------------------
def _field_getter(name, fn, doc):
    def getter(date):
        return fn(_ms(name, date))
    getter.__name__ = name
    getter.__doc__ = doc
    return implements("system.date." + name)(getter)


getMillis = _field_getter("getMillis", lambda ms: ms % 1000, "Milliseconds 0-999.")
getSecond = _field_getter("getSecond", lambda ms: _timefmt.fields(ms).tm_sec, "Seconds 0-59.")
getMinute = _field_getter("getMinute", lambda ms: _timefmt.fields(ms).tm_min, "Minutes 0-59.")
getHour24 = _field_getter("getHour24", lambda ms: _timefmt.fields(ms).tm_hour, "Hour 0-23.")
getHour12 = _field_getter("getHour12", lambda ms: _timefmt.fields(ms).tm_hour % 12,
                          "Hour on a 12-hour clock, 0-11 (noon and midnight are 0).")
getAMorPM = _field_getter("getAMorPM", lambda ms: 0 if _timefmt.fields(ms).tm_hour < 12 else 1,
                          "0 for AM, 1 for PM.")
getDayOfWeek = _field_getter("getDayOfWeek", lambda ms: (_timefmt.fields(ms).tm_wday + 1) % 7 + 1,
                             "Day of the week, 1 = Sunday ... 7 = Saturday.")
getDayOfMonth = _field_getter("getDayOfMonth", lambda ms: _timefmt.fields(ms).tm_mday,
                              "Day of the month, 1-31.")
getDayOfYear = _field_getter("getDayOfYear", lambda ms: _timefmt.fields(ms).tm_yday,
                             "Day of the year, 1-366.")
getMonth = _field_getter("getMonth", lambda ms: _timefmt.fields(ms).tm_mon - 1,
                         "Month, 0-based (January = 0), as Java's Calendar.")
getQuarter = _field_getter("getQuarter", lambda ms: (_timefmt.fields(ms).tm_mon - 1) // 3 + 1,
                           "Quarter of the year, 1-4.")
getYear = _field_getter("getYear", lambda ms: _timefmt.fields(ms).tm_year, "The year.")


# --- construction ---------------------------------------------------------------------------------
@implements("system.date.getDate")
def getDate(year, month, day):
    """Midnight of year/month/day; ``month`` is 0-based (lenient: overflow rolls over)."""
    y, m, d = (_int("getDate", year, "1st"), _int("getDate", month, "2nd"),
               _int("getDate", day, "3rd"))
    return _date(_timefmt.make_ms(y, m + 1, d))


@implements("system.date.midnight")
def midnight(date):
    """The same day at 00:00:00.000."""
    f = _fields(_ms("midnight", date))
    return _date(_timefmt.make_ms(f[0], f[1], f[2]))


@implements("system.date.setTime")
def setTime(date, hour, minute, second):
    """The same day at hour:minute:second (milliseconds kept, like Calendar.set)."""
    f = _fields(_ms("setTime", date))
    return _date(_timefmt.make_ms(f[0], f[1], f[2], _int("setTime", hour), _int("setTime", minute, "3rd"),
                                  _int("setTime", second, "4th"), f[6]))


# --- comparison -------------------------------------------------------------------------------------
@implements("system.date.isAfter")
def isAfter(date_1, date_2):
    """True if date_1 is after date_2."""
    return _ms("isAfter", date_1) > _ms("isAfter", date_2, "2nd")


@implements("system.date.isBefore")
def isBefore(date_1, date_2):
    """True if date_1 is before date_2."""
    return _ms("isBefore", date_1) < _ms("isBefore", date_2, "2nd")


@implements("system.date.isBetween")
def isBetween(target_date, start_date, end_date):
    """True if start <= target <= end (inclusive)."""
    t = _ms("isBetween", target_date)
    return _ms("isBetween", start_date, "2nd") <= t <= _ms("isBetween", end_date, "3rd")


# --- zone -------------------------------------------------------------------------------------------
@implements("system.date.getTimezone")
def getTimezone():
    """The gateway's time zone id, e.g. ``America/Chicago`` or ``UTC``."""
    runtime.current()
    return _timefmt.tz_id()


@implements("system.date.getTimezoneOffset")
def getTimezoneOffset(date=None):
    """The zone's offset from UTC in hours (float) at ``date`` (now by default), DST included."""
    ms = _ms("getTimezoneOffset", date) if date is not None else runtime.current().clock.now_ms()
    return _timefmt.offset_seconds(ms) / 3600.0


@implements("system.date.getTimezoneRawOffset")
def getTimezoneRawOffset():
    """The zone's standard (non-DST) offset from UTC in hours (float)."""
    runtime.current()
    return _timefmt.raw_offset_seconds() / 3600.0


@implements("system.date.isDaylightTime")
def isDaylightTime(date=None):
    """True if DST is in effect at ``date`` (now by default)."""
    ms = _ms("isDaylightTime", date) if date is not None else runtime.current().clock.now_ms()
    return _timefmt.is_dst(ms)


# --- text ---------------------------------------------------------------------------------------------
def _formatter(fn, pattern):
    if not isinstance(pattern, string_types):
        raise TypeError("%s(): format must be a string pattern like %r, got %r"
                        % (fn, DEFAULT_FORMAT, pattern))
    if IS_JYTHON:  # pragma: no cover
        from java.text import SimpleDateFormat
    else:
        from gateway_sim.java.text import SimpleDateFormat
    try:
        return SimpleDateFormat(pattern)
    except jvm.IllegalArgumentException as exc:
        raise jvm.make_java_exception(
            jvm.IllegalArgumentException,
            "%s(): bad date pattern %r: %s (Java SimpleDateFormat letters such as yyyy MM dd "
            "HH mm ss SSS a EEE z; quote literal text like 'T')" % (fn, pattern, exc.getMessage()))


@implements("system.date.format")
def format(date, format=DEFAULT_FORMAT):  # noqa: A001,A002 - Ignition's names
    """``date`` as text with a Java SimpleDateFormat pattern."""
    ms = _ms("format", date)
    return _formatter("format", format).format(jvm.Date(long_type(ms)))


@implements("system.date.parse")
def parse(dateString, formatString=DEFAULT_FORMAT, locale=None):
    """Parse text with a Java SimpleDateFormat pattern; raises java.text.ParseException."""
    if not isinstance(dateString, string_types):
        raise TypeError("parse(): 1st arg can't be coerced to String (got %r)" % (dateString,))
    return _formatter("parse", formatString).parse(dateString)


declare_missing(globals(), "system.date", _catalog.names("system.date"))
