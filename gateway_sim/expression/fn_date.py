"""Date and Time functions.

``now([pollRate])`` reads the gateway clock (default poll 1000 ms; 0 = evaluate
once); the ``get*``/``add*``/``*Between``/``midnight``/``setTime``...
functions share ``system.date``'s implementation (Java Calendar rules, gateway
time zone, 0-based months). The comparisons are the manual's expression names,
not ``system.date``'s (``isAfter``/``isBefore``/``isBetween``/``isDaylightTime`` are
script functions only; the 8.1 and 8.3 Date and Time index has no such expression
function, so a gateway reports them unknown): ``dateIsAfter(date1, date2)`` and
``dateIsBefore(date1, date2)`` are exclusive (equal dates give false),
``dateIsBetween(targetDate, startDate, endDate)`` is inclusive (a start after the
end holds nothing, unverified), ``dateIsDaylight([date])`` tells whether the
gateway's time zone observes daylight saving time at ``date`` (the gateway clock's
now when omitted). ``dateDiff(d1, d2, field)`` is a float of (d2 - d1)
in ``field`` units; for months/years the difference of the calendar fields
(2008-2-24 to 2008-3-12 is 1 month, the manual's example); ``dateArithmetic(date,
amount, field)`` and ``dateExtract(date, field)`` take the manual's field names
(``ms sec second min minute hr hour day week month year``, plus ``dayofweek``
and ``dayofyear`` for dateExtract; a trailing ``s`` is accepted, as the
manual's own example writes ``"days"``). ``dateFormat`` uses SimpleDateFormat
patterns. ``timeBetween(date, startDate, endDate)`` takes dates or text (see
``_time_between``).
May import: stdlib, siblings, ``gateway_sim.jvm``, ``gateway_sim.system.date``
(lazily), ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim._compat import string_types
from gateway_sim.expression.ast import ExprError, _num, text
from gateway_sim.expression.fn_cast import to_date


def _sd():
    from gateway_sim.system import date as sd
    return sd


def _now(ctx, rate=1000):
    from gateway_sim import jvm
    ctx.note_poll(int(_num(rate, "now")))
    return jvm.Date(ctx.now_ms())


def _date_arg(v, fn):
    if v is None:
        raise ExprError("%s(): the date is null" % fn)
    if hasattr(v, "getTime"):
        return v
    return to_date(v)


def _via(name, ndates):
    """An expression function backed by ``system.date.<name>``; the first
    ``ndates`` arguments are cast to dates (text and epoch ms are accepted)."""
    def fn(ctx, *args):
        args = list(args)
        for i in range(min(ndates, len(args))):
            args[i] = _date_arg(args[i], name)
        for i in range(ndates, len(args)):
            if args[i] is None:
                raise ExprError("%s(): argument %d is null" % (name, i + 1))
            if not isinstance(args[i], (int, float)) or isinstance(args[i], bool):
                args[i] = int(_num(args[i], name))
        return getattr(_sd(), name)(*args)
    fn.__name__ = str(name)
    return fn


_UNITS_MS = {"ms": 1, "millis": 1, "sec": 1000, "second": 1000, "min": 60000, "minute": 60000,
             "hr": 3600000, "hour": 3600000, "day": 86400000, "week": 604800000}


def _field(field, fn, allowed):
    f = text(field).strip().lower()
    if f not in allowed and f.endswith("s") and f[:-1] in allowed:
        f = f[:-1]
    if f not in allowed:
        raise ExprError("%s(): unknown field %r; use one of %s" % (fn, field, ", ".join(allowed)))
    return f


_DIFF_FIELDS = ("ms", "second", "sec", "minute", "min", "hour", "hr", "day", "week", "month", "year")


def _date_diff(ctx, d1, d2, field):
    a, b = _date_arg(d1, "dateDiff"), _date_arg(d2, "dateDiff")
    f = _field(field, "dateDiff", _DIFF_FIELDS)
    if f in ("month", "year"):
        # calendar-field difference: the manual's 2008-2-24 -> 2008-3-12 is 1 month
        sd = _sd()
        years = sd.getYear(b) - sd.getYear(a)
        if f == "year":
            return float(years)
        return float(years * 12 + sd.getMonth(b) - sd.getMonth(a))
    return (b.getTime() - a.getTime()) / float(_UNITS_MS[f])


def _date_arithmetic(ctx, date, amount, field):
    d = _date_arg(date, "dateArithmetic")
    f = _field(field, "dateArithmetic", _DIFF_FIELDS)
    n = int(_num(amount, "dateArithmetic"))
    sd = _sd()
    if f in ("day", "week", "month", "year"):
        return getattr(sd, "add%ss" % f.capitalize())(d, n)
    from gateway_sim import jvm
    return jvm.Date(d.getTime() + n * _UNITS_MS[f])


_EXTRACT = {
    "ms": "getMillis", "millis": "getMillis", "second": "getSecond", "sec": "getSecond",
    "minute": "getMinute", "min": "getMinute", "hour": "getHour24", "hr": "getHour24",
    "day": "getDayOfMonth", "month": "getMonth", "year": "getYear",
    "dayofweek": "getDayOfWeek", "dayofyear": "getDayOfYear",
}


def _date_extract(ctx, date, field):
    d = _date_arg(date, "dateExtract")
    f = _field(field, "dateExtract", tuple(_EXTRACT) + ("week",))
    if f == "week":
        from gateway_sim.java import _timefmt
        from gateway_sim.java.text import _week_of_year
        return _week_of_year(_timefmt.fields(d.getTime()))
    return getattr(_sd(), _EXTRACT[f])(d)


def _date_format(ctx, date, pattern):
    d = _date_arg(date, "dateFormat")
    return _sd().format(d, text(pattern))


def _from_millis(ctx, ms):
    from gateway_sim import jvm
    return jvm.Date(int(_num(ms, "fromMillis")))


def _to_millis(ctx, date):
    return int(_date_arg(date, "toMillis").getTime())


_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3}))?)?"
                      r"\s*(am|pm|a\.m\.|p\.m\.)?\s*$", re.I)


def _time_of_day_text(v, fn):
    """Milliseconds since midnight of a time-only text (``2:00:00 pm``, ``14:00``), or
    None if ``v`` is not one."""
    m = _TIME_RE.match(v)
    if m is None:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    sec = int(m.group(3) or 0)
    ms = int(m.group(4).ljust(3, "0")) if m.group(4) else 0
    ampm = (m.group(5) or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ExprError("%s(%r): the hour of a time with am/pm is 1-12" % (fn, v))
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or sec > 59:
        raise ExprError("%s(%r): not a time of day" % (fn, v))
    return ((hour * 60 + minute) * 60 + sec) * 1000 + ms


def _time_point(v, fn):
    """``("time", ms of day)`` for a time-only text, else ``("date", Date)``."""
    if isinstance(v, string_types):
        tod = _time_of_day_text(v, fn)
        if tod is not None:
            return "time", tod
    return "date", _date_arg(v, fn)


def _day_ms(d):
    from gateway_sim.java import _timefmt
    ms = d.getTime()
    f = _timefmt.fields(ms)
    return ((f.tm_hour * 60 + f.tm_min) * 60 + f.tm_sec) * 1000 + ms % 1000


def _time_between(ctx, date, start, end):
    """``timeBetween(date, startDate, endDate)``: true if ``date`` is between the two
    (manual, Date and Time: each a Date or text that "may include dates"; the examples
    hold for the rules here). All three dates (Date objects, or text toDate reads):
    the instants are compared. Any of them a time-only text (``"2:00:00 pm"``,
    ``"14:30"``): times of day are compared (a Date gives its time of day in the
    gateway's time zone) and a start after the end spans midnight (18:00 to 02:00
    holds 20:00 and 01:00). Unverified: which of these a gateway does beyond the
    manual's examples, the ends being inclusive (as ``dateIsBetween``), the text
    forms accepted (the manual: "parsed according to the default system culture";
    here toDate's ``yyyy-MM-dd HH:mm:ss`` and ``h:mm[:ss] [am|pm]``)."""
    pts = [_time_point(v, "timeBetween") for v in (date, start, end)]
    if all(k == "date" for k, _ in pts):
        t, a, b = [p.getTime() for _, p in pts]
        return a <= t <= b
    t, a, b = [p if k == "time" else _day_ms(p) for k, p in pts]
    if a <= b:
        return a <= t <= b
    return t >= a or t <= b


def _ms_of(v, fn):
    return _date_arg(v, fn).getTime()


def _date_is_after(ctx, date1, date2):
    return _ms_of(date1, "dateIsAfter") > _ms_of(date2, "dateIsAfter")


def _date_is_before(ctx, date1, date2):
    return _ms_of(date1, "dateIsBefore") < _ms_of(date2, "dateIsBefore")


def _date_is_between(ctx, target, start, end):
    t = _ms_of(target, "dateIsBetween")
    return _ms_of(start, "dateIsBetween") <= t <= _ms_of(end, "dateIsBetween")


_OMITTED = object()


def _date_is_daylight(ctx, date=_OMITTED):
    from gateway_sim.java import _timefmt
    ms = ctx.now_ms() if date is _OMITTED else _ms_of(date, "dateIsDaylight")
    return bool(_timefmt.is_dst(ms))


FUNCTIONS = {
    "now": _now,
    "timebetween": _time_between,
    "datediff": _date_diff,
    "datearithmetic": _date_arithmetic,
    "dateextract": _date_extract,
    "dateformat": _date_format,
    "frommillis": _from_millis,
    "tomillis": _to_millis,
    "gettimezone": lambda ctx: _sd().getTimezone(),
    "gettimezonerawoffset": lambda ctx: _sd().getTimezoneRawOffset(),
    "gettimezoneoffset": _via("getTimezoneOffset", 1),
    "dateisafter": _date_is_after,
    "dateisbefore": _date_is_before,
    "dateisbetween": _date_is_between,
    "dateisdaylight": _date_is_daylight,
    "getdate": _via("getDate", 0),
}
for _name, _n in (("getMillis", 1), ("getSecond", 1), ("getMinute", 1), ("getHour24", 1),
                  ("getHour12", 1), ("getAMorPM", 1), ("getDayOfWeek", 1), ("getDayOfMonth", 1),
                  ("getDayOfYear", 1), ("getMonth", 1), ("getQuarter", 1), ("getYear", 1),
                  ("midnight", 1), ("setTime", 1), ("addMillis", 1), ("addSeconds", 1), ("addMinutes", 1),
                  ("addHours", 1), ("addDays", 1), ("addWeeks", 1), ("addMonths", 1),
                  ("addYears", 1), ("millisBetween", 2), ("secondsBetween", 2),
                  ("minutesBetween", 2), ("hoursBetween", 2), ("daysBetween", 2),
                  ("weeksBetween", 2), ("monthsBetween", 2), ("yearsBetween", 2)):
    FUNCTIONS[_name.lower()] = _via(_name, _n)
