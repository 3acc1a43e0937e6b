"""Pure-Python ``java.math``: ``BigDecimal``, ``RoundingMode`` and a small ``BigInteger``.

``BigDecimal`` wraps ``decimal.Decimal`` with unlimited-in-practice precision and Java's
rules: the scale is kept (``BigDecimal("1.50").scale() == 2``), ``equals``/``==`` compare
value *and* scale while ``compareTo`` compares the value, ``divide`` without a rounding
mode raises ``ArithmeticException("Non-terminating decimal expansion; no exact
representable decimal result.")`` when the quotient does not terminate, ``setScale``
without a mode raises ``ArithmeticException("Rounding necessary")``, ``BigDecimal(double)``
is the double's exact binary value and ``valueOf(double)`` goes through
``Double.toString`` (shortest repr digits; JDKs before 19 sometimes print more -- unverified
for those edge cases). As in Jython, ``+``/``-`` operators are not defined: use ``add``...
May import: the standard library, ``gateway_sim._compat``, ``gateway_sim.java.lang``.
"""
from __future__ import absolute_import, division, print_function

import decimal

from gateway_sim._compat import integer_types, string_types, text_type
from gateway_sim.java.lang import (ArithmeticException, IllegalArgumentException,
                                   NumberFormatException, Object)

_CTX = decimal.Context(prec=2000, Emax=999999999, Emin=-999999999,
                       traps=[decimal.InvalidOperation, decimal.DivisionByZero])


class RoundingMode(Object):
    """``java.math.RoundingMode`` constants."""

    _java_name = "java.math.RoundingMode"

    def __init__(self, name, ordinal, py):
        self._name, self._ordinal, self._py = name, ordinal, py

    def name(self):
        return self._name

    def ordinal(self):
        return self._ordinal

    def toString(self):
        return self._name

    @staticmethod
    def valueOf(name_or_int):
        for m in _MODES:
            if name_or_int in (m._name, m._ordinal):
                return m
        if isinstance(name_or_int, integer_types):
            raise IllegalArgumentException("argument out of range")
        raise IllegalArgumentException("No enum constant java.math.RoundingMode.%s" % (name_or_int,))

    @staticmethod
    def values():
        return list(_MODES)


_MODES = [RoundingMode(n, i, p) for i, (n, p) in enumerate([
    ("UP", decimal.ROUND_UP), ("DOWN", decimal.ROUND_DOWN), ("CEILING", decimal.ROUND_CEILING),
    ("FLOOR", decimal.ROUND_FLOOR), ("HALF_UP", decimal.ROUND_HALF_UP),
    ("HALF_DOWN", decimal.ROUND_HALF_DOWN), ("HALF_EVEN", decimal.ROUND_HALF_EVEN),
    ("UNNECESSARY", None)])]
for _m in _MODES:
    setattr(RoundingMode, _m._name, _m)


def _mode(rm):
    if isinstance(rm, RoundingMode):
        return rm
    if isinstance(rm, integer_types):   # the legacy BigDecimal.ROUND_* ints
        return RoundingMode.valueOf(int(rm))
    raise TypeError("rounding mode must be a RoundingMode (RoundingMode.HALF_UP), got %r" % (rm,))


def _java_double_text(d):
    """``Double.toString(d)``: plain between 1e-3 and 1e7, else ``d.dddE[-]n``."""
    if d != d or d in (float("inf"), float("-inf")):
        raise NumberFormatException("Infinite or NaN")
    if d == 0:
        return "0.0"
    if 1e-3 <= abs(d) < 1e7:
        text = repr(float(d))
        return text if "." in text or "e" in text else text + ".0"
    sign, digits, exp = decimal.Decimal(repr(float(d))).as_tuple()
    ds = "".join(str(x) for x in digits).rstrip("0") or "0"
    e = exp + len(digits) - 1
    return "%s%s.%sE%d" % ("-" if sign else "", ds[0], ds[1:] or "0", e)


