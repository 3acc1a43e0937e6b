"""``java.util.TimeZone.getTimeZone(id)`` (issue 10 hunt: a real project shifts
timestamps between named zones): IANA ids, custom ``GMT+hh:mm`` ids, and Java's rule
that an id it cannot understand is the GMT zone."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.java.lang import NullPointerException
from gateway_sim.java.util import Date, TimeZone

JAN = 1767225600000   # 2026-01-01T00:00:00Z
JUL = 1782864000000   # 2026-07-01T00:00:00Z


def test_named_zone_offsets_follow_daylight_time():
    chicago = TimeZone.getTimeZone("America/Chicago")
    assert chicago.getID() == "America/Chicago"
    assert chicago.getOffset(JAN) == -6 * 3600 * 1000
    assert chicago.getOffset(JUL) == -5 * 3600 * 1000
    assert chicago.getRawOffset() == -6 * 3600 * 1000
    assert chicago.useDaylightTime()
    assert chicago.inDaylightTime(Date(JUL)) and not chicago.inDaylightTime(Date(JAN))


def test_utc_and_custom_gmt_ids():
    assert TimeZone.getTimeZone("UTC").getOffset(JUL) == 0
    ist = TimeZone.getTimeZone("GMT+5:30")
    assert ist.getID() == "GMT+05:30"
    assert ist.getOffset(JAN) == (5 * 3600 + 30 * 60) * 1000
    assert not ist.useDaylightTime()
    assert TimeZone.getTimeZone("GMT-0800").getRawOffset() == -8 * 3600 * 1000


def test_an_id_java_cannot_understand_is_gmt():
    bad = TimeZone.getTimeZone("Mars/Olympus_Mons")
    assert bad.getID() == "GMT" and bad.getOffset(JUL) == 0
    assert TimeZone.getTimeZone("GMT+99").getID() == "GMT"


def test_null_id_is_a_null_pointer_naming_the_fix():
    with pytest.raises(NullPointerException) as exc:
        TimeZone.getTimeZone(None)
    assert "America/Chicago" in str(exc.value)


def test_default_zone_is_still_the_gateways():
    tz = TimeZone.getDefault()
    assert tz.getOffset(JAN) == TimeZone.getDefault().getOffset(JAN)
    assert tz.getID()


@pytest.mark.allow_not_implemented
def test_calendar_accepts_a_zone_with_the_gateways_rules(monkeypatch):
    from gateway_sim.java import _timefmt
    from gateway_sim.java.util import Calendar
    from gateway_sim.errors import NotImplementedInSimulator
    monkeypatch.setenv("TZ", "Etc/UTC")
    _timefmt.refresh_tz()
    try:
        cal = Calendar.getInstance(TimeZone.getTimeZone("UTC"))  # an alias of the gateway's
        cal.setTime(Date(JUL))
        assert cal.getTimeInMillis() == JUL
        with pytest.raises(NotImplementedInSimulator):
            Calendar.getInstance(TimeZone.getTimeZone("America/Chicago"))
    finally:
        monkeypatch.undo()
        _timefmt.refresh_tz()


@pytest.mark.allow_not_implemented
def test_gregorian_calendar_built_with_a_zone_or_locale(monkeypatch):
    from gateway_sim.java import _timefmt
    from gateway_sim.java.util import GregorianCalendar, Locale
    from gateway_sim.errors import NotImplementedInSimulator
    monkeypatch.setenv("TZ", "Etc/UTC")
    _timefmt.refresh_tz()
    try:
        cal = GregorianCalendar(TimeZone.getTimeZone("GMT"))
        cal.setTimeInMillis(JUL)
        assert cal.getTimeInMillis() == JUL
        assert GregorianCalendar(Locale.getDefault()).getTimeInMillis() > 0
        assert GregorianCalendar(2026, 6, 1).getTimeInMillis() == JUL  # fields still work
        with pytest.raises(NotImplementedInSimulator):
            GregorianCalendar(TimeZone.getTimeZone("Asia/Tokyo"))
    finally:
        monkeypatch.undo()
        _timefmt.refresh_tz()
