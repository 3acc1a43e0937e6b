"""``java.text.DecimalFormat`` patterns for ``numberFormat`` (US symbols).

Supported: ``0`` (forced digit), ``#`` (optional digit), ``,`` (grouping; the
size is the digits after the last comma), ``.``, a ``%`` or per-mille suffix
(multiplies), quoted literals (``'text'``, ``''`` for a quote), literal
prefix/suffix text and an explicit negative sub-pattern after ``;``. Rounding
is HALF_EVEN on the double's exact value, as DecimalFormat does since Java 8.
Scientific (``E``) patterns raise ``ExprError`` naming the pattern.
May import: stdlib and siblings.
"""
from __future__ import absolute_import, division, print_function

import decimal

from gateway_sim._compat import text_type
from gateway_sim.expression.ast import ExprError

_NUM_CHARS = "#0,."
_PER_MILLE = u"\u2030"


def _split_affixes(pat):
    """(prefix, number part, suffix, multiplier) of one sub-pattern."""
    prefix, number, suffix = [], [], []
    cur = prefix
    i = 0
    mult = 1
    while i < len(pat):
        c = pat[i]
        if c == "'":
            j = pat.find("'", i + 1)
            if j == -1:
                raise ExprError("numberFormat(): unterminated quote in pattern %r" % pat)
            if cur is number:
                cur = suffix
            cur.append(pat[i + 1:j] if j > i + 1 else "'")
            i = j + 1
            continue
        if c in _NUM_CHARS:
            if cur is suffix:
                raise ExprError("numberFormat(): pattern %r has digits after its suffix" % pat)
            cur = number
            number.append(c)
        elif c == "E":
            raise ExprError("numberFormat(): scientific pattern %r is not supported by gateway_sim"
                            % pat)
        else:
            if cur is number:
                cur = suffix
            if c == "%":
                mult = 100
            elif c == _PER_MILLE:
                mult = 1000
            cur.append(c)
        i += 1
    return u"".join(prefix), u"".join(number), u"".join(suffix), mult


def _parse(pattern):
    pos_pat, _, neg_pat = pattern.partition(";")
    prefix, number, suffix, mult = _split_affixes(pos_pat)
    if not number:
        raise ExprError("numberFormat(): pattern %r has no digits (use e.g. \"#,##0.00\")" % pattern)
    neg = None
    if neg_pat:
        np, _, ns, _ = _split_affixes(neg_pat)
        neg = (np, ns)
    int_part, dot, frac_part = number.partition(".")
    grouping = 0
    if "," in int_part:
        grouping = len(int_part) - int_part.rfind(",") - 1
    min_int = int_part.replace(",", "").count("0")
    min_frac = frac_part.count("0")
    max_frac = len(frac_part.replace(",", "")) if dot else 0
    return prefix, suffix, neg, mult, grouping, min_int, min_frac, max_frac


def number_format(value, pattern):
    """``value`` (a number) formatted with the DecimalFormat ``pattern``."""
    prefix, suffix, neg, mult, grouping, min_int, min_frac, max_frac = _parse(pattern)
    if isinstance(value, float):
        if value != value:
            return u"\ufffd"   # DecimalFormat's NaN symbol
        if value in (float("inf"), float("-inf")):
            body = u"\u221e"
            return (u"-" if value < 0 else u"") + prefix + body + suffix
    d = decimal.Decimal(value) * mult
    negative = d < 0
    d = abs(d)
    q = d.quantize(decimal.Decimal(1).scaleb(-max_frac), rounding=decimal.ROUND_HALF_EVEN)
    digits = "{0:f}".format(q)
    ip, _, fp = digits.partition(".")
    fp = fp.rstrip("0")
    if len(fp) < min_frac:
        fp = fp + "0" * (min_frac - len(fp))
    ip = ip.lstrip("0")
    if len(ip) < min_int:
        ip = "0" * (min_int - len(ip)) + ip
    if grouping and ip:
        groups = []
        while len(ip) > grouping:
            groups.insert(0, ip[-grouping:])
            ip = ip[:-grouping]
        groups.insert(0, ip)
        ip = ",".join(groups)
    body = ip + ("." + fp if fp else "")
    if not body:
        body = "0"
    if negative and q != 0:
        if neg is not None:
            return text_type(neg[0] + body + neg[1])
        return text_type(u"-" + prefix + body + suffix)
    return text_type(prefix + body + suffix)
