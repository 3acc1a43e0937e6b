"""Type casting: toInt/toInteger/toLong, toFloat/toDouble, toStr/toString,
toBoolean, toDate, toDataSet (each with Ignition's optional failover value).

``toInt`` rounds half up (``toInt(2.5)`` is 3); text is parsed as a number
first. ``toDate`` takes a date, epoch milliseconds or text in the forms the
manual's examples use (``2008-2-24 8:00:00``, ``yyyy-MM-dd``, ISO ``T``
separator), read in the gateway's time zone. Without a failover a value that
cannot be cast is an evaluation error. ``toBoolean`` follows the manual's rules: a
number is false only when 0; the texts ``on true t yes y`` / ``off false f no n``
(any case; surrounding blanks ignored, unverified) and numeric texts are read,
any other text or type fails (then the failover applies). ``toColor`` lives with
the Colors functions (``fn_color``). May import: stdlib, siblings, ``gateway_sim.jvm``,
``gateway_sim.java._timefmt``.
"""
from __future__ import absolute_import, division, print_function

import math
import re

from gateway_sim._compat import integer_types, string_types
from gateway_sim.expression.ast import ExprError, _num, text

_MISSING = object()


def _caster(name, fn):
    def wrapped(ctx, v, fallback=_MISSING):
        try:
            if v is None:
                raise ExprError("%s(null): no value to cast" % name)
            return fn(v)
        except (ExprError, ValueError, TypeError, OverflowError) as exc:
            if fallback is not _MISSING:
                return fallback
            if isinstance(exc, ExprError):
                raise
            raise ExprError("%s(%r): %s" % (name, v, exc))
    wrapped.__name__ = str(name)
    return wrapped


def _int(v):
    if isinstance(v, string_types):
        v = float(v.strip())
    return int(math.floor(_num(v, "toInt") + 0.5))


_TRUE_TEXT = ("on", "true", "t", "yes", "y")
_FALSE_TEXT = ("off", "false", "f", "no", "n")


def _boolean(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, string_types):
        s = v.strip().lower()
        if s in _TRUE_TEXT:
            return True
        if s in _FALSE_TEXT:
            return False
        try:
            return float(s) != 0
        except ValueError:
            raise ExprError("toBoolean(%r): not a boolean; use true/false, on/off, yes/no, "
                            "t/f, y/n or a number" % (v,))
    if isinstance(v, integer_types + (float,)):
        return v != 0
    raise ExprError("toBoolean(%r): a %s cannot be cast to a boolean" % (v, type(v).__name__))


def _float(v):
    return float(_num(v, "toFloat"))


_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})"
                      r"(?::(\d{1,2})(?:\.(\d{1,3}))?)?)?\s*$")


def to_date(v):
    from gateway_sim import jvm
    from gateway_sim.java import _timefmt
    if hasattr(v, "getTime"):
        return v
    if isinstance(v, bool):
        raise ExprError("toDate(%r): a boolean is not a date" % (v,))
    if not isinstance(v, string_types):
        return jvm.Date(int(_num(v, "toDate")))
    m = _DATE_RE.match(v)
    if m is None:
        raise ExprError("toDate(%r): not a date; write it as \"yyyy-MM-dd HH:mm:ss\"" % (v,))
    parts = [int(g) if g else 0 for g in m.groups()]
    ms = parts[6] * (10 ** (3 - len(m.group(7)))) if m.group(7) else 0
    return jvm.Date(_timefmt.make_ms(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], ms))


def _dataset(v):
    if hasattr(v, "getRowCount"):
        return v
    if hasattr(v, "_ds"):   # PyDataSet
        return v._ds
    raise ExprError("toDataSet(%r): not a dataset" % (v,))


FUNCTIONS = {
    "toint": _caster("toInt", _int),
    "tointeger": _caster("toInteger", _int),
    "tolong": _caster("toLong", _int),
    "tofloat": _caster("toFloat", _float),
    "todouble": _caster("toDouble", _float),
    "tostr": _caster("toStr", text),
    "tostring": _caster("toString", text),
    "toboolean": _caster("toBoolean", _boolean),
    "todate": _caster("toDate", to_date),
    "todataset": _caster("toDataSet", _dataset),
}
