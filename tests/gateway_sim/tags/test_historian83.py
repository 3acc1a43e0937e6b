"""8.3's system.historian on the simulator's tag history: store then query raw and
aggregated points, formats, metadata/annotations round trips, browse, node renames,
bad input, the namespace absent on 8.1, and a real 8.3 project's tagHistory module."""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

from gateway_sim.jvm import Date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from realfixtures import real_path  # noqa: E402

pytestmark = pytest.mark.gateway_config(version="8.3")
M = 60 * 1000
A = "histprov:Historian:/sys:gw:/prov:default:/tag:Line/A"
B = "[default]Line/B"


def _rows(ds):
    return [[ds.getValueAt(r, c) for c in range(ds.getColumnCount())]
            for r in range(ds.getRowCount())]


@pytest.fixture
def stored(virtual_gateway, system, clock):
    t0 = clock.now_ms()
    clock.advance(60 * 60)
    h = system.historian
    q = h.storeDataPoints([A, A, A], [10, 20, 40],
                          [Date(t0), Date(t0 + 10 * M), Date(t0 + 40 * M)])
    assert [x.getCode() for x in q] == [192] * 3
    pts = [h.types.dataPoint(B, 1, Date(t0 + 20 * M)),
           h.types.dataPoint(B, 3, Date(t0 + 30 * M), 192)]
    assert [q.isGood() for q in h.storeDataPoints(pts)] == [True, True]
    return t0


def test_raw_wide_and_tall(stored, system):
    t0 = stored
    ds = system.historian.queryRawPoints([A, B], Date(t0), Date(t0 + 60 * M),
                                         columnNames=["a", "b"])
    assert ds.getColumnNames() == ["a", "b", "timestamp"]
    assert [r[:2] for r in _rows(ds)] == [[10, None], [20, None], [20, 1], [20, 3], [40, 3]]
    assert [r[2].getTime() - t0 for r in _rows(ds)] == [0, 10 * M, 20 * M, 30 * M, 40 * M]
    capped = system.historian.queryRawPoints([A, B], Date(t0), Date(t0 + 60 * M), returnSize=2)
    assert capped.getRowCount() == 2 and capped.getColumnNames()[:2] == [A, B]
    tall = system.historian.queryRawPoints([B], Date(t0 + 25 * M), Date(t0 + 60 * M),
                                           returnFormat="TALL", includeBounds=True)
    assert tall.getColumnNames() == ["path", "value", "quality", "timestamp"]
    assert [r[:3] for r in _rows(tall)] == [[B, 1, 192], [B, 3, 192]]


def test_aggregated_one_row_and_windows(stored, system):
    t0 = stored
    h = system.historian
    one = h.queryAggregatedPoints([A], Date(t0), Date(t0 + 60 * M), aggregates=["Average"])
    # 10 for 10 min, 20 for 30 min, 40 for 20 min: (100 + 600 + 800) / 60 = 25
    assert _rows(one)[0][0] == pytest.approx(25.0) and one.getRowCount() == 1
    two = h.queryAggregatedPoints([A, B], Date(t0), Date(t0 + 60 * M),
                                  aggregates=["Maximum", "LastValue"], returnSize=2,
                                  columnNames=["a", "b"])
    assert two.getColumnNames() == ["a", "b", "timestamp"]
    assert [r[:2] for r in _rows(two)] == [[20.0, 1], [40.0, 3]]   # B turns 3 at 30 min
    assert [r[2].getTime() - t0 for r in _rows(two)] == [0, 30 * M]
    calc = h.queryAggregatedPoints([A, B], Date(t0), Date(t0 + 60 * M),
                                   aggregates=["Minimum", "Count"], returnFormat="calculation")
    assert _rows(calc) == [[A, "Minimum", 10.0], [B, "Count", 2]]
    tall = h.queryAggregatedPoints([B], Date(t0), Date(t0 + 60 * M), aggregates="Average",
                                   returnFormat="Tall", returnSize=2)
    # first half: 1 for 10 min of the 10 with a value; second half: 3 throughout
    assert [r[1] for r in _rows(tall)] == [pytest.approx(1.0), pytest.approx(3.0)]


def test_metadata_and_annotations_round_trip(stored, system):
    t0 = stored
    h = system.historian
    assert [q.isGood() for q in h.storeMetadata([A], [Date(t0)], {"engUnit": "m"})] == [True]
    h.storeMetadata([h.types.metadataPoint(A, {"engUnit": "km"}, Date(t0 + 30 * M))])
    res = h.queryMetadata(A, Date(t0), Date(t0 + 60 * M)).getResults()
    assert [p.getProperties()["engUnit"] for p in res] == ["m", "km"]
    assert [p.getProperties()["engUnit"] for p in h.queryMetadata(A, Date(t0 + M)).getResults()] \
        == ["km"]
    q = h.storeAnnotations([A, B], [Date(t0 + 5 * M), Date(t0 + 50 * M)], types=["note", "alarm"],
                           data=["first", "second"])
    assert [x.isGood() for x in q] == [True, True]
    notes = h.queryAnnotations([A, B], Date(t0), Date(t0 + 60 * M)).getResults()
    assert [(n.getData(), n.getType()) for n in notes] == [("first", "note"), ("second", "alarm")]
    only = h.queryAnnotations([A, B], Date(t0), Date(t0 + 60 * M), allowedTypes=["alarm"])
    assert [n.getData() for n in only.getResults()] == ["second"]
    sid = notes[0].getStorageId()
    h.storeAnnotations([h.types.annotationPoint(A, Date(t0 + 5 * M), data="edited", identifier=sid)])
    assert h.queryAnnotations([A]).getResults()[0].getData() == "edited"
    assert h.storeAnnotations([A], [Date(t0)], storageIds=["nope"])[0].isGood() is False
    assert [x.isGood() for x in h.deleteAnnotations([A, A], [sid, sid])] == [True, False]
    assert h.queryAnnotations([A]).getResults() == []


