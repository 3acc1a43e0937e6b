"""Logic functions: if, try, coalesce, switch, case, binEnc, binEnum, getBit,
hasChanged, isNull, lookup.

Semantics from the manual's Logic pages: ``switch(value, case1..caseN,
return1..returnN, default)``; ``case(value, case1, return1, ..., default)``;
``hasChanged(value[, includeQuality[, pollRate]])``;
``try`` applies the failover's quality when it fails over; ``binEnc`` puts the
first argument in the least significant bit; ``binEnum`` is the 1-based index
of the first true argument (0 when none); ``lookup(dataset, value, noMatch
[, lookupColumn=0[, resultColumn=1]])``. Unverified choices: ``hasChanged``
returns False on the first evaluation of its call site (there is nothing to
compare with); switch/case compare like ``=`` (a number equals its numeric text).
May import: stdlib and siblings.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import string_types
from gateway_sim.expression.ast import Compare, Const, ExprError, _num, note_quality, qeval, truthy


def _if(ctx, args, call):
    if len(args) != 3:
        raise ExprError("if() needs 3 arguments (condition, trueValue, falseValue), got %d" % len(args))
    return args[1].eval(ctx) if truthy(args[0].eval(ctx)) else args[2].eval(ctx)


def _try(ctx, args, call):
    if len(args) != 2:
        raise ExprError("try() needs 2 arguments (expression, failover), got %d" % len(args))
    try:
        value, q = qeval(args[0], ctx)
    except ExprError:
        return args[1].eval(ctx)
    note_quality(ctx, q)
    return value


def _coalesce(ctx, args, call):
    for a in args:
        v = a.eval(ctx)
        if v is not None:
            return v
    return None


def _equal(a, b):
    return Compare("=", Const(a), Const(b)).eval(None)


def _switch(ctx, args, call):
    n = len(args)
    if n < 4 or n % 2:
        raise ExprError("switch() needs (value, case1..caseN, return1..returnN, default): an even "
                        "number of at least 4 arguments, got %d" % n)
    cases = (n - 2) // 2
    value = args[0].eval(ctx)
    for i in range(cases):
        if _equal(value, args[1 + i].eval(ctx)):
            return args[1 + cases + i].eval(ctx)
    return args[-1].eval(ctx)


def _case(ctx, args, call):
    n = len(args)
    if n < 4 or n % 2:
        raise ExprError("case() needs (value, case1, return1, ..., default): an even number of at "
                        "least 4 arguments, got %d" % n)
    value = args[0].eval(ctx)
    for i in range(1, n - 1, 2):
        if _equal(value, args[i].eval(ctx)):
            return args[i + 1].eval(ctx)
    return args[-1].eval(ctx)


def _bin_enc(ctx, *vals):
    if not vals:
        raise ExprError("binEnc() needs at least one value")
    if len(vals) > 64:
        raise ExprError("binEnc() takes at most 64 values, got %d" % len(vals))
    out = 0
    for i, v in enumerate(vals):
        if truthy(v):
            out |= 1 << i
    return out


def _bin_enum(ctx, *vals):
    for i, v in enumerate(vals):
        if truthy(v):
            return i + 1
    return 0


def _get_bit(ctx, number, position):
    n = int(_num(number, "getBit"))
    return (n >> int(_num(position, "getBit"))) & 1


def _has_changed(ctx, args, call):
    if len(args) not in (1, 2, 3):
        raise ExprError("hasChanged() needs (value[, includeQuality[, pollRate]]), got %d arguments"
                        % len(args))
    value, q = qeval(args[0], ctx)
    note_quality(ctx, q)
    with_q = truthy(args[1].eval(ctx)) if len(args) >= 2 else False
    if len(args) == 3:
        rate = args[2].eval(ctx)
        if rate is not None and int(_num(rate, "hasChanged")) > 0:
            ctx.note_poll(int(_num(rate, "hasChanged")))
    state = getattr(ctx, "state", None)
    if state is None:
        raise ExprError("hasChanged() keeps state between evaluations; this context has none")
    key = ("hasChanged", id(call))
    now = (value, q.getCode()) if with_q else (value,)
    first = key not in state
    prev = state.get(key)
    state[key] = now
    return False if first else prev != now


def _column(ds, col, what):
    if isinstance(col, string_types):
        names = [n.lower() for n in ds.getColumnNames()]
        if col.lower() not in names:
            raise ExprError("lookup(): no column %r for the %s (columns: %s)"
                            % (col, what, ", ".join(ds.getColumnNames())))
        return names.index(col.lower())
    c = int(_num(col, "lookup"))
    if not 0 <= c < ds.getColumnCount():
        raise ExprError("lookup(): %s column %d out of range (dataset has %d columns)"
                        % (what, c, ds.getColumnCount()))
    return c


def _lookup(ctx, ds, value, no_match, lookup_col=0, result_col=1):
    if ds is None or not hasattr(ds, "getValueAt"):
        raise ExprError("lookup(): 1st argument must be a dataset, got %r" % (ds,))
    lc = _column(ds, lookup_col, "lookup")
    rc = _column(ds, result_col, "result")
    for r in range(ds.getRowCount()):
        if _equal(ds.getValueAt(r, lc), value):
            return ds.getValueAt(r, rc)
    return no_match


LAZY = {"if": _if, "try": _try, "coalesce": _coalesce, "switch": _switch, "case": _case,
        "haschanged": _has_changed}

FUNCTIONS = {
    "binenc": _bin_enc,
    "binenum": _bin_enum,
    "getbit": _get_bit,
    "isnull": lambda ctx, v: v is None,
    "lookup": _lookup,
}
