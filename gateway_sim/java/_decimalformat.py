"""``java.text.DecimalFormat`` and ``NumberFormat`` (US symbols), re-exported by
``gateway_sim.java.text``.

Formatting uses the same pattern engine as the expression language's ``numberFormat``
(``gateway_sim.expression.numfmt``: ``0 # , .``, ``%``/per-mille, quoted literals, negative
sub-pattern, HALF_EVEN rounding). ``NumberFormat.getInstance()`` / ``getNumberInstance()``
is ``#,##0.###``, ``getIntegerInstance()`` ``#,##0``, ``getPercentInstance()`` ``#,##0%``
(the JDK's Locale.US patterns). ``parse(text)`` reads the leading number (grouping
commas, the pattern's prefix/suffix, ``%``) and returns an int when integral, else a
float (Java: ``Long``/``Double``); nothing to read raises ``ParseException`` with the
JDK's ``Unparseable number: "text"``. Scientific patterns raise
``IllegalArgumentException``. May import: ``gateway_sim.java``, ``gateway_sim.expression.numfmt``.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim._compat import integer_types, text_type
from gateway_sim.java.lang import IllegalArgumentException, NullPointerException, Object

_NUMBER_RE = re.compile(r"^\s*([-+]?)([0-9][0-9,]*)?(\.[0-9]*)?")


class DecimalFormat(Object):
    """``DecimalFormat(pattern="#,##0.###")``: ``format``, ``parse``, ``toPattern``."""

    _java_name = "java.text.DecimalFormat"

    def __init__(self, pattern="#,##0.###", symbols=None):
        self._integer_only = False
        self.applyPattern(pattern)

    def applyPattern(self, pattern):
        from gateway_sim.expression import numfmt
        from gateway_sim.expression.ast import ExprError
        try:
            numfmt.number_format(0, pattern)
        except ExprError as exc:
            raise IllegalArgumentException("Malformed pattern %r: %s" % (pattern, exc))
        if "E" in pattern.replace("'E'", ""):
            raise IllegalArgumentException("scientific DecimalFormat pattern %r is not "
                                           "supported by gateway_sim" % (pattern,))
        self._pattern = pattern
        self._percent = "%" in pattern.replace("'%'", "")

    def toPattern(self):
        return self._pattern

    def format(self, number):
        from gateway_sim.expression import numfmt
        if number is None:
            raise NullPointerException("cannot format a null number")
        numeric = integer_types + (float,)
        if isinstance(number, bool) or not isinstance(number, numeric) and \
                not hasattr(number, "__float__"):
            raise IllegalArgumentException("Cannot format given Object as a Number")
        if not isinstance(number, numeric):
            number = float(number)
        return text_type(numfmt.number_format(number, self._pattern))

    def parse(self, text):
        from gateway_sim.java.text import ParseException
        raw = text_type(text)
        body = raw.strip()
        prefix = self._pattern.split(";")[0].split("#")[0].split("0")[0].replace("'", "")
        if prefix and body.startswith(prefix):
            body = body[len(prefix):]
        m = _NUMBER_RE.match(body)
        if m is None or not (m.group(2) or (m.group(3) and len(m.group(3)) > 1)):
            raise ParseException('Unparseable number: "%s"' % raw, 0)
        digits = (m.group(2) or "0").replace(",", "")
        frac = m.group(3) if not self._integer_only else None
        value = float(digits + (frac or "")) if frac and frac != "." else int(digits)
        if m.group(1) == "-":
            value = -value
        if self._percent and body[m.end():].lstrip().startswith("%"):
            value = value / 100.0
        if isinstance(value, float) and value == int(value) and abs(value) < 2 ** 63:
            return int(value)
        return value

    def setParseIntegerOnly(self, flag):
        self._integer_only = bool(flag)


class NumberFormat(object):
    """The ``NumberFormat.getXInstance()`` factories (Locale.US patterns)."""

    _java_name = "java.text.NumberFormat"

    @staticmethod
    def getInstance(locale=None):
        return DecimalFormat("#,##0.###")

    getNumberInstance = getInstance

    @staticmethod
    def getIntegerInstance(locale=None):
        f = DecimalFormat("#,##0")
        f.setParseIntegerOnly(True)
        return f

    @staticmethod
    def getPercentInstance(locale=None):
        return DecimalFormat("#,##0%")
