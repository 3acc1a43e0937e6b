"""java.math.BigDecimal / RoundingMode / BigInteger in pure-Python mode (Java's scale rules)."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import java as java_pkg


@pytest.fixture(autouse=True)
def hook():
    java_pkg.install()


def test_rounding_idiom_and_scale():
    from java.math import BigDecimal, RoundingMode
    assert BigDecimal("2.345").setScale(2, RoundingMode.HALF_UP).doubleValue() == 2.35
    assert str(BigDecimal("2.5").setScale(0, BigDecimal.ROUND_HALF_EVEN)) == "2"
    assert BigDecimal("1.50").scale() == 2 and BigDecimal("1.50").precision() == 3
    assert str(BigDecimal("1.50").add(BigDecimal("2"))) == "3.50"
    assert str(BigDecimal("1.2").multiply(BigDecimal("0.30"))) == "0.360"
    assert str(BigDecimal("10").divide(BigDecimal("4"))) == "2.5"
    assert str(BigDecimal("1").divide(BigDecimal("3"), 5, RoundingMode.HALF_EVEN)) == "0.33333"
    assert str(BigDecimal("7.00").divide(BigDecimal("3"), RoundingMode.DOWN)) == "2.33"


def test_double_constructors_and_text():
    from java.math import BigDecimal
    assert str(BigDecimal(0.1)) == "0.1000000000000000055511151231257827021181583404541015625"
    assert str(BigDecimal.valueOf(0.1)) == "0.1" and str(BigDecimal.valueOf(123.0)) == "123.0"
    assert str(BigDecimal.valueOf(1e7)) == "1.0E+7"          # via Double.toString "1.0E7"
    assert BigDecimal("1E+3").toPlainString() == "1000"
    assert str(BigDecimal("100").stripTrailingZeros()) == "1E+2"
    assert str(BigDecimal.valueOf(5, 2)) == "0.05"


def test_equality_and_comparison():
    from java.math import BigDecimal
    a, b = BigDecimal("1.0"), BigDecimal("1.00")
    assert a != b and not a.equals(b) and a.compareTo(b) == 0     # equals sees the scale
    assert BigDecimal("2") > BigDecimal("1.5") and BigDecimal("1").max(BigDecimal("3")).intValue() == 3
    assert BigDecimal("-2.7").intValue() == -2 and BigDecimal("-2.7").signum() == -1
    with pytest.raises(TypeError):
        BigDecimal("1") + BigDecimal("2")    # no operators on BigDecimal, as in Jython


def test_errors_are_java_exceptions():
    from java.lang import ArithmeticException, IllegalArgumentException, NumberFormatException
    from java.math import BigDecimal, RoundingMode
    with pytest.raises(ArithmeticException) as e:
        BigDecimal("1").divide(BigDecimal("3"))
    assert "Non-terminating decimal expansion" in str(e.value)
    with pytest.raises(ArithmeticException) as e2:
        BigDecimal("1.25").setScale(1)
    assert str(e2.value).endswith("Rounding necessary")
    with pytest.raises(ArithmeticException):
        BigDecimal("1").divide(BigDecimal("0"))
    with pytest.raises(NumberFormatException):
        BigDecimal("abc")
    with pytest.raises(NumberFormatException):
        BigDecimal(float("nan"))
    with pytest.raises(IllegalArgumentException):
        RoundingMode.valueOf("SIDEWAYS")


def test_big_integer():
    from java.lang import ArithmeticException
    from java.math import BigInteger
    assert str(BigInteger("123").multiply(BigInteger.TEN)) == "1230"
    assert str(BigInteger(-7).divide(2)) == "-3"              # truncates toward zero
    assert BigInteger(2).pow(64).longValue() == 0 and BigInteger("ff", 16).intValue() == 255
    with pytest.raises(ArithmeticException):
        BigInteger(1).divide(0)
