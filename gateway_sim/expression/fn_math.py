"""Math functions (min/max live with the aggregates in ``fn_aggregate``).

Trigonometry works in radians and returns a float; ``floor``/``ceil`` return a
float (Java ``Math.floor``); ``round(x[, decimals])`` rounds half up and gives an
integer without ``decimals``. ``null`` in gives ``null`` out. ``log`` is the
natural logarithm. May import: stdlib and siblings.
"""
from __future__ import absolute_import, division, print_function

import math

from gateway_sim.expression.ast import _num


def _one(name, fn):
    def wrapped(ctx, v):
        return None if v is None else fn(_num(v, name))
    return wrapped


def _round(ctx, x, decimals=0):
    if x is None:
        return None
    x = _num(x, "round")
    d = int(_num(decimals, "round"))
    f = 10 ** d
    r = math.floor(x * f + 0.5) / f
    return int(r) if d == 0 and isinstance(x, float) and abs(r) < 2 ** 63 else r


def _pow(ctx, a, b):
    if a is None or b is None:
        return None
    return float(_num(a, "pow")) ** _num(b, "pow")


def _log(fn, name):
    def wrapped(v):
        if v <= 0:
            return float("nan") if v < 0 else float("-inf")
        return fn(v)
    return _one(name, wrapped)


FUNCTIONS = {
    "abs": _one("abs", abs),
    "acos": _one("acos", math.acos),
    "asin": _one("asin", math.asin),
    "atan": _one("atan", math.atan),
    "cos": _one("cos", math.cos),
    "sin": _one("sin", math.sin),
    "tan": _one("tan", math.tan),
    "exp": _one("exp", math.exp),
    "log": _log(math.log, "log"),
    "log10": _log(math.log10, "log10"),
    "sqrt": _one("sqrt", math.sqrt),
    "floor": _one("floor", lambda v: float(math.floor(v))),
    "ceil": _one("ceil", lambda v: float(math.ceil(v))),
    "todegrees": _one("todegrees", math.degrees),
    "toradians": _one("toradians", math.radians),
    "pow": _pow,
    "round": _round,
}
