"""system.tag.storeAnnotations / queryAnnotations / deleteAnnotations (8.1 and 8.3) on the
in-memory historian, shared with 8.3's system.historian annotations."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.jvm import Date

M = 60 * 1000
P = "[default]Line/A"


def _ids(system, start, end, types=None):
    return [(a.getType(), a.data) for a in system.tag.queryAnnotations([P], start, end, types)]


def test_store_query_update_delete(virtual_gateway, system, clock):
    t0 = clock.now_ms()
    clock.advance(60 * 60)
    q = system.tag.storeAnnotations([P, P, "[default]Line/B"],
                                    [Date(t0 + 5 * M), Date(t0 + 30 * M), Date(t0)],
                                    [None, Date(t0 + 40 * M), None],
                                    ["note", "downtime", "note"], ["start", "jam", "other"])
    assert [x.isGood() for x in q] == [True, True, True]
    got = system.tag.queryAnnotations([P], Date(t0), Date(t0 + 60 * M))
    assert [(a.type, a.data, a.startTime.getTime()) for a in got] == [
        ("note", "start", t0 + 5 * M), ("downtime", "jam", t0 + 30 * M)]
    assert got[1].getEndTime().getTime() == t0 + 40 * M and got[0].getEndTime() is None
    assert got[0].getPath() == P and got[0].isDeleted() is False
    assert _ids(system, Date(t0 + 35 * M), Date(t0 + 60 * M)) == [("downtime", "jam")]
    assert _ids(system, Date(t0), Date(t0 + 60 * M), ["note"]) == [("note", "start")]
    # defaults: the last 12 hours up to now
    assert len(system.tag.queryAnnotations([P])) == 2

    sid = got[1].getStorageId()
    q = system.tag.storeAnnotations([P], [Date(t0 + 30 * M)], [Date(t0 + 45 * M)],
                                    ["downtime"], ["jam cleared"], [sid])
    assert q[0].isGood()
    after = system.tag.queryAnnotations([P], Date(t0), Date(t0 + 60 * M), ["downtime"])
    assert [(a.storageId, a.data, a.endTime.getTime()) for a in after] == [
        (sid, "jam cleared", t0 + 45 * M)]
    bad = system.tag.storeAnnotations([P], [Date(t0)], storageIds=["no-such-id"])
    assert not bad[0].isGood()

    res = system.tag.deleteAnnotations([P, P], [sid, "no-such-id"])
    assert [x.isGood() for x in res] == [True, False]
    assert _ids(system, Date(t0), Date(t0 + 60 * M)) == [("note", "start")]


def test_start_time_defaults_to_now(virtual_gateway, system, clock):
    now = clock.now_ms()
    assert system.tag.storeAnnotations([P], types=["marker"])[0].isGood()
    (a,) = system.tag.queryAnnotations([P])
    assert a.getStartTime().getTime() == now and a.getType() == "marker"


def test_bad_input_names_the_fix(system):
    with pytest.raises(ValueError) as info:
        system.tag.storeAnnotations([P, P], [Date(0)])
    assert "startTimes has 1 items for 2 paths" in str(info.value)
    with pytest.raises(ValueError) as info:
        system.tag.storeAnnotations([P], [Date(10 * M)], [Date(0)])
    assert "is before its start time" in str(info.value)
    with pytest.raises(ValueError) as info:
        system.tag.queryAnnotations([P], Date(10 * M), Date(0))
    assert "swap them" in str(info.value)
    with pytest.raises(TypeError) as info:
        system.tag.queryAnnotations([P], "yesterday")
    assert "startTime must be a java.util.Date" in str(info.value)


@pytest.mark.gateway_config(version="8.3")
def test_shared_with_system_historian_on_83(virtual_gateway, system, clock):
    t0 = clock.now_ms()
    system.tag.storeAnnotations([P], [Date(t0)], types=["note"], data=["from tag"])
    res = system.historian.queryAnnotations([P], Date(t0 - M), Date(t0 + M))
    assert [a.getData() for a in res] == ["from tag"]