def test_browse_and_rename(stored, system):
    t0 = stored
    h = system.historian
    assert [n.getPath() for n in h.browse("").getResults()] == ["histprov:Historian"]
    assert [n.getPath() for n in h.browse("histprov:Historian").getResults()] == \
        ["histprov:Historian:/prov:default"]
    top = h.browse("histprov:Historian:/prov:default").getResults()
    assert [(n.getPath(), n.getType(), n.hasChildren()) for n in top] == \
        [("histprov:Historian:/prov:default:/tag:Line", "folder", True)]
    deep = h.browse("histprov:Historian:/prov:default", recursive=True, nameFilters=["A*"])
    assert [n.getPath() for n in deep.getResults()] == [A.replace(":/sys:gw", "")]
    assert h.updateRegisteredNodePath(A, "histprov:Historian:/prov:default:/tag:Line/C")[0].isGood()
    moved = h.queryRawPoints(["[default]Line/C"], Date(t0), Date(t0 + 60 * M))
    assert [r[0] for r in _rows(moved)] == [10, 20, 40]
    assert h.queryRawPoints([A], Date(t0), Date(t0 + 60 * M)).getRowCount() == 0
    assert not h.updateRegisteredNodePath(A, None)[0].isGood()
    assert h.updateRegisteredNodePath("[default]Line/C", None)[0].isGood()


def test_bad_input_is_named(stored, system):
    h = system.historian
    with pytest.raises(ValueError, match="returnFormat must be one of"):
        h.queryRawPoints([A], returnFormat="Sideways")
    with pytest.raises(ValueError, match="use system.historian.queryAggregatedPoints"):
        h.queryRawPoints([A], returnFormat="Calculation")
    with pytest.raises(ValueError, match="unknown aggregates item 'Median'"):
        h.queryAggregatedPoints([A], aggregates=["Median"])
    with pytest.raises(ValueError, match="columnNames has 1 items for 2 paths"):
        h.queryAggregatedPoints([A, B], columnNames=["x"])
    with pytest.raises(ValueError, match="needs 'histprov:NAME' and '/tag:PATH'"):
        h.storeDataPoints(["histprov:X"], [1])
    with pytest.raises(TypeError, match="unexpected keyword argument 'when'"):
        h.storeDataPoints([A], [1], when=[None])
    with pytest.raises(ValueError, match="endDate without a startDate"):
        h.queryMetadata([A], endDate=Date(0))
    with pytest.raises(ValueError, match="no history provider 'Nope'"):
        h.browse("histprov:Nope")
    with pytest.raises(TypeError, match="properties must be a dictionary"):
        h.types.metadataPoint(A, ["engUnit"], Date(0))


@pytest.mark.gateway_config(version="8.1")
def test_namespace_absent_on_8_1(gateway, system):
    with pytest.raises(AttributeError, match="exists on Ignition 8.3"):
        system.historian


def test_real_project_tag_history_module(virtual_gateway, system, clock):
    path = real_path("projects", "Mustry-Solutions__factry-historian-ignition-module", "ignition",
                     "projects", "factry-demo")
    proj = virtual_gateway.projects.load(path, start=False)
    mod = proj.import_module("tagHistory")
    p0, p1 = "[default]Factry/Realistic/Realistic0", "[default]Factry/Realistic/Realistic1"
    now = clock.now_ms()
    system.historian.storeDataPoints([p0, p0, p1, p1], [10, 20, 1, 3],
                                     [Date(now - 30 * M), Date(now - 6 * M),
                                      Date(now - 5 * M), Date(now - 2 * M)])
    raw = mod.queryRawHistorian([p0, p1], minutes=10, columnNames=["Realistic0", "Realistic1"])
    assert raw.getColumnNames() == ["Realistic0", "Realistic1", "timestamp"]
    assert [r[:2] for r in _rows(raw)] == [[20, None], [20, 1], [20, 3]]
    agg = mod.queryAggregatedHistorian([p0, p1], hours=1, aggregates=["Average", "Average"],
                                       columnNames=["Realistic0", "Realistic1"])
    rows = _rows(agg)
    assert len(rows) == 100          # returnSize=100 windows of 36 s over the hour
    assert [r[0] for r in rows[:50]] == [None] * 50
    assert [r[0] for r in rows[50:90]] == [10.0] * 40 and [r[0] for r in rows[90:]] == [20.0] * 10
    assert [r[1] for r in rows[:91]] == [None] * 91
    # window 96 spans -144 s..-108 s: 1 for 24 s then 3 for 12 s
    assert rows[96][1] == pytest.approx((24 * 1 + 12 * 3) / 36.0)
    assert [r[1] for r in rows[91:96]] == [1.0] * 5 and [r[1] for r in rows[97:]] == [3.0] * 3
    assert rows[0][2].getTime() == now - 60 * M
