"""system.math: Apache Commons Math 3 definitions (what Ignition delegates to)."""
from __future__ import absolute_import, division, print_function

import math

import pytest

from gateway_sim.jvm import IllegalArgumentException

TEN = list(range(1, 11))


def test_moments_and_sums(system):
    m = system.math
    assert m.sum(TEN) == 55.0 and m.sumSquares([1, 2, 3]) == 14.0 and m.product([2, 3.5]) == 7.0
    assert m.mean(TEN) == 5.5 and m.min(TEN) == 1.0 and m.max(TEN) == 10.0
    assert m.variance(TEN) == pytest.approx(9.166666666666666)
    assert m.standardDeviation(TEN) == pytest.approx(3.0276503540974917)
    assert m.populationVariance(TEN) == pytest.approx(8.25)
    assert m.variance([4]) == 0.0
    assert m.geometricMean([1, 3, 9]) == pytest.approx(3.0)
    assert m.sumLog([1, math.e]) == pytest.approx(1.0)
    assert m.skewness(TEN) == pytest.approx(0.0, abs=1e-12)
    assert m.skewness([1, 2, 10]) == pytest.approx(1.6523167403329906)
    assert m.kurtosis(TEN) == pytest.approx(-1.2)
    assert math.isnan(m.kurtosis([1, 2, 3])) and math.isnan(m.skewness([1, 2]))


def test_percentiles_use_the_legacy_estimation(system):
    m = system.math
    assert m.median(TEN) == 5.5 and m.median([3, 1, 2]) == 2.0
    assert m.percentile(TEN, 25) == pytest.approx(2.75)
    assert m.percentile(TEN, 1) == 1.0 and m.percentile(TEN, 100) == 10.0
    with pytest.raises(IllegalArgumentException) as info:
        m.percentile(TEN, 0)
    assert "out of bounds quantile value: 0, must be in (0, 100]" in str(info.value)


def test_arrays_and_pairs(system):
    m = system.math
    assert list(m.mode([3, 1, 3, 2, 1])) == [1.0, 3.0] and list(m.mode([])) == []
    norm = list(m.normalize([1, 2, 3]))
    assert norm == pytest.approx([-1.0, 0.0, 1.0])
    assert m.sumDifference([5, 7], [1, 2]) == 9.0 and m.meanDifference([5, 7], [1, 2]) == 4.5
    with pytest.raises(IllegalArgumentException) as info:
        m.sumDifference([1, 2, 3], [1, 2])
    assert "DimensionMismatchException" in type(info.value).__name__ and "3 != 2" in str(info.value)


def test_empty_or_none_is_nan_and_bad_values_are_named(system):
    m = system.math
    for fn in (m.sum, m.mean, m.max, m.min, m.variance, m.median, m.product, m.geometricMean):
        assert math.isnan(fn([])) and math.isnan(fn(None))
    with pytest.raises(TypeError) as info:
        m.mean([1, None])
    assert "system.math.mean" in str(info.value) and "None" in str(info.value)
