"""``system.math``: descriptive statistics, as Ignition computes them.

Ignition delegates to Apache Commons Math 3 (``StatUtils``, ``Percentile``,
``Kurtosis``, ``Skewness``; the stubs raise its ``DimensionMismatchException``), so
these follow its definitions: an empty sequence (or None instead of one) gives NaN;
``variance``/``standardDeviation`` are the bias-corrected sample statistics (0.0 for
one value), ``populationVariance`` divides by n; ``kurtosis`` needs 4 values and
``skewness`` 3 (else NaN); ``percentile`` uses Commons Math's default (legacy)
estimation ``p(n+1)/100`` with linear interpolation and ``median`` is its 50th;
``mode`` and ``normalize`` return Java ``double[]`` (``array('d')``), ``mode`` sorted
ascending. Mismatched lengths raise ``DimensionMismatchException`` ("3 != 2"), a
percentile outside (0, 100] ``OutOfRangeException`` (Commons Math's texts).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import array
import math as _m

try:
    import builtins as _b
except ImportError:  # Python 2 / Jython
    import __builtin__ as _b  # noqa

from gateway_sim._compat import integer_types, string_types
from gateway_sim.jvm import IllegalArgumentException
from gateway_sim.registry import implements

NAN = float("nan")


class DimensionMismatchException(IllegalArgumentException):
    """``org.apache.commons.math3.exception.DimensionMismatchException``."""
    _java_name = "org.apache.commons.math3.exception.DimensionMismatchException"


class OutOfRangeException(IllegalArgumentException):
    """``org.apache.commons.math3.exception.OutOfRangeException``."""
    _java_name = "org.apache.commons.math3.exception.OutOfRangeException"


def _values(values, fn):
    """The numbers of ``values`` as floats; None for None (the caller answers NaN)."""
    if values is None:
        return None
    if isinstance(values, string_types) or not hasattr(values, "__iter__"):
        raise TypeError("system.math.%s: values must be a sequence of numbers, got %s"
                        % (fn, type(values).__name__))
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, integer_types + (float,)):
            raise TypeError("system.math.%s: values must be numbers (no None), got %r"
                            % (fn, v))
        out.append(float(v))
    return out


def _pair(values1, values2, fn):
    a, b = _values(values1, fn), _values(values2, fn)
    if a is None or b is None:
        return None, None
    if len(a) != len(b):
        raise DimensionMismatchException("%d != %d" % (len(a), len(b)))
    return a, b


def _mean(xs):
    return _b.sum(xs) / len(xs)


def _variance(xs):
    n = len(xs)
    if n == 1:
        return 0.0
    m = _mean(xs)
    dev = [x - m for x in xs]
    # Commons Math's corrected two-pass formula
    return (_b.sum(d * d for d in dev) - _b.sum(dev) ** 2 / n) / (n - 1)


def _log(x):
    if x < 0:
        return NAN
    if x == 0:
        return float("-inf")
    return _m.log(x)


@implements("system.math.sum")
def sum(values):  # noqa: A001 - Ignition's name
    xs = _values(values, "sum")
    return _b.sum(xs) if xs else NAN


@implements("system.math.sumSquares")
def sumSquares(values):
    xs = _values(values, "sumSquares")
    return _b.sum(x * x for x in xs) if xs else NAN


@implements("system.math.sumLog")
def sumLog(values):
    xs = _values(values, "sumLog")
    return _b.sum(_log(x) for x in xs) if xs else NAN


@implements("system.math.product")
def product(values):
    xs = _values(values, "product")
    if not xs:
        return NAN
    out = 1.0
    for x in xs:
        out *= x
    return out


@implements("system.math.mean")
def mean(values):
    xs = _values(values, "mean")
    return _mean(xs) if xs else NAN


@implements("system.math.geometricMean")
def geometricMean(values):
    xs = _values(values, "geometricMean")
    if not xs:
        return NAN
    total = _b.sum(_log(x) for x in xs)
    return NAN if total != total else _m.exp(total / len(xs))


@implements("system.math.max")
def max(values):  # noqa: A001
    xs = _values(values, "max")
    return _b.max(xs) if xs else NAN


@implements("system.math.min")
def min(values):  # noqa: A001
    xs = _values(values, "min")
    return _b.min(xs) if xs else NAN


@implements("system.math.variance")
def variance(values):
    xs = _values(values, "variance")
    return _variance(xs) if xs else NAN


@implements("system.math.populationVariance")
def populationVariance(values):
    xs = _values(values, "populationVariance")
    if not xs:
        return NAN
    m = _mean(xs)
    return _b.sum((x - m) ** 2 for x in xs) / len(xs)


@implements("system.math.standardDeviation")
def standardDeviation(values):
    xs = _values(values, "standardDeviation")
    return _m.sqrt(_variance(xs)) if xs else NAN


@implements("system.math.skewness")
def skewness(values):
    xs = _values(values, "skewness")
    if not xs or len(xs) < 3:
        return NAN
    n = float(len(xs))
    m = _mean(xs)
    var = _variance(xs)
    if var < 10e-20:
        return 0.0
    accum3 = _b.sum((x - m) ** 3 for x in xs) / (var * _m.sqrt(var))
    return (n / ((n - 1) * (n - 2))) * accum3


@implements("system.math.kurtosis")
def kurtosis(values):
    xs = _values(values, "kurtosis")
    if not xs or len(xs) < 4:
        return NAN
    n = float(len(xs))
    m = _mean(xs)
    var = _variance(xs)
    if var < 10e-20:
        return 0.0
    accum4 = _b.sum((x - m) ** 4 for x in xs) / (var * var)
    one = (n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))
    two = (3 * (n - 1) ** 2) / ((n - 2) * (n - 3))
    return one * accum4 - two


def _percentile(xs, p):
    if not xs:
        return NAN
    if len(xs) == 1:
        return xs[0]
    s = sorted(xs)
    n = len(s)
    pos = p * (n + 1) / 100.0
    fpos = _m.floor(pos)
    if pos < 1:
        return s[0]
    if pos >= n:
        return s[-1]
    lower, upper = s[int(fpos) - 1], s[int(fpos)]
    return lower + (pos - fpos) * (upper - lower)


@implements("system.math.percentile")
def percentile(values, percentile):
    if isinstance(percentile, bool) or not isinstance(percentile, integer_types + (float,)) \
            or not 0 < percentile <= 100:
        raise OutOfRangeException("out of bounds quantile value: %s, must be in (0, 100]"
                                  % (percentile,))
    xs = _values(values, "percentile")
    return NAN if xs is None else _percentile(xs, float(percentile))


@implements("system.math.median")
def median(values):
    xs = _values(values, "median")
    return NAN if xs is None else _percentile(xs, 50.0)


@implements("system.math.mode")
def mode(values):
    xs = _values(values, "mode")
    if not xs:
        return array.array("d")
    counts = {}
    for x in xs:
        counts[x] = counts.get(x, 0) + 1
    top = _b.max(counts.values())
    return array.array("d", sorted(x for x, c in counts.items() if c == top))


@implements("system.math.normalize")
def normalize(values):
    xs = _values(values, "normalize")
    if not xs:
        return array.array("d")
    m, sd = _mean(xs), _m.sqrt(_variance(xs))
    return array.array("d", [(x - m) / sd if sd else NAN for x in xs])


@implements("system.math.meanDifference")
def meanDifference(values1, values2):
    a, b = _pair(values1, values2, "meanDifference")
    return _b.sum(x - y for x, y in zip(a, b)) / len(a) if a else NAN


@implements("system.math.sumDifference")
def sumDifference(values1, values2):
    a, b = _pair(values1, values2, "sumDifference")
    return _b.sum(x - y for x, y in zip(a, b)) if a else NAN
