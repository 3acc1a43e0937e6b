"""Aggregates: sum, mean, median, stdDev, min, max, minDate, maxDate, groupConcat.

Each takes either a dataset and a column (index or name) or a series of values as
arguments (the manual's two forms); nulls are skipped. ``mean``/``median``/``stdDev``
return a float (``stdDev`` is the sample standard deviation) and null when nothing
is left; ``sum`` of nothing is 0. ``groupConcat(dataset, column, separator)`` or
``groupConcat(values..., separator)`` joins the texts (unverified: the exact argument
forms of groupConcat). May import: stdlib and siblings.
"""
from __future__ import absolute_import, division, print_function

import math

from gateway_sim._compat import string_types
from gateway_sim.expression.ast import ExprError, _num, text


def _is_ds(v):
    return hasattr(v, "getRowCount") and hasattr(v, "getValueAt")


def _column(ds, col, name):
    if isinstance(col, string_types):
        names = [n.lower() for n in ds.getColumnNames()]
        if col.lower() not in names:
            raise ExprError("%s(): no column %r (columns: %s)" % (name, col, ", ".join(ds.getColumnNames())))
        return names.index(col.lower())
    c = int(_num(col, name))
    if not 0 <= c < ds.getColumnCount():
        raise ExprError("%s(): column %d out of range (dataset has %d columns)" % (name, c, ds.getColumnCount()))
    return c


def _values(args, name):
    if args and _is_ds(args[0]):
        if len(args) != 2:
            raise ExprError("%s(dataset, column) takes 2 arguments, got %d" % (name, len(args)))
        ds = args[0]
        c = _column(ds, args[1], name)
        vals = [ds.getValueAt(r, c) for r in range(ds.getRowCount())]
    else:
        vals = list(args)
    return [v for v in vals if v is not None]


def _numbers(args, name):
    return [_num(v, name) for v in _values(args, name)]


def _sum(ctx, *args):
    return sum(_numbers(args, "sum"))


def _mean(ctx, *args):
    xs = _numbers(args, "mean")
    return float(sum(xs)) / len(xs) if xs else None


def _median(ctx, *args):
    xs = sorted(_numbers(args, "median"))
    if not xs:
        return None
    n = len(xs)
    return float(xs[n // 2]) if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def _std_dev(ctx, *args):
    xs = _numbers(args, "stdDev")
    if len(xs) < 2:
        return None if not xs else 0.0
    m = float(sum(xs)) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def _minmax(pick, name):
    def fn(ctx, *args):
        xs = _numbers(args, name)
        if not xs:
            raise ExprError("%s() needs at least one number" % name)
        return pick(xs)
    return fn


def _date_pick(pick, name):
    def fn(ctx, *args):
        dates = _values(args, name)
        for d in dates:
            if not hasattr(d, "getTime"):
                raise ExprError("%s() takes dates, got %r" % (name, d))
        if not dates:
            raise ExprError("%s() needs at least one date" % name)
        return pick(dates, key=lambda d: d.getTime())
    return fn


def _group_concat(ctx, *args):
    if len(args) < 2:
        raise ExprError("groupConcat() needs (dataset, column, separator) or (values..., separator)")
    sep = text(args[-1])
    return sep.join(text(v) for v in _values(args[:-1], "groupConcat"))


FUNCTIONS = {
    "sum": _sum,
    "mean": _mean,
    "median": _median,
    "stddev": _std_dev,
    "min": _minmax(min, "min"),
    "max": _minmax(max, "max"),
    "mindate": _date_pick(min, "minDate"),
    "maxdate": _date_pick(max, "maxDate"),
    "groupconcat": _group_concat,
}
