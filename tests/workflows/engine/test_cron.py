"""engine/cron.py against croniter (the oracle; a test dependency, never used by the engine)."""
import datetime
import random

import pytest

from exchange.workflows.engine import cron
from exchange.workflows.errors import InvalidArgument

croniter = pytest.importorskip("croniter", reason="croniter is a test dependency: pip install -e .[dev]")
zoneinfo = pytest.importorskip("zoneinfo")

EXPRS = ["*/5 * * * *", "0 6 * * mon-fri", "30 2 * * *", "0 0 1 * *", "15 10 15 * fri", "@hourly",
         "@daily", "@weekly", "@monthly", "@yearly", "0 12 * feb,jun *", "5/10 1-5 * * *",
         "0 0 29 2 *", "*/7 3,4 1-10/3 * 1-5", "0 0 * * 7", "1 2 3 4 *", "*/30 * * * *",
         "15 * * * *", "0 1-3 * * sun", "59 23 31 dec *", "0 0 1,15 * wed"]
ZONES = ["UTC", "Europe/Berlin", "America/Chicago", "Australia/Lord_Howe", "Asia/Kolkata"]


def _oracle(expr, tz, ms, n):
    start = datetime.datetime.fromtimestamp(ms / 1000.0, zoneinfo.ZoneInfo(tz))
    it = croniter.croniter(expr, start)
    return [int(it.get_next(datetime.datetime).timestamp() * 1000) for _ in range(n)]


def _ours(expr, tz, ms, n):
    c = cron.Cron(expr, tz)
    out = []
    for _ in range(n):
        ms = c.next_after(ms)
        out.append(ms)
    return out


@pytest.mark.parametrize("tz", ZONES)
def test_next_fire_times_match_croniter_at_random_instants(tz):
    rnd = random.Random(tz)
    for expr in EXPRS:
        for _ in range(15):
            ms = rnd.randrange(1500000000000, 1900000000000)
            assert _ours(expr, tz, ms, 3) == _oracle(expr, tz, ms, 3), (expr, tz, ms)


@pytest.mark.parametrize("tz,day", [("Europe/Berlin", (2026, 3, 29)), ("Europe/Berlin", (2026, 10, 25)),
                                    ("America/Chicago", (2026, 3, 8)), ("America/Chicago", (2026, 11, 1)),
                                    ("Australia/Lord_Howe", (2026, 4, 5))])
@pytest.mark.parametrize("expr", ["*/10 * * * *", "30 2 * * *", "0 * * * *", "15 1-3 * * *", "0 2 * * *"])
def test_dst_transitions_match_croniter(tz, day, expr):
    start = datetime.datetime(day[0], day[1], day[2], tzinfo=zoneinfo.ZoneInfo(tz)) \
        - datetime.timedelta(hours=3)
    ms = int(start.timestamp() * 1000)
    assert _ours(expr, tz, ms, 20) == _oracle(expr, tz, ms, 20)


@pytest.mark.parametrize("expr,fragment", [
    ("* * * *", "has 4 fields"), ("61 * * * *", "minute value 61 is outside 0-59"),
    ("* * * foo *", "month value 'foo'"), ("*/0 * * * *", "step"), ("5-1 * * * *", "backwards"),
    ("0 0 30 2 *", "never fires"), ("", "expected text"), ("1,,2 * * * *", "empty item")])
def test_bad_expressions_say_what_is_wrong(expr, fragment):
    with pytest.raises(InvalidArgument) as e:
        cron.Cron(expr).next_after(0)
    assert fragment in str(e.value) and "format:" in str(e.value)


def test_unknown_time_zone_is_one_clear_error():
    with pytest.raises(InvalidArgument) as e:
        cron.Cron("* * * * *", "Mars/Olympus")
    assert "unknown time zone 'Mars/Olympus'" in str(e.value) and "IANA" in str(e.value)


def test_ticks_between_lists_the_earliest_ticks_in_range():
    c = cron.Cron("0 * * * *")
    ticks = c.ticks_between(0, 24 * 3600000, 1000)
    assert ticks == [h * 3600000 for h in range(1, 25)]
    assert c.ticks_between(0, 24 * 3600000, 3) == ticks[:3]
