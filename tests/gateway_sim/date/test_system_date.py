"""system.date: every function, Java semantics (0-based months, 1 = Sunday), bad inputs."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import jvm
from gateway_sim.java.text import ParseException

T0 = 1764072000000  # Tue 2025-11-25 12:00:00 UTC (the virtual_gateway start)


def test_now_follows_virtual_clock(virtual_gateway, system):
    d = system.date.now()
    assert isinstance(d, jvm.Date) and d.getTime() == T0
    virtual_gateway.clock.advance(2.5)
    assert system.date.toMillis(system.date.now()) == T0 + 2500


def test_from_to_millis(system):
    d = system.date.fromMillis(T0)
    assert system.date.toMillis(d) == T0 and isinstance(system.date.toMillis(d), int)
    with pytest.raises(TypeError) as info:
        system.date.fromMillis("123")
    assert "fromMillis()" in str(info.value)
    with pytest.raises(TypeError) as info:
        system.date.toMillis(T0)
    assert "java.util.Date" in str(info.value)


def test_add_functions(system, utc):
    d = system.date.fromMillis(T0)
    ms = system.date.toMillis
    assert ms(system.date.addMillis(d, 5)) == T0 + 5
    assert ms(system.date.addSeconds(d, -3)) == T0 - 3000
    assert ms(system.date.addMinutes(d, 2)) == T0 + 120000
    assert ms(system.date.addHours(d, 1)) == T0 + 3600000
    assert ms(system.date.addDays(d, 1)) == T0 + 86400000
    assert ms(system.date.addWeeks(d, -1)) == T0 - 7 * 86400000
    assert system.date.format(system.date.addMonths(d, 3)) == "2026-02-25 12:00:00"
    assert system.date.format(system.date.addYears(d, -1)) == "2024-11-25 12:00:00"
    assert d.getTime() == T0  # the input is never changed


def test_add_months_clamps_to_last_day(system, utc):
    jan31 = system.date.getDate(2024, 0, 31)
    assert system.date.format(system.date.addMonths(jan31, 1), "yyyy-MM-dd") == "2024-02-29"
    assert system.date.format(system.date.addMonths(jan31, 13), "yyyy-MM-dd") == "2025-02-28"
    leap = system.date.getDate(2024, 1, 29)
    assert system.date.format(system.date.addYears(leap, 1), "yyyy-MM-dd") == "2025-02-28"


def test_add_days_keeps_wall_time_across_dst(system, chicago):
    before = system.date.parse("2025-03-08 10:00:00")
    after = system.date.addDays(before, 1)
    assert system.date.format(after) == "2025-03-09 10:00:00"
    assert system.date.hoursBetween(before, after) == 23
    assert system.date.daysBetween(before, after) == 1
    assert system.date.format(system.date.addHours(before, 24)) == "2025-03-09 11:00:00"


def test_between_functions(system, utc):
    a = system.date.getDate(2024, 0, 31)
    b = system.date.parse("2025-03-01 06:30:15")
    assert system.date.millisBetween(a, b) == b.getTime() - a.getTime()
    assert system.date.secondsBetween(a, b) == (b.getTime() - a.getTime()) // 1000
    assert system.date.minutesBetween(a, b) == (b.getTime() - a.getTime()) // 60000
    assert system.date.hoursBetween(a, b) == (b.getTime() - a.getTime()) // 3600000
    assert system.date.daysBetween(a, b) == 395
    assert system.date.weeksBetween(a, b) == 56
    assert system.date.monthsBetween(a, b) == 13
    assert system.date.yearsBetween(a, b) == 1
    # signed, truncated toward zero
    assert system.date.daysBetween(b, a) == -395
    assert system.date.secondsBetween(system.date.fromMillis(1500), system.date.fromMillis(0)) == -1
    assert system.date.monthsBetween(b, a) == -13


def test_getters(system, utc):
    d = system.date.parse("2025-11-25 13:04:05")
    d = system.date.addMillis(d, 678)
    assert system.date.getMillis(d) == 678
    assert system.date.getSecond(d) == 5
    assert system.date.getMinute(d) == 4
    assert system.date.getHour24(d) == 13
    assert system.date.getHour12(d) == 1
    assert system.date.getAMorPM(d) == 1
    assert system.date.getDayOfWeek(d) == 3  # Tuesday; 1 = Sunday
    assert system.date.getDayOfMonth(d) == 25
    assert system.date.getDayOfYear(d) == 329
    assert system.date.getMonth(d) == 10  # November, 0-based
    assert system.date.getQuarter(d) == 4
    assert system.date.getYear(d) == 2025
    noon = system.date.setTime(d, 12, 0, 0)
    assert system.date.getHour12(noon) == 0 and system.date.getAMorPM(noon) == 1
    sunday = system.date.getDate(2025, 10, 23)
    assert system.date.getDayOfWeek(sunday) == 1


def test_get_date_midnight_set_time(system, utc):
    d = system.date.getDate(2025, 0, 15)
    assert system.date.format(d, "yyyy-MM-dd HH:mm:ss.SSS") == "2025-01-15 00:00:00.000"
    assert system.date.format(system.date.getDate(2025, 12, 1), "yyyy-MM-dd") == "2026-01-01"
    t = system.date.parse("2025-01-15 17:45:12")
    assert system.date.midnight(t) == d
    assert system.date.format(system.date.setTime(t, 6, 7, 8)) == "2025-01-15 06:07:08"


def test_comparisons(system):
    a, b, c = (system.date.fromMillis(x) for x in (1, 2, 3))
    assert system.date.isBefore(a, b) and not system.date.isBefore(b, a)
    assert system.date.isAfter(c, b) and not system.date.isAfter(b, b)
    assert system.date.isBetween(b, a, c)
    assert system.date.isBetween(a, a, c) and system.date.isBetween(c, a, c)
    assert not system.date.isBetween(c, a, b)
    with pytest.raises(TypeError):
        system.date.isBefore(a, "tomorrow")


def test_timezone_functions(system, chicago):
    assert system.date.getTimezone() == "America/Chicago"
    winter = system.date.parse("2025-01-10 12:00:00")
    summer = system.date.parse("2025-07-10 12:00:00")
    assert system.date.getTimezoneOffset(winter) == -6.0
    assert system.date.getTimezoneOffset(summer) == -5.0
    assert system.date.getTimezoneRawOffset() == -6.0
    assert system.date.isDaylightTime(summer) and not system.date.isDaylightTime(winter)
    assert isinstance(system.date.isDaylightTime(), bool)
    assert isinstance(system.date.getTimezoneOffset(), float)
    assert str(winter) == "Fri Jan 10 12:00:00 CST 2025"


@pytest.mark.parametrize("pattern,expected", [
    ("yyyy-MM-dd HH:mm:ss", "2025-11-25 13:04:05"),
    ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2025-11-25T13:04:05.007Z"),
    ("EEE MMM dd HH:mm:ss zzz yyyy", "Tue Nov 25 13:04:05 UTC 2025"),
    ("EEEE, MMMM d, yy", "Tuesday, November 25, 25"),
    ("hh:mm a", "01:04 PM"),
    ("h 'o''clock' a", "1 o'clock PM"),
    ("Z|X|XX", "+0000|Z|Z"),
    ("D w W F u k K S", "329 48 5 4 2 13 1 7"),
    ("MM/dd/yyyy", "11/25/2025"),
])
def test_format_patterns(system, utc, pattern, expected):
    d = system.date.addMillis(system.date.parse("2025-11-25 13:04:05"), 7)
    assert system.date.format(d, pattern) == expected


def test_format_default_and_zone_offset(system, chicago):
    d = system.date.fromMillis(T0)
    assert system.date.format(d) == "2025-11-25 06:00:00"
    assert system.date.format(d, "Z XXX zzz") == "-0600 -06:00 CST"


@pytest.mark.parametrize("text,pattern,expected", [
    ("2025-11-25 13:04:05", None, "2025-11-25 13:04:05.000"),
    ("25/11/2025", "dd/MM/yyyy", "2025-11-25 00:00:00.000"),
    ("20251125T130405", "yyyyMMdd'T'HHmmss", "2025-11-25 13:04:05.000"),
    ("Nov 5, 2025 1:02 PM", "MMM d, yyyy h:mm a", "2025-11-05 13:02:00.000"),
    ("November 5 2025 12:30 AM", "MMMM d yyyy hh:mm a", "2025-11-05 00:30:00.000"),
    ("2025-11-25T13:04:05.250+02:00", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2025-11-25 11:04:05.250"),
    ("2025-11-25 13:04:05 -0500", "yyyy-MM-dd HH:mm:ss Z", "2025-11-25 18:04:05.000"),
    ("2025-13-01", "yyyy-MM-dd", "2026-01-01 00:00:00.000"),  # lenient, like Java
    ("2025-11-25 13:04:05 trailing text", None, "2025-11-25 13:04:05.000"),
    ("Tue Nov 25 13:04:05 UTC 2025", "EEE MMM dd HH:mm:ss zzz yyyy", "2025-11-25 13:04:05.000"),
])
def test_parse_patterns(system, utc, text, pattern, expected):
    d = system.date.parse(text) if pattern is None else system.date.parse(text, pattern)
    assert system.date.format(d, "yyyy-MM-dd HH:mm:ss.SSS") == expected


def test_parse_round_trips_format(system, chicago):
    d = system.date.fromMillis(T0 + 123)
    pattern = "yyyy-MM-dd HH:mm:ss.SSS"
    assert system.date.parse(system.date.format(d, pattern), pattern) == d


@pytest.mark.parametrize("text,pattern", [
    ("not a date", "yyyy-MM-dd"),
    ("2025/11/25", "yyyy-MM-dd"),
    ("", "yyyy-MM-dd HH:mm:ss"),
    ("Noday 5", "MMM d"),
])
def test_parse_bad_dates(system, text, pattern):
    with pytest.raises(ParseException) as info:
        system.date.parse(text, pattern)
    assert 'Unparseable date: "%s"' % text in str(info.value)
    assert info.value.getErrorOffset() == 0
    assert not isinstance(info.value, Exception)  # a Java exception, as on a gateway


@pytest.mark.parametrize("pattern,problem", [
    ("yyyy-MM-dd qq", "Illegal pattern character 'q'"),
    ("yyyy-'MM", "Unterminated quote"),
    ("%Y-%m-%d", "Illegal pattern character 'Y'") if False else ("%Y-%m-%d bb", "Illegal pattern character 'b'"),
])
def test_bad_patterns(system, pattern, problem):
    d = system.date.fromMillis(T0)
    with pytest.raises(jvm.IllegalArgumentException) as info:
        system.date.format(d, pattern)
    assert problem in str(info.value) and "SimpleDateFormat" in str(info.value)
    with pytest.raises(jvm.IllegalArgumentException):
        system.date.parse("2025", pattern)


def test_bad_argument_types(system):
    d = system.date.fromMillis(T0)
    with pytest.raises(TypeError):
        system.date.format("2025-01-01")
    with pytest.raises(TypeError):
        system.date.format(d, None)
    with pytest.raises(TypeError):
        system.date.parse(None)
    with pytest.raises(TypeError):
        system.date.addDays(d, "1")
    with pytest.raises(TypeError):
        system.date.getDate(2025, "Jan", 1)
    with pytest.raises(TypeError):
        system.date.getYear(None)


def test_no_gateway_means_clear_error():
    import gateway_sim.system as system_pkg
    from gateway_sim.errors import NoGatewayError
    with pytest.raises(NoGatewayError) as info:
        system_pkg.date.now()
    assert "simulate" in str(info.value)


def test_freezegun_time_is_seen_by_now(system):
    freezegun = pytest.importorskip("freezegun")
    with freezegun.freeze_time("2030-01-02 03:04:05"):
        a = system.date.now()
        b = system.date.now()
        assert a == b
        assert system.date.format(a, "yyyy-MM-dd HH:mm:ss") in (
            "2030-01-02 03:04:05", system.date.format(system.date.fromMillis(1893553445000)))
        assert a.getTime() == 1893553445000
