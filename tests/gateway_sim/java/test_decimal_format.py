"""java.text.DecimalFormat / NumberFormat (US symbols) in pure-Python mode."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import java as java_pkg


@pytest.fixture(autouse=True)
def hook():
    java_pkg.install()


def test_format_patterns():
    from java.text import DecimalFormat, NumberFormat
    assert DecimalFormat("#,##0.00").format(1234567.891) == "1,234,567.89"
    assert DecimalFormat("0.#").format(2.25) == "2.2"            # HALF_EVEN on the double
    assert DecimalFormat("000").format(7) == "007"
    assert DecimalFormat("#,##0.00;(#,##0.00)").format(-5) == "(5.00)"
    assert NumberFormat.getInstance().format(1234.5678) == "1,234.568"
    assert NumberFormat.getIntegerInstance().format(2.5) == "2"
    assert NumberFormat.getPercentInstance().format(0.256) == "26%"
    assert DecimalFormat("0.00").toPattern() == "0.00"


def test_parse():
    from java.text import DecimalFormat, NumberFormat, ParseException
    assert NumberFormat.getInstance().parse("1,234.50") == 1234.5
    assert NumberFormat.getInstance().parse("12") == 12 and isinstance(
        NumberFormat.getInstance().parse("12"), int)
    assert NumberFormat.getInstance().parse("-3.25 kg") == -3.25   # leading number only
    assert NumberFormat.getPercentInstance().parse("25%") == 0.25
    assert NumberFormat.getIntegerInstance().parse("3.7") == 3
    assert DecimalFormat("$#,##0.00").parse("$1,000.25") == 1000.25
    with pytest.raises(ParseException) as e:
        DecimalFormat("0.0").parse("abc")
    assert str(e.value).endswith('Unparseable number: "abc"')


def test_bad_inputs():
    from java.lang import IllegalArgumentException, NullPointerException
    from java.text import DecimalFormat
    with pytest.raises(IllegalArgumentException):
        DecimalFormat("0.00E0")
    with pytest.raises(NullPointerException):
        DecimalFormat("0").format(None)
    with pytest.raises(IllegalArgumentException):
        DecimalFormat("0").format("12")
