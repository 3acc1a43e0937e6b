"""String functions.

Per the manual's String pages: ``split(string, regex[, limit])`` returns a
one-column dataset named ``parts`` (Java ``String.split`` rules: limit 0 drops
trailing empty parts); ``escapeSQL`` doubles ``'`` and ``\\``; ``urlEncode`` is
``java.net.URLEncoder`` with UTF-8 (space -> ``+``); ``numberFormat`` follows
``java.text.DecimalFormat`` (see ``numfmt``); ``stringFormat`` is Java's
``String.format``; ``len`` of a dataset is its row count. Unverified choices:
``toHex``/``toOctal``/``toBinary`` print like Java's ``Integer.toXString`` but
upper-case for hex; ``fromHex`` accepts an optional ``0x``. ``toHex(color)`` (new in
8.1.21) prints RRGGBBAA, the manual's ``toHex(color(192,26,68,241))`` being
``C01A44F1``.
May import: stdlib, siblings, ``gateway_sim.java._format``, ``gateway_sim.dataset``.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim._compat import text_type
from gateway_sim.expression.ast import ExprError, _num, text
from gateway_sim.expression.fn_color import Color
from gateway_sim.expression.numfmt import number_format

try:  # pragma: no cover - Python 2 / Jython
    from urllib import quote_plus
    unichr_ = unichr  # noqa: F821
except ImportError:
    from urllib.parse import quote_plus
    unichr_ = chr


def _str_fn(name, fn):
    def wrapped(ctx, *vals):
        if vals and vals[0] is None:
            return None
        return fn(*([text(vals[0])] + list(vals[1:])))
    wrapped.__name__ = str(name)
    return wrapped


def _int(v, name):
    if v is None:
        raise ExprError("%s(): a count/index may not be null" % name)
    return int(_num(v, name))


def _substring(s, start, end=None):
    start = _int(start, "substring")
    if end is None:
        return s[start:]
    return s[start:_int(end, "substring")]


def _split(ctx, s, regex, limit=0):
    from gateway_sim.dataset import BasicDataset
    if s is None:
        return None
    s = text(s)
    limit = _int(limit, "split")
    try:
        parts = re.split(text(regex), s, maxsplit=max(limit - 1, 0)) if limit != 1 else [s]
    except re.error as exc:
        raise ExprError("split(): bad regular expression %r: %s" % (regex, exc))
    if limit == 0:
        while parts and parts[-1] == "":
            parts.pop()
    if not s:
        parts = [u""]
    return BasicDataset(["parts"], [[text_type(p)] for p in parts], ["java.lang.String"])


def _len(ctx, v):
    if v is None:
        return 0
    if hasattr(v, "getRowCount"):
        return v.getRowCount()
    if isinstance(v, (list, tuple)):
        return len(v)
    return len(text(v))


def _string_format(ctx, fmt, *args):
    from gateway_sim.java._format import java_format
    return java_format(text(fmt), list(args))


def _radix(base, name):
    def fn(ctx, v):
        if v is None:
            return None
        if base == 16 and isinstance(v, Color):
            return u"%02X%02X%02X%02X" % (v.getRed(), v.getGreen(), v.getBlue(), v.getAlpha())
        n = int(_num(v, name))
        if n < 0:
            n &= 0xFFFFFFFF if n >= -2 ** 31 else 0xFFFFFFFFFFFFFFFF
        if base == 16:
            return u"%X" % n
        if base == 8:
            return u"%o" % n
        return text_type(bin(n)[2:])
    return fn


def _from_radix(base, name):
    def fn(ctx, v):
        if v is None:
            return None
        s = text(v).strip()
        if base == 16 and s.lower().startswith("0x"):
            s = s[2:]
        try:
            return int(s, base)
        except ValueError:
            raise ExprError("%s(%r): not a base-%d number" % (name, v, base))
    return fn


_XML = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&apos;")]


def _escape_xml(s):
    for a, b in _XML:
        s = s.replace(a, b)
    return s


def _unescape_xml(s):
    for a, b in reversed(_XML):
        s = s.replace(b, a)
    return s


def _url_encode(s):
    out = quote_plus(s.encode("utf-8"), safe="*")
    return text_type(out).replace("~", "%7E")


def _char(ctx, code):
    return unichr_(_int(code, "char"))


def _ordinal(ctx, s):
    s = text(s)
    if not s:
        raise ExprError("ordinal(): needs a one-character string, got an empty string")
    return ord(s[0])


def _number_format(ctx, number, pattern):
    if number is None:
        return None
    return number_format(_num(number, "numberFormat"), text(pattern))


FUNCTIONS = {
    "concat": lambda ctx, *vals: u"".join(text(v) for v in vals),
    "len": _len,
    "upper": _str_fn("upper", lambda s: s.upper()),
    "lower": _str_fn("lower", lambda s: s.lower()),
    "trim": _str_fn("trim", lambda s: s.strip()),
    "substring": _str_fn("substring", _substring),
    "indexof": _str_fn("indexOf", lambda s, sub: s.find(text(sub))),
    "lastindexof": _str_fn("lastIndexOf", lambda s, sub: s.rfind(text(sub))),
    "left": _str_fn("left", lambda s, n: s[:max(_int(n, "left"), 0)]),
    "right": _str_fn("right", lambda s, n: s[len(s) - min(max(_int(n, "right"), 0), len(s)):]),
    "repeat": _str_fn("repeat", lambda s, n: s * max(_int(n, "repeat"), 0)),
    "replace": _str_fn("replace", lambda s, a, b: s.replace(text(a), text(b)) if text(a) else s),
    "split": _split,
    "stringformat": _string_format,
    "numberformat": _number_format,
    "escapesql": _str_fn("escapeSQL", lambda s: s.replace("\\", "\\\\").replace("'", "''")),
    "escapexml": _str_fn("escapeXML", _escape_xml),
    "unescapexml": _str_fn("unescapeXML", _unescape_xml),
    "urlencode": _str_fn("urlEncode", _url_encode),
    "tohex": _radix(16, "toHex"),
    "tooctal": _radix(8, "toOctal"),
    "tobinary": _radix(2, "toBinary"),
    "fromhex": _from_radix(16, "fromHex"),
    "fromoctal": _from_radix(8, "fromOctal"),
    "frombinary": _from_radix(2, "fromBinary"),
    "char": _char,
    "ordinal": _ordinal,
}
