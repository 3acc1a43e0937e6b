"""Date and Time functions.

``now([pollRate])`` reads the gateway clock (default poll 1000 ms; 0 = evaluate
once); the ``get*``/``add*``/``*Between``/``midnight``/``setTime``/``isAfter``...
functions share ``system.date``'s implementation (Java Calendar rules, gateway
time zone, 0-based months). ``dateDiff(d1, d2, field)`` is a float of (d2 - d1)
in ``field`` units; for months/years the difference of the calendar fields
(2008-2-24 to 2008-3-12 is 1 month, the manual's example); ``dateArithmetic(date,
amount, field)`` and ``dateExtract(date, field)`` take the manual's field names
(``ms sec second min minute hr hour day week month year``, plus ``dayofweek``
and ``dayofyear`` for dateExtract; a trailing ``s`` is accepted, as the
manual's own example writes ``"days"``). ``dateFormat`` uses SimpleDateFormat
patterns. ``timeBetween`` is not implemented (its text format is undocumented).
May import: stdlib, siblings, ``gateway_sim.jvm``, ``gateway_sim.system.date``
(lazily), ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

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


FUNCTIONS = {
    "now": _now,
    "datediff": _date_diff,
    "datearithmetic": _date_arithmetic,
    "dateextract": _date_extract,
    "dateformat": _date_format,
    "frommillis": _from_millis,
    "tomillis": _to_millis,
    "gettimezone": lambda ctx: _sd().getTimezone(),
    "gettimezonerawoffset": lambda ctx: _sd().getTimezoneRawOffset(),
    "gettimezoneoffset": _via("getTimezoneOffset", 1),
    "isdaylighttime": _via("isDaylightTime", 1),
    "getdate": _via("getDate", 0),
}
for _name, _n in (("getMillis", 1), ("getSecond", 1), ("getMinute", 1), ("getHour24", 1),
                  ("getHour12", 1), ("getAMorPM", 1), ("getDayOfWeek", 1), ("getDayOfMonth", 1),
                  ("getDayOfYear", 1), ("getMonth", 1), ("getQuarter", 1), ("getYear", 1),
                  ("midnight", 1), ("setTime", 1), ("isAfter", 2), ("isBefore", 2),
                  ("isBetween", 3), ("addMillis", 1), ("addSeconds", 1), ("addMinutes", 1),
                  ("addHours", 1), ("addDays", 1), ("addWeeks", 1), ("addMonths", 1),
                  ("addYears", 1), ("millisBetween", 2), ("secondsBetween", 2),
                  ("minutesBetween", 2), ("hoursBetween", 2), ("daysBetween", 2),
                  ("weeksBetween", 2), ("monthsBetween", 2), ("yearsBetween", 2)):
    FUNCTIONS[_name.lower()] = _via(_name, _n)
