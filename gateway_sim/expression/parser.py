"""Tokenizer and recursive-descent parser of the expression-language subset.

Produces a tree of ``ast`` nodes (see ``gateway_sim.expression.ast``).
Precedence, loosest first: ``||``/``or``; ``&&``/``and``; comparison
(``= == != <> < > <= >=``); ``+ -``; ``* / %``; ``^`` (power, right-assoc);
unary ``- ! not``. ``//`` starts a comment. May import: stdlib and siblings.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim.expression import ast


class ExpressionSyntaxError(ValueError):
    """The expression text cannot be parsed; the message gives the position."""


_TOKEN_RE = re.compile(r"""
    (?P<ws>\s+|//[^\n]*)
  | (?P<num>0[xX][0-9a-fA-F]+|\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?)
  | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<ref>\{[^{}]*\})
  | (?P<op>\|\||&&|==|!=|<>|<=|>=|[-+*/%^<>=!(),\[\]])
  | (?P<ident>[A-Za-z_][A-Za-z0-9_.]*)
""", re.VERBOSE)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'"}


def tokenize(text):
    pos = 0
    out = []
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            raise ExpressionSyntaxError("unexpected character %r at position %d" % (text[pos], pos))
        kind = m.lastgroup
        val = m.group(kind)
        if kind != "ws":
            out.append((kind, val, pos))
        pos = m.end()
    out.append(("end", None, len(text)))
    return out


def _unquote(s):
    body = s[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


class Parser(object):
    def __init__(self, text):
        self.text = text
        self.toks = tokenize(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i]

    def next(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def accept(self, kind, values=None):
        t = self.peek()
        if t[0] == kind and (values is None or t[1] in values or
                             (kind == "ident" and t[1].lower() in values)):
            self.i += 1
            return t
        return None

    def expect_op(self, value):
        t = self.next()
        if t[0] != "op" or t[1] != value:
            raise ExpressionSyntaxError("expected %r at position %d, found %s"
                                        % (value, t[2], _describe(t)))
        return t

    def parse(self):
        if self.peek()[0] == "end":
            raise ExpressionSyntaxError("empty expression")
        node = self.parse_or()
        t = self.peek()
        if t[0] != "end":
            raise ExpressionSyntaxError("unexpected %s at position %d" % (_describe(t), t[2]))
        return node

    def parse_or(self):
        left = self.parse_and()
        while self.accept("op", ("||",)) or self.accept("ident", ("or",)):
            left = ast.Logic("or", left, self.parse_and())
        return left

    def parse_and(self):
        left = self.parse_cmp()
        while self.accept("op", ("&&",)) or self.accept("ident", ("and",)):
            left = ast.Logic("and", left, self.parse_cmp())
        return left

    def parse_cmp(self):
        left = self.parse_add()
        while True:
            t = self.accept("op", ("=", "==", "!=", "<>", "<", ">", "<=", ">="))
            if t is None:
                return left
            left = ast.Compare(t[1], left, self.parse_add())

    def parse_add(self):
        left = self.parse_mul()
        while True:
            t = self.accept("op", ("+", "-"))
            if t is None:
                return left
            left = ast.Arith(t[1], left, self.parse_mul())

    def parse_mul(self):
        left = self.parse_pow()
        while True:
            t = self.accept("op", ("*", "/", "%"))
            if t is None:
                return left
            left = ast.Arith(t[1], left, self.parse_pow())

    def parse_pow(self):
        base = self.parse_unary()
        if self.accept("op", ("^",)):
            return ast.Arith("^", base, self.parse_pow())
        return base

    def parse_unary(self):
        if self.accept("op", ("-",)):
            return ast.Neg(self.parse_unary())
        if self.accept("op", ("+",)):
            return self.parse_unary()
        if self.accept("op", ("!",)) or self.accept("ident", ("not",)):
            return ast.Not(self.parse_unary())
        return self.parse_postfix()

    def parse_postfix(self):
        node = self.parse_primary()
        while True:
            t = self.accept("op", ("[",))
            if t is None:
                return node
            idx = [self.parse_or()]
            while self.accept("op", (",",)):
                idx.append(self.parse_or())
            self.expect_op("]")
            node = ast.Index(node, idx, t[2])

    def parse_primary(self):
        t = self.next()
        kind, val, pos = t
        if kind == "num":
            if val.lower().startswith("0x"):
                return ast.Const(int(val, 16))
            if "." in val or "e" in val.lower():
                return ast.Const(float(val))
            return ast.Const(int(val))
        if kind == "str":
            return ast.Const(_unquote(val))
        if kind == "ref":
            inner = val[1:-1].strip()
            if not inner:
                raise ExpressionSyntaxError("empty reference {} at position %d" % pos)
            return ast.Ref(inner)
        if kind == "op" and val == "(":
            node = self.parse_or()
            self.expect_op(")")
            return node
        if kind == "ident":
            low = val.lower()
            if low == "true":
                return ast.Const(True)
            if low == "false":
                return ast.Const(False)
            if low in ("null", "none"):
                return ast.Const(None)
            if self.accept("op", ("(",)):
                args = []
                if not self.accept("op", (")",)):
                    while True:
                        args.append(self.parse_or())
                        if self.accept("op", (")",)):
                            break
                        self.expect_op(",")
                return ast.Call(val, args, pos)
            raise ExpressionSyntaxError("unknown name %r at position %d (tag references go in "
                                        "braces: {[.]%s})" % (val, pos, val))
        raise ExpressionSyntaxError("unexpected %s at position %d" % (_describe(t), pos))


def _describe(t):
    if t[0] == "end":
        return "end of expression"
    return repr(t[1])


def parse(text):
    return Parser(text).parse()
