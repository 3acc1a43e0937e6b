"""JSON functions: jsonGet, jsonSet, jsonFormat on "JSON-friendly" text.

The manual accepts lenient JSON (Gson's lenient mode): keys and strings in
single or double quotes or bare (``{key:value}``). Paths are dotted keys with
optional ``[index]`` (``item.secondThing``, ``rows[0].id``). ``jsonGet`` returns
numbers/booleans/strings as values and objects/arrays as compact JSON text
(the manual's example shows ``{"firstThing":1,"secondThing":2}``); a missing
path gives null (unverified). ``jsonSet`` returns compact JSON text;
``jsonFormat`` pretty-prints with two-space indents as Gson does.
May import: stdlib and siblings.
"""
from __future__ import absolute_import, division, print_function

import json
import re

from gateway_sim._compat import integer_types, string_types, text_type
from gateway_sim.expression.ast import ExprError, text

_WS = " \t\r\n"
_BARE_END = ",:}] \t\r\n"


class _Lenient(object):
    def __init__(self, s, fn):
        self.s, self.i, self.fn = s, 0, fn

    def fail(self, what):
        raise ExprError("%s(): bad JSON at position %d (%s) in %r" % (self.fn, self.i, what, self.s[:80]))

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in _WS:
            self.i += 1

    def parse(self):
        v = self.value()
        self.ws()
        if self.i != len(self.s):
            self.fail("unexpected text after the value")
        return v

    def value(self):
        self.ws()
        if self.i >= len(self.s):
            self.fail("unexpected end")
        c = self.s[self.i]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c in "\"'":
            return self.string()
        return self.bare()

    def obj(self):
        self.i += 1
        out = {}
        keys = []
        while True:
            self.ws()
            if self.s[self.i:self.i + 1] == "}":
                self.i += 1
                return _Ordered(out, keys)
            k = self.value()
            self.ws()
            if self.s[self.i:self.i + 1] not in (":", "="):
                self.fail("expected ':' after key %r" % (k,))
            self.i += 1
            k = text(k)
            if k not in out:
                keys.append(k)
            out[k] = self.value()
            self.ws()
            c = self.s[self.i:self.i + 1]
            if c in (",", ";"):
                self.i += 1
            elif c != "}":
                self.fail("expected ',' or '}'")

    def arr(self):
        self.i += 1
        out = []
        while True:
            self.ws()
            if self.s[self.i:self.i + 1] == "]":
                self.i += 1
                return out
            out.append(self.value())
            self.ws()
            c = self.s[self.i:self.i + 1]
            if c == ",":
                self.i += 1
            elif c != "]":
                self.fail("expected ',' or ']'")

    def string(self):
        q = self.s[self.i]
        j = self.i + 1
        buf = []
        while j < len(self.s) and self.s[j] != q:
            if self.s[j] == "\\" and j + 1 < len(self.s):
                buf.append(self.s[j:j + 2])
                j += 2
                continue
            buf.append('\\"' if self.s[j] == '"' else self.s[j])
            j += 1
        if j >= len(self.s):
            self.fail("unterminated string")
        self.i = j + 1
        raw = u"".join(buf).replace("\\'", "'")
        return json.loads(u'"%s"' % raw)

    def bare(self):
        j = self.i
        while j < len(self.s) and self.s[j] not in _BARE_END:
            j += 1
        word = self.s[self.i:j]
        if not word:
            self.fail("expected a value")
        self.i = j
        if word in ("true", "false"):
            return word == "true"
        if word == "null":
            return None
        try:
            return int(word)
        except ValueError:
            try:
                return float(word)
            except ValueError:
                return text_type(word)


class _Ordered(dict):
    """A dict that remembers key order (Jython 2.7 dicts do not)."""

    def __init__(self, d, keys):
        dict.__init__(self, d)
        self.order = list(keys)

    def __setitem__(self, k, v):
        if k not in self:
            self.order.append(k)
        dict.__setitem__(self, k, v)

    def ordered_items(self):
        return [(k, self[k]) for k in self.order]


def _parse(s, fn):
    if s is None:
        raise ExprError("%s(): the JSON text is null" % fn)
    return _Lenient(text(s), fn).parse()


_PATH_RE = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _path(path, fn):
    out = []
    for m in _PATH_RE.finditer(text(path)):
        out.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
    if not out:
        raise ExprError("%s(): empty path; write it like \"item.secondThing\" or \"rows[0].id\"" % fn)
    return out


def _dump(v, indent=None, level=0):
    pad = " " * (indent or 0)
    if isinstance(v, _Ordered):
        items = v.ordered_items()
    elif isinstance(v, dict):
        items = sorted(v.items())
    elif isinstance(v, list):
        items = None
    else:
        if isinstance(v, float) and v == int(v) and abs(v) < 1e15:
            return repr(v)
        return json.dumps(v if isinstance(v, (bool, float) + integer_types + string_types) or v is None
                          else text(v))
    if items is not None:
        if not items:
            return "{}"
        parts = ["%s:%s%s" % (json.dumps(k), " " if indent else "", _dump(x, indent, level + 1))
                 for k, x in items]
        opener, closer = "{", "}"
    else:
        if not v:
            return "[]"
        parts = [_dump(x, indent, level + 1) for x in v]
        opener, closer = "[", "]"
    if not indent:
        return opener + ",".join(parts) + closer
    inner = "\n" + pad * (level + 1)
    return opener + inner + ("," + inner).join(parts) + "\n" + pad * level + closer


def _get(ctx, js, path):
    cur = _parse(js, "jsonGet")
    for p in _path(path, "jsonGet"):
        if isinstance(p, int) and isinstance(cur, list):
            cur = cur[p] if 0 <= p < len(cur) else None
        elif isinstance(cur, dict):
            cur = cur.get(text(p))
        else:
            cur = None
        if cur is None:
            return None
    if isinstance(cur, (dict, list)):
        return text_type(_dump(cur))
    return cur


def _set(ctx, js, path, value):
    root = _parse(js, "jsonSet")
    steps = _path(path, "jsonSet")
    if isinstance(value, string_types):
        try:
            parsed = _parse(value, "jsonSet")
            value = parsed if isinstance(parsed, (dict, list)) else value
        except ExprError:
            pass
    cur = root
    for i, p in enumerate(steps):
        last = i == len(steps) - 1
        if isinstance(p, int):
            if not isinstance(cur, list) or not 0 <= p <= len(cur):
                raise ExprError("jsonSet(): index [%d] does not exist in %s" % (p, text(path)))
            if p == len(cur):
                cur.append(None)
            if last:
                cur[p] = value
            else:
                if not isinstance(cur[p], (dict, list)):
                    cur[p] = _Ordered({}, [])
                cur = cur[p]
        else:
            if not isinstance(cur, dict):
                raise ExprError("jsonSet(): %r is not an object in %s" % (p, text(path)))
            if last:
                cur[p] = value
            else:
                if not isinstance(cur.get(p), (dict, list)):
                    cur[p] = _Ordered({}, [])
                cur = cur[p]
    return text_type(_dump(root))


def _format(ctx, js):
    return text_type(_dump(_parse(js, "jsonFormat"), indent=2))


FUNCTIONS = {"jsonget": _get, "jsonset": _set, "jsonformat": _format}
