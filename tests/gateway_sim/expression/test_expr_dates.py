"""Date and Time functions (TZ pinned to UTC; the manual's examples)."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.expression import ExprError, SimpleContext, compile_expression, evaluate

D1 = 'toDate("2008-2-24 8:00:00")'


def _ms(text):
    return evaluate(text).getTime()


@pytest.mark.parametrize("text,expected", [
    ('dateDiff(toDate("2008-2-24 8:00:00"), toDate("2008-2-24 8:15:30"), "minute")', 15.5),
    ('dateDiff(toDate("2008-2-24 8:00:00"), toDate("2008-3-12 9:28:00"), "month")', 1.0),
    ('dateDiff(toDate("2008-2-24 8:00:00"), toDate("2008-3-12 9:28:00"), "day")', 17.061111111),
    ('dateDiff(toDate("2008-2-24 8:00:10"), toDate("2008-2-24 8:00:00"), "sec")', -10.0),
    ('dateExtract(toDate("2003-9-14 8:00:00"), "year")', 2003),
    ('dateExtract(toDate("2009-1-15 8:00:00"), "month")', 0),
    ('dateExtract(toDate("2009-1-15 8:07:09"), "hour")', 8),
    ('dateExtract(toDate("2009-1-15 8:07:09"), "min")', 7),
    ('dateExtract(toDate("2009-1-15 8:07:09"), "second")', 9),
    ('dateExtract(toDate("2009-1-15 8:07:09"), "day")', 15),
    ('dateExtract(toDate("2009-1-15 8:07:09"), "dayofweek")', 5),
    ('dateExtract(toDate("2009-2-15 8:07:09"), "dayofyear")', 46),
    ('dateExtract(toDate("2009-1-15 8:07:09"), "week")', 3),
    ('dateFormat(toDate("2009-1-15 8:07:09"), "yyyy-MM-dd HH:mm:ss")', "2009-01-15 08:07:09"),
    ('getHour24(toDate("2009-1-15 18:07:09"))', 18), ('getHour12(toDate("2009-1-15 18:07:09"))', 6),
    ('getAMorPM(toDate("2009-1-15 18:07:09"))', 1), ('getMonth(toDate("2009-3-15 18:07:09"))', 2),
    ('getQuarter(toDate("2009-5-15"))', 2), ('getYear(toDate("2009-5-15"))', 2009),
    ('getDayOfYear(toDate("2009-2-1"))', 32), ('getDayOfMonth(toDate("2009-2-1"))', 1),
    ('getMinute(toDate("2009-2-1 3:04:05"))', 4), ('getSecond(toDate("2009-2-1 3:04:05"))', 5),
    ('getMillis(toDate("2009-2-1 3:04:05.250"))', 250),
    ('daysBetween(toDate("2009-2-1"), toDate("2009-2-11"))', 10),
    ('hoursBetween(toDate("2009-2-1"), toDate("2009-2-2"))', 24),
    ('secondsBetween(midnight(toDate("2009-2-1 3:04:05")), toDate("2009-2-1 3:04:05"))', 11045),
    ('monthsBetween(toDate("2009-1-1"), toDate("2009-6-1"))', 5),
    ('yearsBetween(toDate("2001-1-1"), toDate("2009-6-1"))', 8),
    ('dateIsAfter(toDate("2009-2-2"), toDate("2009-2-1"))', True),
    ('dateIsBefore(toDate("2009-2-2"), toDate("2009-2-1"))', False),
    ('dateIsBetween(toDate("2009-2-2"), toDate("2009-2-1"), toDate("2009-2-3"))', True),
    ('toMillis(toDate("1970-1-1 0:00:01"))', 1000),
    ('toMillis(fromMillis(1234))', 1234),
])
def test_date_values(utc, text, expected):
    got = evaluate(text)
    assert got == pytest.approx(expected) if isinstance(expected, float) else got == expected


def test_date_arithmetic_and_builders(utc):
    assert _ms('dateArithmetic(toDate("2010-01-04 8:00:00"), 5, "hour")') == _ms('toDate("2010-01-04 13:00:00")')
    assert _ms('dateArithmetic(toDate("2010-01-04 8:00:00"), -8, "days")') == _ms('toDate("2009-12-27 8:00:00")')
    assert _ms('dateArithmetic(toDate("2010-01-31"), 1, "month")') == _ms('toDate("2010-02-28")')
    assert _ms('addDays(toDate("2010-01-04"), 3)') == _ms('toDate("2010-01-07")')
    assert _ms('addMinutes(toDate("2010-01-04"), 90)') == _ms('toDate("2010-01-04 1:30:00")')
    assert _ms('getDate(2010, 0, 4)') == _ms('toDate("2010-01-04")')
    assert _ms('setTime(toDate("2010-01-04 5:06:07"), 1, 2, 3)') == _ms('toDate("2010-01-04 1:02:03")')
    assert _ms('midnight(toDate("2010-01-04 5:06:07"))') == _ms('toDate("2010-01-04")')
    assert _ms('toDate(0)') == 0


def test_now_reads_the_context_clock_and_notes_poll_rate(utc):
    ctx = SimpleContext(now_ms=86400000 + 3600000 * 13)
    assert compile_expression("getHour24(now()) = 13").evaluate(ctx) is True
    assert ctx.poll_ms == 1000
    compile_expression("now(0)").evaluate(ctx)
    assert ctx.poll_ms == 0
    assert compile_expression('dateExtract(now(0), "hour")').evaluate(ctx) == 13


@pytest.mark.parametrize("text,message", [
    ('dateDiff(toDate("2008-2-24"), toDate("2008-2-25"), "fortnight")', "unknown field"),
    ('dateExtract(null, "hour")', "null"),
    ('toDate("24/02/2008")', "not a date"),
])
def test_date_errors(utc, text, message):
    with pytest.raises(ExprError, match=message):
        evaluate(text)
