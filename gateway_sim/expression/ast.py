"""Expression tree nodes; ``node.eval(ctx)`` computes a value.

``ctx`` supplies ``ref(text)`` (a tag/parameter/variable reference's value),
``now_ms()`` and ``note_poll(ms)``. Evaluation problems raise ``ExprError``;
the caller turns them into an ``Error_ExpressionEval`` quality. ``null``
propagates through arithmetic. May import: stdlib and siblings.
"""
from __future__ import absolute_import, division, print_function

import math

import sys

from gateway_sim._compat import integer_types, string_types, text_type
from gateway_sim.quality import QualityCode

GOOD = QualityCode.Good
_SEVERITY = {"Good": 0, "Uncertain": 1, "Bad": 2, "Error": 3}


class ExprError(Exception):
    """Evaluation failed (bad operand, unknown function...)."""


def worse(a, b):
    """The worse of two QualityCodes (the first on a tie)."""
    if _SEVERITY[b.getLevel().name] > _SEVERITY[a.getLevel().name]:
        return b
    return a


def note_quality(ctx, q):
    """Fold quality ``q`` into the expression's result quality (``ctx.worst``)."""
    if q is not None and getattr(ctx, "worst", None) is not None:
        ctx.worst = worse(ctx.worst, q)


def qeval(node, ctx):
    """``(value, quality)`` of a sub-expression: the quality is the worst one that
    sub-expression read; the expression's own result quality is left untouched
    (quality functions such as ``isGood`` consume it)."""
    saved = getattr(ctx, "worst", None)
    if saved is None:
        return node.eval(ctx), GOOD
    ctx.worst = GOOD
    try:
        value = node.eval(ctx)
        return value, ctx.worst
    finally:
        ctx.worst = saved


def _num(v, op):
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, integer_types + (float,)):
        return v
    if hasattr(v, "getTime"):
        return v.getTime()
    if isinstance(v, QualityCode):
        return v.getCode()
    if isinstance(v, string_types):
        try:
            return int(v)
        except ValueError:
            try:
                return float(v)
            except ValueError:
                pass
    raise ExprError("operator %s needs numbers, got %s %r" % (op, type(v).__name__, v))


def truthy(v):
    if v is None:
        return False
    if isinstance(v, string_types):
        s = v.strip().lower()
        if s in ("true", "false", ""):
            return s == "true"
        try:
            return float(s) != 0
        except ValueError:
            raise ExprError("cannot use string %r as a boolean" % (v,))
    if isinstance(v, (bool,) + integer_types + (float,)):
        return bool(v)
    return True


def text(v):
    if v is None:
        return u"null"
    if isinstance(v, bool):
        return u"true" if v else u"false"
    if isinstance(v, float) and v == int(v) and abs(v) < 1e15:
        return text_type(repr(v))
    return text_type(v)


class Const(object):
    def __init__(self, value):
        self.value = value

    def eval(self, ctx):
        return self.value

    def refs(self):
        return []


class Ref(object):
    def __init__(self, text):
        self.text = text

    def eval(self, ctx):
        return ctx.ref(self.text)

    def refs(self):
        return [self.text]


class Neg(object):
    def __init__(self, a):
        self.a = a

    def eval(self, ctx):
        v = self.a.eval(ctx)
        return None if v is None else -_num(v, "-")

    def refs(self):
        return self.a.refs()


class Not(object):
    def __init__(self, a):
        self.a = a

    def eval(self, ctx):
        return not truthy(self.a.eval(ctx))

    def refs(self):
        return self.a.refs()


class Logic(object):
    def __init__(self, op, a, b):
        self.op, self.a, self.b = op, a, b

    def eval(self, ctx):
        left = truthy(self.a.eval(ctx))
        if self.op == "and":
            return left and truthy(self.b.eval(ctx))
        return left or truthy(self.b.eval(ctx))

    def refs(self):
        return self.a.refs() + self.b.refs()


def _cmp_key(v):
    if hasattr(v, "getTime") and not isinstance(v, (integer_types, float)):
        return v.getTime()
    if isinstance(v, QualityCode):
        return v.getCode()   # qualityOf(x) = 192
    if isinstance(v, bool):
        return 1 if v else 0
    return v


class Compare(object):
    def __init__(self, op, a, b):
        self.op, self.a, self.b = op, a, b

    def eval(self, ctx):
        x, y = _cmp_key(self.a.eval(ctx)), _cmp_key(self.b.eval(ctx))
        op = self.op
        if isinstance(x, string_types) != isinstance(y, string_types) and x is not None and y is not None:
            # Ignition compares a number with numeric text as numbers.
            try:
                x, y = _num(x, op), _num(y, op)
            except ExprError:
                x, y = text(x), text(y)
        if op in ("=", "=="):
            return x == y
        if op in ("!=", "<>"):
            return x != y
        if x is None or y is None:
            return False
        try:
            if op == "<":
                return x < y
            if op == ">":
                return x > y
            if op == "<=":
                return x <= y
            return x >= y
        except TypeError:
            raise ExprError("cannot compare %r %s %r" % (x, op, y))

    def refs(self):
        return self.a.refs() + self.b.refs()


