"""Functions of the expression subset. ``FUNCTIONS`` get evaluated arguments;
``LAZY`` ones (``if``, ``try``, ``coalesce``) evaluate their own.

Supported: if, try, coalesce, now, abs, min, max, round, floor, ceil, sqrt, pow,
concat, len, upper, lower, substring, indexOf, toInt, toFloat (toDouble),
toStr (toString), toBoolean (toBool), isNull. Names are case-insensitive.
May import: stdlib and siblings, ``gateway_sim.jvm``.
"""
from __future__ import absolute_import, division, print_function

import math

from gateway_sim._compat import string_types
from gateway_sim.expression.ast import ExprError, _num, text, truthy


def _if(ctx, args):
    if len(args) != 3:
        raise ExprError("if() needs 3 arguments (condition, trueValue, falseValue), got %d" % len(args))
    return args[1].eval(ctx) if truthy(args[0].eval(ctx)) else args[2].eval(ctx)


def _try(ctx, args):
    if len(args) != 2:
        raise ExprError("try() needs 2 arguments (expression, failover), got %d" % len(args))
    try:
        return args[0].eval(ctx)
    except ExprError:
        return args[1].eval(ctx)


def _coalesce(ctx, args):
    for a in args:
        v = a.eval(ctx)
        if v is not None:
            return v
    return None


def _now(ctx, rate=1000):
    from gateway_sim.jvm import Date
    ctx.note_poll(int(_num(rate, "now")))
    return Date(ctx.now_ms())


def _round(ctx, x, decimals=0):
    if x is None:
        return None
    x = _num(x, "round")
    d = int(_num(decimals, "round"))
    f = 10 ** d
    r = math.floor(x * f + 0.5) / f
    return int(r) if d == 0 and isinstance(x, float) and abs(r) < 2 ** 63 else r


def _minmax(pick):
    def fn(ctx, *vals):
        nums = [_num(v, pick.__name__) for v in vals if v is not None]
        if not nums:
            raise ExprError("%s() needs at least one number" % pick.__name__)
        return pick(nums)
    return fn


def _substring(ctx, s, start, end=None):
    s = text(s)
    start = int(_num(start, "substring"))
    if end is None:
        return s[start:]
    return s[start:int(_num(end, "substring"))]


def _to_int(ctx, v, fallback=None):
    try:
        if isinstance(v, string_types):
            v = float(v.strip())
        return int(math.floor(_num(v, "toInt") + 0.5))
    except (ExprError, ValueError, TypeError):
        if fallback is not None:
            return fallback
        raise ExprError("toInt(%r): not a number" % (v,))


def _to_float(ctx, v, fallback=None):
    try:
        return float(_num(v, "toFloat"))
    except (ExprError, ValueError, TypeError):
        if fallback is not None:
            return fallback
        raise ExprError("toFloat(%r): not a number" % (v,))


def _to_bool(ctx, v, fallback=None):
    try:
        return truthy(v)
    except ExprError:
        if fallback is not None:
            return fallback
        raise


def _one(fn):
    def wrapped(ctx, v):
        return None if v is None else fn(v)
    return wrapped


LAZY = {"if": _if, "try": _try, "coalesce": _coalesce}

FUNCTIONS = {
    "now": _now,
    "abs": _one(lambda v: abs(_num(v, "abs"))),
    "min": _minmax(min),
    "max": _minmax(max),
    "round": _round,
    "floor": _one(lambda v: float(math.floor(_num(v, "floor")))),
    "ceil": _one(lambda v: float(math.ceil(_num(v, "ceil")))),
    "sqrt": _one(lambda v: math.sqrt(_num(v, "sqrt"))),
    "pow": lambda ctx, a, b: float(_num(a, "pow")) ** _num(b, "pow"),
    "concat": lambda ctx, *vals: u"".join(text(v) for v in vals),
    "len": lambda ctx, v: 0 if v is None else len(v if not isinstance(v, (int, float)) else text(v)),
    "upper": _one(lambda v: text(v).upper()),
    "lower": _one(lambda v: text(v).lower()),
    "substring": _substring,
    "indexof": lambda ctx, s, sub: text(s).find(text(sub)),
    "toint": _to_int,
    "tointeger": _to_int,
    "tolong": _to_int,
    "tofloat": _to_float,
    "todouble": _to_float,
    "tostr": lambda ctx, v: text(v),
    "tostring": lambda ctx, v: text(v),
    "toboolean": _to_bool,
    "tobool": _to_bool,
    "isnull": lambda ctx, v: v is None,
}