def _dec(value):
    if isinstance(value, BigDecimal):
        return value._d
    if isinstance(value, BigInteger):
        return decimal.Decimal(value._i)
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, integer_types):
        return decimal.Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberFormatException("Infinite or NaN")
        return decimal.Decimal(value)          # the exact binary value, as new BigDecimal(double)
    if isinstance(value, string_types):
        try:
            return decimal.Decimal(text_type(value).strip())
        except decimal.InvalidOperation:
            raise NumberFormatException("not a number: %r" % (value,))
    raise TypeError("BigDecimal needs a number or numeric text, got %s" % type(value).__name__)


class BigDecimal(Object):
    """``BigDecimal(text | int | float[, ...])``."""

    _java_name = "java.math.BigDecimal"
    ROUND_UP, ROUND_DOWN, ROUND_CEILING, ROUND_FLOOR = 0, 1, 2, 3
    ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_UNNECESSARY = 4, 5, 6, 7

    def __init__(self, value):
        self._d = _dec(value)

    @classmethod
    def _of(cls, d):
        b = cls.__new__(cls)
        b._d = d
        return b

    @staticmethod
    def valueOf(value, scale=None):
        if isinstance(value, float):
            return BigDecimal(_java_double_text(value))
        b = BigDecimal(int(value))
        if scale is not None:
            b = BigDecimal._of(b._d.scaleb(-scale, _CTX))
        return b

    # --- arithmetic -----------------------------------------------------------------
    def add(self, other):
        return BigDecimal._of(_CTX.add(self._d, _dec(other)))

    def subtract(self, other):
        return BigDecimal._of(_CTX.subtract(self._d, _dec(other)))

    def multiply(self, other):
        return BigDecimal._of(_CTX.multiply(self._d, _dec(other)))

    def divide(self, other, scale_or_mode=None, mode=None):
        divisor = _dec(other)
        if divisor == 0:
            raise ArithmeticException("/ by zero" if self._d == 0 else "Division by zero")
        if scale_or_mode is None:
            q = _CTX.divide(self._d, divisor)
            if _CTX.multiply(q, divisor) != self._d:
                raise ArithmeticException("Non-terminating decimal expansion; no exact "
                                          "representable decimal result.")
            return BigDecimal._of(q)
        if mode is None:   # divide(divisor, roundingMode): the scale of this
            return BigDecimal._of(_CTX.divide(self._d, divisor))._round(self.scale(),
                                                                       _mode(scale_or_mode))
        return BigDecimal._of(_CTX.divide(self._d, divisor))._round(int(scale_or_mode),
                                                                   _mode(mode))

    def remainder(self, other):
        return BigDecimal._of(_CTX.remainder(self._d, _dec(other)))

    def pow(self, n):
        return BigDecimal._of(_CTX.power(self._d, int(n)))

    def negate(self):
        return BigDecimal._of(-self._d)

    def abs(self):
        return BigDecimal._of(abs(self._d))

    def max(self, other):
        return self if self.compareTo(other) >= 0 else other

    def min(self, other):
        return self if self.compareTo(other) <= 0 else other

    def movePointLeft(self, n):
        return BigDecimal._of(self._d.scaleb(-int(n), _CTX))

    def movePointRight(self, n):
        return BigDecimal._of(self._d.scaleb(int(n), _CTX))

    # --- scale ---------------------------------------------------------------------------
    def _round(self, scale, rm):
        target = decimal.Decimal(1).scaleb(-int(scale))
        if rm._py is None:
            q = self._d.quantize(target, rounding=decimal.ROUND_DOWN, context=_CTX)
            if q != self._d:
                raise ArithmeticException("Rounding necessary")
            return BigDecimal._of(q)
        return BigDecimal._of(self._d.quantize(target, rounding=rm._py, context=_CTX))

    def setScale(self, scale, mode=None):
        return self._round(scale, RoundingMode.UNNECESSARY if mode is None else _mode(mode))

    def scale(self):
        return -self._d.as_tuple()[2]

    def precision(self):
        digits = self._d.as_tuple()[1]
        return max(1, len(digits))

    def unscaledValue(self):
        sign, digits, _exp = self._d.as_tuple()
        n = int("".join(str(x) for x in digits) or "0")
        return BigInteger(-n if sign else n)

    def signum(self):
        return (self._d > 0) - (self._d < 0)

    def stripTrailingZeros(self):
        return BigDecimal._of(decimal.Decimal(0) if self._d == 0 else self._d.normalize(_CTX))

    # --- conversions / comparison ---------------------------------------------------------
    def doubleValue(self):
        return float(self._d)

    floatValue = doubleValue

    def intValue(self):
        n = int(self._d) & 0xFFFFFFFF
        return n - (1 << 32) if n >= 1 << 31 else n

    def longValue(self):
        n = int(self._d) & 0xFFFFFFFFFFFFFFFF
        return n - (1 << 64) if n >= 1 << 63 else n

    def toBigInteger(self):
        return BigInteger(int(self._d))

    def toString(self):
        return text_type(self._d)

    def toPlainString(self):
        return text_type("{0:f}".format(self._d))

    def compareTo(self, other):
        o = _dec(other)
        return (self._d > o) - (self._d < o)

    def equals(self, other):
        return isinstance(other, BigDecimal) and other._d.as_tuple() == self._d.as_tuple()

    def hashCode(self):
        return hash(self._d.as_tuple())

    def __eq__(self, other):
        return self.equals(other)

    def __ne__(self, other):
        return not self.equals(other)

    def __hash__(self):
        return self.hashCode()

    def __lt__(self, other):
        return self.compareTo(other) < 0

    def __le__(self, other):
        return self.compareTo(other) <= 0

    def __gt__(self, other):
        return self.compareTo(other) > 0

    def __ge__(self, other):
        return self.compareTo(other) >= 0

    def __float__(self):
        return float(self._d)

    def __int__(self):
        return int(self._d)

    def __str__(self):
        return self.toString()

    __repr__ = __str__


