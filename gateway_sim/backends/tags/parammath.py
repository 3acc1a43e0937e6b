"""UDT parameter references with arithmetic and number formatting.

The 8.1 manual (UDT Parameters, "Attribute Referencing and Parameterized Types"):
a parameter reference may offset a value, ``{BaseAddress+1}``, and format it with a
``numberFormat`` pattern after a bar, ``{BaseAddress+2|000}`` -> ``DataPoint100`` for a
base of 98; "parameters support more mathematical operators in addition to offsets".
Here: ``+ - * / %``, unary minus and parentheses over parameters and numbers.
Unverified: ``/`` gives a whole number when both operands are whole numbers and it
divides exactly, else a decimal (the callers only hand over references without a
``/``: in a binding or an expression a brace holding ``/`` is read as a tag path);
a parameter value written as text (``"10"``) counts as a number. A reference naming an unknown parameter is not evaluated (the caller
leaves it as written).

Load layer, pure functions. May import: stdlib, ``gateway_sim._compat``,
``gateway_sim.expression.numfmt`` (lazily).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import string_types

_OPS = "+-*/%()"


class _NotMath(Exception):
    pass


def _tokens(text):
    out = []
    cur = []
    for c in text:
        if c in _OPS:
            word = "".join(cur).strip()
            if word:
                out.append(word)
            cur = []
            out.append(c)
        else:
            cur.append(c)
    word = "".join(cur).strip()
    if word:
        out.append(word)
    return out


def _number(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    try:
        import numbers
        if isinstance(v, numbers.Number):
            return v
    except ImportError:
        pass
    if isinstance(v, string_types):
        s = v.strip()
        try:
            return int(s)
        except ValueError:
            try:
                return float(s)
            except ValueError:
                pass
    raise _NotMath()


class _Parser(object):
    def __init__(self, toks, low_params):
        self.toks = toks
        self.i = 0
        self.params = low_params
        self.names = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def expr(self):
        v = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            r = self.term()
            v = v + r if op == "+" else v - r
        return v

    def term(self):
        v = self.factor()
        while self.peek() in ("*", "/", "%"):
            op = self.take()
            r = self.factor()
            if op == "*":
                v = v * r
            elif r == 0:
                raise _NotMath()
            elif op == "%":
                v = v % r
            elif isinstance(v, int) and isinstance(r, int) and v % r == 0:
                v = v // r
            else:
                v = float(v) / r
        return v

    def factor(self):
        t = self.take()
        if t is None:
            raise _NotMath()
        if t == "-":
            return -self.factor()
        if t == "+":
            return self.factor()
        if t == "(":
            v = self.expr()
            if self.take() != ")":
                raise _NotMath()
            return v
        if t in _OPS:
            raise _NotMath()
        low = t.lower()
        if low in self.params:
            self.names += 1
            return _number(self.params[low])
        return _number(t)


def evaluate(inner, params):
    """``(True, text_or_value)`` for a math / formatted reference such as
    ``Base+1`` or ``Base+1|000`` whose names are all parameters (``params`` keyed
    in any case); ``(False, None)`` for anything else (a plain name, a tag path,
    an unknown parameter)."""
    if not isinstance(inner, string_types):
        return False, None
    fmt = None
    body = inner
    if "|" in inner:
        body, fmt = inner.rsplit("|", 1)
    if fmt is None and not any(c in body for c in _OPS):
        return False, None
    low = dict((k.lower(), v) for k, v in params.items())
    try:
        p = _Parser(_tokens(body), low)
        v = p.expr()
        if p.peek() is not None or p.names == 0:
            return False, None
    except (_NotMath, OverflowError):
        return False, None
    if fmt is None:
        return True, v
    import gateway_sim.expression.numfmt as numfmt
    try:
        return True, numfmt.number_format(v, fmt.strip())
    except Exception:
        return False, None


def as_text(v):
    """Text of an evaluated reference as it is pasted into a property (a decimal
    as Java prints a double: ``2.5``, ``3.0``)."""
    if isinstance(v, float):
        return repr(v)
    return u"%s" % (v,)
