"""java.util.Calendar / GregorianCalendar in the gateway's zone (pure-Python mode)."""
from __future__ import absolute_import, division, print_function

import time

import pytest

from gateway_sim import java as java_pkg
from gateway_sim.errors import NotImplementedInSimulator


@pytest.fixture
def new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    java_pkg.install()
    yield
    monkeypatch.undo()
    time.tzset()


def test_fields_follow_java_numbering(new_york):
    from java.util import Calendar, GregorianCalendar
    c = GregorianCalendar(2024, Calendar.JANUARY, 31, 22, 30, 15)
    assert c.get(Calendar.YEAR) == 2024 and c.get(Calendar.MONTH) == Calendar.JANUARY == 0
    assert c.get(Calendar.DAY_OF_MONTH) == 31 and c.get(Calendar.DAY_OF_WEEK) == Calendar.WEDNESDAY
    assert c.get(Calendar.HOUR_OF_DAY) == 22 and c.get(Calendar.HOUR) == 10
    assert c.get(Calendar.AM_PM) == Calendar.PM and c.get(Calendar.SECOND) == 15
    assert c.get(Calendar.DAY_OF_YEAR) == 31 and c.get(Calendar.WEEK_OF_YEAR) == 5
    assert c.get(Calendar.WEEK_OF_MONTH) == 5 and c.get(Calendar.DAY_OF_WEEK_IN_MONTH) == 5
    assert c.get(Calendar.ZONE_OFFSET) == -5 * 3600000 and c.get(Calendar.DST_OFFSET) == 0
    # US weeks: the week holding Jan 1 is week 1, also when it starts in December
    assert GregorianCalendar(2023, Calendar.DECEMBER, 31).get(Calendar.WEEK_OF_YEAR) == 1
    assert GregorianCalendar(2024, Calendar.DECEMBER, 28).get(Calendar.WEEK_OF_YEAR) == 52


def test_add_and_lenient_set(new_york):
    from java.util import Calendar, GregorianCalendar
    c = GregorianCalendar(2024, Calendar.JANUARY, 31, 10, 30)
    c.add(Calendar.MONTH, 1)
    assert str(c.getTime()) == "Thu Feb 29 10:30:00 EST 2024"     # clamped to month end
    c.set(Calendar.DATE, 31)
    assert str(c.getTime()) == "Sat Mar 02 10:30:00 EST 2024"     # lenient roll-over
    c.add(Calendar.YEAR, -1)
    c.add(Calendar.DATE, 8)                                         # across the DST change
    assert str(c.getTime()) == "Fri Mar 10 10:30:00 EST 2023"
    c.add(Calendar.DATE, 3)
    assert str(c.getTime()) == "Mon Mar 13 10:30:00 EDT 2023"       # wall time kept
    before = c.getTimeInMillis()
    c.add(Calendar.HOUR, -48)                                       # absolute hours
    assert c.getTimeInMillis() == before - 48 * 3600000
    assert str(c.getTime()) == "Sat Mar 11 09:30:00 EST 2023"
    c.set(2023, Calendar.JUNE, 1)
    c.set(Calendar.DAY_OF_WEEK, Calendar.SUNDAY)
    assert c.get(Calendar.DAY_OF_MONTH) == 28 and c.get(Calendar.MONTH) == Calendar.MAY


def test_time_and_helpers(new_york, virtual_gateway):
    from java.util import Calendar, Date, GregorianCalendar
    now = Calendar.getInstance()
    assert now.getTimeInMillis() == virtual_gateway.clock.now_ms()  # the gateway clock
    c = GregorianCalendar(2024, Calendar.FEBRUARY, 10)
    assert c.getActualMaximum(Calendar.DAY_OF_MONTH) == 29
    assert c.getActualMaximum(Calendar.DAY_OF_YEAR) == 366 and GregorianCalendar.isLeapYear(2024)
    copy = c.clone()
    copy.add(Calendar.MINUTE, 1)
    assert c.before(copy) and copy.after(c) and c.compareTo(copy) == -1 and c != copy
    c.setTime(Date(0))
    assert c.get(Calendar.YEAR) == 1969 and c.get(Calendar.HOUR_OF_DAY) == 19
    c.clear()
    assert c.getTimeInMillis() == 5 * 3600000       # 1970-01-01 00:00 local


def test_unsupported_calls_are_loud(new_york):
    from java.lang import IllegalArgumentException
    from java.util import Calendar
    c = Calendar.getInstance()
    with pytest.raises(IllegalArgumentException):
        c.get(99)
    with pytest.raises(NotImplementedInSimulator) as ei:
        c.set(Calendar.WEEK_OF_YEAR, 3)
    assert "java.util.Calendar.set(WEEK_OF_YEAR, value)" in str(ei.value)
    with pytest.raises(NotImplementedInSimulator):
        c.roll(Calendar.DATE, 1)


test_unsupported_calls_are_loud = pytest.mark.allow_not_implemented(test_unsupported_calls_are_loud)