class BigInteger(Object):
    """``java.math.BigInteger`` over a Python int (``add``, ``multiply``, ``toString``...)."""

    _java_name = "java.math.BigInteger"

    def __init__(self, value, radix=10):
        if isinstance(value, integer_types) and not isinstance(value, bool):
            self._i = int(value)
        else:
            try:
                self._i = int(text_type(value), radix)
            except (ValueError, TypeError):
                raise NumberFormatException('For input string: "%s"' % (value,))

    @staticmethod
    def valueOf(n):
        return BigInteger(int(n))

    def _o(self, other):
        return other._i if isinstance(other, BigInteger) else int(other)

    def add(self, other):
        return BigInteger(self._i + self._o(other))

    def subtract(self, other):
        return BigInteger(self._i - self._o(other))

    def multiply(self, other):
        return BigInteger(self._i * self._o(other))

    def divide(self, other):
        o = self._o(other)
        if o == 0:
            raise ArithmeticException("BigInteger divide by zero")
        q = abs(self._i) // abs(o)         # Java truncates toward zero
        return BigInteger(q if (self._i >= 0) == (o >= 0) else -q)

    def mod(self, other):
        o = self._o(other)
        if o <= 0:
            raise ArithmeticException("BigInteger: modulus not positive")
        return BigInteger(self._i % o)

    def pow(self, n):
        return BigInteger(self._i ** int(n))

    def negate(self):
        return BigInteger(-self._i)

    def abs(self):
        return BigInteger(abs(self._i))

    def signum(self):
        return (self._i > 0) - (self._i < 0)

    def compareTo(self, other):
        o = self._o(other)
        return (self._i > o) - (self._i < o)

    def equals(self, other):
        return isinstance(other, BigInteger) and other._i == self._i

    def __eq__(self, other):
        return self.equals(other)

    def __ne__(self, other):
        return not self.equals(other)

    def __hash__(self):
        return hash(self._i)

    def intValue(self):
        n = self._i & 0xFFFFFFFF
        return n - (1 << 32) if n >= 1 << 31 else n

    def longValue(self):
        n = self._i & 0xFFFFFFFFFFFFFFFF
        return n - (1 << 64) if n >= 1 << 63 else n

    def doubleValue(self):
        return float(self._i)

    def toString(self, radix=10):
        from gateway_sim.java.lang import Long
        return text_type(self._i) if radix == 10 else Long.toString(self._i, radix)

    def __int__(self):
        return self._i

    def __str__(self):
        return self.toString()

    __repr__ = __str__


BigInteger.ZERO, BigInteger.ONE, BigInteger.TEN = BigInteger(0), BigInteger(1), BigInteger(10)
BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.TEN = BigDecimal(0), BigDecimal(1), BigDecimal(10)