class Arith(object):
    def __init__(self, op, a, b):
        self.op, self.a, self.b = op, a, b

    def eval(self, ctx):
        x = self.a.eval(ctx)
        y = self.b.eval(ctx)
        op = self.op
        if op == "+" and (isinstance(x, string_types) or isinstance(y, string_types)):
            return text(x) + text(y)   # string concatenation
        if x is None or y is None:
            return None
        x, y = _num(x, op), _num(y, op)
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op == "/":
            if y == 0:
                raise ExprError("division by zero")
            return x / y
        if op == "%":
            if y == 0:
                raise ExprError("modulo by zero")
            return math.fmod(x, y) if isinstance(x, float) or isinstance(y, float) else int(math.fmod(x, y))
        try:
            return x ** y
        except (OverflowError, ZeroDivisionError, ValueError) as exc:
            raise ExprError("%r ^ %r: %s" % (x, y, exc))

    def refs(self):
        return self.a.refs() + self.b.refs()


def _wrap_error(name, exc):
    if isinstance(exc, ExprError):
        return exc
    if isinstance(exc, TypeError):
        return ExprError("%s(): wrong arguments (%s)" % (name, exc))
    return ExprError("%s(): %s: %s" % (name, type(exc).__name__, exc))


class Call(object):
    """A function call; ``this.node`` is the call site (``hasChanged`` keeps its
    state per call site)."""

    def __init__(self, name, args, pos):
        self.name, self.args, self.pos = name, args, pos
        self.key = name.lower()

    def eval(self, ctx):
        from gateway_sim.expression.functions import FUNCTIONS, LAZY, unknown_function
        key = self.key
        fn = LAZY.get(key)
        lazy = fn is not None
        if not lazy:
            fn = FUNCTIONS.get(key)
            if fn is None:
                raise unknown_function(self.name, self.pos)
        try:
            if lazy:
                return fn(ctx, self.args, self)
            return fn(ctx, *[a.eval(ctx) for a in self.args])
        except ExprError:
            raise
        except (KeyboardInterrupt, SystemExit):
            raise
        except RuntimeError as exc:
            if "recursion" in str(exc):
                raise
            raise _wrap_error(self.name, exc)
        except:  # noqa: E722 - Java exceptions are no Python Exception on Jython
            raise _wrap_error(self.name, sys.exc_info()[1])

    def refs(self):
        out = []
        for a in self.args:
            out.extend(a.refs())
        return out


class Index(object):
    """Postfix subscript: ``dataset[row, column]`` (column by index or name),
    ``dataset[row]`` on a one-column dataset, ``list[i]``."""

    def __init__(self, target, indexes, pos):
        self.target, self.indexes, self.pos = target, indexes, pos

    def eval(self, ctx):
        obj = self.target.eval(ctx)
        idx = [i.eval(ctx) for i in self.indexes]
        if obj is None:
            raise ExprError("cannot index null at position %d" % self.pos)
        if hasattr(obj, "getValueAt"):
            if len(idx) == 1:
                row, col = idx[0], 0
            elif len(idx) == 2:
                row, col = idx
            else:
                raise ExprError("a dataset takes [row, column] at position %d" % self.pos)
            row = int(_num(row, "[]"))
            if not 0 <= row < obj.getRowCount():
                raise ExprError("row %d out of range (dataset has %d rows)" % (row, obj.getRowCount()))
            if isinstance(col, string_types):
                names = list(obj.getColumnNames())
                low = [n.lower() for n in names]
                if col.lower() not in low:
                    raise ExprError("no column %r (columns: %s)" % (col, ", ".join(names)))
                col = low.index(col.lower())
            col = int(_num(col, "[]"))
            if not 0 <= col < obj.getColumnCount():
                raise ExprError("column %d out of range (dataset has %d columns)" % (col, obj.getColumnCount()))
            return obj.getValueAt(row, col)
        if len(idx) != 1:
            raise ExprError("only a dataset takes [row, column] at position %d" % self.pos)
        try:
            return obj[int(_num(idx[0], "[]"))]
        except (IndexError, TypeError, KeyError) as exc:
            raise ExprError("cannot index %s with %r: %s" % (type(obj).__name__, idx[0], exc))

    def refs(self):
        out = self.target.refs()
        for i in self.indexes:
            out.extend(i.refs())
        return out
