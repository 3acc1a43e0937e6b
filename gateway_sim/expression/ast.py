"""Expression tree nodes; ``node.eval(ctx)`` computes a value.

``ctx`` supplies ``ref(text)`` (a tag/parameter/variable reference's value),
``now_ms()`` and ``note_poll(ms)``. Evaluation problems raise ``ExprError``;
the caller turns them into an ``Error_ExpressionEval`` quality. ``null``
propagates through arithmetic. May import: stdlib and siblings.
"""
from __future__ import absolute_import, division, print_function

import math

from gateway_sim._compat import integer_types, string_types, text_type


class ExprError(Exception):
    """Evaluation failed (bad operand, unknown function...)."""


def _num(v, op):
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, integer_types + (float,)):
        return v
    if hasattr(v, "getTime"):
        return v.getTime()
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


class Call(object):
    def __init__(self, name, args, pos):
        self.name, self.args, self.pos = name, args, pos

    def eval(self, ctx):
        from gateway_sim.expression.functions import FUNCTIONS, LAZY
        key = self.name.lower()
        fn = LAZY.get(key)
        if fn is not None:
            return fn(ctx, self.args)
        fn = FUNCTIONS.get(key)
        if fn is None:
            raise ExprError("unknown function %s() at position %d (gateway_sim supports: %s)"
                            % (self.name, self.pos, ", ".join(sorted(set(list(FUNCTIONS) + list(LAZY))))))
        vals = [a.eval(ctx) for a in self.args]
        try:
            return fn(ctx, *vals)
        except ExprError:
            raise
        except TypeError as exc:
            raise ExprError("%s(): wrong arguments (%s)" % (self.name, exc))
        except (ValueError, ArithmeticError, IndexError) as exc:
            raise ExprError("%s(): %s" % (self.name, exc))

    def refs(self):
        out = []
        for a in self.args:
            out.extend(a.refs())
        return out
