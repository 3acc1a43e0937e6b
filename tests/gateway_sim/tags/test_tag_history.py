"""Tag history: recording, deadband, queryTagHistory shapes and aggregates,
storeTagHistory, queryTagCalculations, browseHistoricalTags, bad input."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.jvm import Date

H = 3600 * 1000


@pytest.fixture
def hist(virtual_gateway, system, clock):
    system.tag.configure("[default]Line", [
        {"name": "Speed", "dataType": "Float8", "value": 0.0, "historyEnabled": True,
         "historyProvider": "DB"},
        {"name": "Level", "dataType": "Float8", "value": 0.0, "historyEnabled": True,
         "historyProvider": "DB", "historicalDeadband": 1.0},
        {"name": "Plain", "dataType": "Float8", "value": 0.0},
    ])
    return system


def _t0(clock):
    return clock.now_ms()


def test_records_each_change_and_not_unchanged_writes(hist, clock):
    t0 = clock.now_ms()
    for v in (1.0, 1.0, 2.0):
        clock.advance(10)
        hist.tag.writeBlocking(["[default]Line/Speed"], [v])
    ds = hist.tag.queryTagHistory(["[default]Line/Speed"], endDate=Date(clock.now_ms()))
    assert ds.getColumnNames() == ["t_stamp", "[default]Line/Speed"]
    # the value before the first change, then 1.0 and 2.0 (the repeated 1.0 is no change)
    assert ds.getColumnAsList(1) == [0.0, 1.0, 2.0]
    assert [d.getTime() - t0 for d in ds.getColumnAsList(0)][1:] == [10000, 30000]
    plain = hist.tag.queryTagHistory(["[default]Line/Plain"], endDate=Date(clock.now_ms()))
    assert plain.getRowCount() == 0


def test_deadband_skips_small_moves(hist, clock):
    for v in (0.5, 1.2, 1.9, 2.5, 0.0):
        clock.advance(1)
        hist.tag.writeBlocking(["Line/Level"], [v])
    ds = hist.tag.queryTagHistory(["Line/Level"], endDate=Date(clock.now_ms()))
    # 0.0 seed; 0.5 (0.5 from 0) no; 1.2 yes; 1.9 no (0.7 from 1.2); 2.5 yes; 0.0 yes
    assert ds.getColumnAsList(1) == [0.0, 1.2, 2.5, 0.0]


def _store(system, start, pts, path="Line/X"):
    system.tag.storeTagHistory("DB", "default", [path] * len(pts), [v for _, v in pts],
                               timestamps=[Date(start + t) for t, _ in pts])


def test_store_then_raw_wide_and_tall(hist, clock):
    s = clock.now_ms() - 10 * H
    _store(hist, s, [(0, 1), (H, 3)], "Line/A")
    _store(hist, s, [(H // 2, 10)], "Line/B")
    end = Date(s + 2 * H)
    wide = hist.tag.queryTagHistory(["Line/A", "[default]Line/B"], startDate=Date(s),
                                    endDate=end, columnNames=["a", "b"])
    assert wide.getColumnNames() == ["t_stamp", "a", "b"]
    assert [[wide.getValueAt(r, c) for c in (1, 2)] for r in range(wide.getRowCount())] == \
        [[1, None], [1, 10], [3, 10]]
    tall = hist.tag.queryTagHistory(["Line/A", "Line/B"], startDate=Date(s), endDate=end,
                                    returnFormat="Tall")
    assert tall.getColumnNames() == ["path", "value", "quality", "timestamp"]
    assert [tall.getValueAt(r, 1) for r in range(3)] == [1, 10, 3]
    assert tall.getValueAt(0, 2) == 192 and tall.getValueAt(1, 0) == "[default]Line/B"
    # histprov path finds the same series
    hp = hist.tag.queryTagHistory(["histprov:DB:/drv:gw:default:/tag:Line/A"],
                                  startDate=Date(s), endDate=end)
    assert hp.getColumnAsList(1) == [1, 3]


def test_return_size_aggregates_by_hand(hist, clock):
    s = clock.now_ms() - 10 * H
    # value 0 for 15 min, 4 for 15 min, 8 for 30 min | 2 for the second hour
    _store(hist, s, [(0, 0), (H // 4, 4), (H // 2, 8), (H, 2)])
    q = lambda mode, **kw: hist.tag.queryTagHistory(  # noqa: E731
        ["Line/X"], startDate=Date(s), endDate=Date(s + 2 * H), returnSize=2,
        aggregationMode=mode, **kw)
    avg = q("Average")
    assert avg.getRowCount() == 2
    assert avg.getValueAt(0, 0).getTime() == s and avg.getValueAt(1, 0).getTime() == s + H
    assert avg.getColumnAsList(1) == [pytest.approx((0 * 15 + 4 * 15 + 8 * 30) / 60.0), 2.0]
    assert q("LastValue").getColumnAsList(1) == [8, 2]
    assert q("SimpleAverage").getColumnAsList(1) == [4.0, 2.0]
    mm = q("MinMax")
    assert mm.getColumnAsList(1) == [0.0, 8.0, 2.0, 2.0]
    assert q("Count").getColumnAsList(1) == [3, 1]
    assert q("Range").getColumnAsList(1) == [8.0, 0.0]
    iv = hist.tag.queryTagHistory(["Line/X"], startDate=Date(s), endDate=Date(s + 2 * H),
                                  intervalMinutes=30, aggregationMode="Maximum")
    assert iv.getColumnAsList(1) == [4.0, 8.0, 2.0, 2.0]
    # the window after the last point holds the last value, unless noInterpolation
    ni = hist.tag.queryTagHistory(["Line/X"], startDate=Date(s), endDate=Date(s + 2 * H),
                                  intervalMinutes=30, aggregationMode="Maximum",
                                  noInterpolation=True)
    assert ni.getColumnAsList(1) == [4.0, 8.0, 2.0, None]


def test_default_range_is_eight_hours_before_end(hist, clock):
    now = clock.now_ms()
    _store(hist, now, [(-9 * H, 1), (-7 * H, 2)])
    assert hist.tag.queryTagHistory(["Line/X"]).getColumnAsList(1) == [2]
    assert hist.tag.queryTagHistory(["Line/X"], rangeHours=10).getColumnAsList(1) == [1, 2]


def test_calculations(hist, clock):
    s = clock.now_ms() - 5 * H
    _store(hist, s, [(0, 0), (H // 4, 4), (H // 2, 8)])
    ds = hist.tag.queryTagCalculations(["Line/X"], ["Average", "Minimum", "Maximum", "Count"],
                                       startDate=Date(s), endDate=Date(s + H),
                                       aliases=["x"])
    assert ds.getColumnNames() == ["path", "Average", "Minimum", "Maximum", "Count"]
    assert [ds.getValueAt(0, c) for c in range(5)] == ["x", pytest.approx(5.0), 0.0, 8.0, 3]
    on = hist.tag.queryTagCalculations(["Line/X"], ["DurationOn", "DurationOff", "PctGood"],
                                       startDate=Date(s), endDate=Date(s + H))
    assert [on.getValueAt(0, c) for c in (1, 2, 3)] == [2700.0, 900.0, 100.0]


def test_browse_historical_tags(hist, clock):
    hist.tag.writeBlocking(["Line/Speed"], [5.0])
    provs = hist.tag.browseHistoricalTags("").getResults()
    assert [n["fullPath"] for n in provs] == ["histprov:DB"]
    tags = hist.tag.browseHistoricalTags("histprov:DB").getResults()
    assert [n["tagPath"] for n in tags] == ["[default]Line/Speed"]
    assert tags[0]["name"] == "Speed"
    assert hist.tag.browseHistoricalTags("histprov:DB", nameFilters=["Lev*"]).getResults() == []
    with pytest.raises(ValueError, match="no history provider 'Nope'"):
        hist.tag.browseHistoricalTags("histprov:Nope")


def test_bad_input(hist, clock):
    now = Date(clock.now_ms())
    with pytest.raises(ValueError, match="unknown aggregationMode 'Mean'.*Average"):
        hist.tag.queryTagHistory(["Line/X"], returnSize=3, aggregationMode="Mean")
    with pytest.raises(ValueError, match="endDate .* is before startDate"):
        hist.tag.queryTagHistory(["Line/X"], startDate=now, endDate=Date(now.getTime() - 1))
    with pytest.raises(ValueError, match="returnFormat must be 'Wide' or 'Tall'"):
        hist.tag.queryTagHistory(["Line/X"], returnFormat="Long")
    with pytest.raises(ValueError, match="columnNames has 1 names for 2 paths"):
        hist.tag.queryTagHistory(["Line/X", "Line/Y"], columnNames=["a"])
    with pytest.raises(TypeError, match="startDate must be a java.util.Date"):
        hist.tag.queryTagHistory(["Line/X"], startDate="yesterday")
    with pytest.raises(ValueError, match="values has 1 items for 2 paths"):
        hist.tag.storeTagHistory("DB", "default", ["a", "b"], [1])
    with pytest.raises(ValueError, match="needs 'histprov:NAME' and '/tag:PATH'"):
        hist.tag.queryTagHistory(["histprov:DB:/drv:gw:default"])


@pytest.mark.parametrize("version", ["8.1", "8.3"])
def test_parameter_names_per_version(version):
    import inspect
    from gateway_sim import catalog
    from gateway_sim.system import tag
    for name in ("queryTagHistory", "queryTagCalculations", "storeTagHistory",
                 "browseHistoricalTags"):
        sig = catalog.signature("system.tag", name, version)
        want = [p[0] if isinstance(p, (list, tuple)) else p for p in sig]
        got = list(inspect.signature(getattr(tag, name)).parameters)
        assert got == want, name
