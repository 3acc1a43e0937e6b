"""Tag event scripts (valueChanged / qualityChanged) and gw.tags.subscribe."""
from __future__ import absolute_import, division, print_function

import sys
import threading
import types

import pytest

import gateway_sim.system as system
from gateway_sim.quality import QualityCode

RECORDER = []
# Scripts reach the recorder through an importable module (tests are not a package).
_mod = types.ModuleType("_tag_event_recorder")
_mod.RECORDER = RECORDER
sys.modules["_tag_event_recorder"] = _mod


def _tag(name, script, eventid="valueChanged", **kw):
    d = {"name": name, "dataType": "Int4", "value": 0,
         "eventScripts": [{"eventid": eventid, "script": script}]}
    d.update(kw)
    return d


BODY = ("\timport _tag_event_recorder as t\n"
        "\tt.RECORDER.append((tagPath, previousValue.value if previousValue else None, "
        "currentValue.value, str(currentValue.quality), initialChange, missedEvents, "
        "tag['name'], __import__('threading').current_thread().name))\n")


@pytest.fixture
def rec(gateway):
    del RECORDER[:]
    return gateway


def test_value_changed_fires_on_change_only(rec):
    rec.tags.load_data([_tag("T", BODY)])
    rec.tags.flush_events()
    assert len(RECORDER) == 1 and RECORDER[0][4] is True           # initialChange once at load
    assert RECORDER[0][0] == "[default]T" and RECORDER[0][1] is None
    system.tag.writeBlocking(["T"], [5])
    system.tag.writeBlocking(["T"], [5])       # same value: nothing fires
    system.tag.writeBlocking(["T"], ["5"])     # coerces to the same value: nothing fires
    system.tag.writeBlocking(["T"], [6])
    rec.tags.flush_events()
    assert [(r[1], r[2], r[4]) for r in RECORDER[1:]] == [(0, 5, False), (5, 6, False)]
    assert RECORDER[1][5] is False and RECORDER[1][6] == "T"
    assert RECORDER[1][7] != threading.current_thread().name      # on the tag-event thread


def test_quality_changed(rec):
    rec.tags.load_data([_tag("Q", BODY, eventid="qualityChanged")])
    rec.tags.flush_events()
    del RECORDER[:]
    system.tag.writeBlocking(["Q"], [3])            # value only: no qualityChanged
    rec.tags.set_quality("Q", QualityCode.Bad_Stale)
    rec.tags.flush_events()
    assert len(RECORDER) == 1 and RECORDER[0][3] == "Bad_Stale"


def test_unindented_body_is_stored_but_never_runs(rec):
    rec.tags.load_data([_tag("U", BODY.replace("\t", ""))])
    system.tag.writeBlocking(["U"], [1])
    rec.tags.flush_events()
    assert RECORDER == []
    cfg = system.tag.getConfiguration("[default]U")[0]
    assert cfg["eventScripts"][0]["script"].startswith("import")


def test_script_error_is_logged_not_raised(rec):
    rec.tags.load_data([_tag("E", "\tx = 1\n\traise ValueError('boom')\n")])
    assert system.tag.writeBlocking(["E"], [1])[0].isGood()
    rec.tags.flush_events()
    logs = [r for r in rec.util.records if r.logger.endswith("tags.eventscripts")]
    assert logs, "expected an error record"
    msg = logs[-1].message
    assert "[default]E" in msg and "line 2" in msg and "boom" in msg


def test_syntax_error_is_logged(rec):
    rec.tags.load_data([_tag("S", "\tif True\n\t\tpass\n")])
    rec.tags.flush_events()
    assert any("Syntax error" in r.message and "[default]S" in r.message for r in rec.util.records)


def test_script_sees_system_and_relative_paths(rec):
    rec.tags.load_data([{"name": "F", "tagType": "Folder", "tags": [
        {"name": "Out", "value": 0},
        _tag("In", "\tif not initialChange:\n\t\tsystem.tag.writeBlocking(['[.]Out'], [currentValue.value * 2])\n")]}])
    system.tag.writeBlocking(["F/In"], [21])
    rec.tags.flush_events()
    assert system.tag.readBlocking(["F/Out"])[0].value == 42


def test_subscribe(rec):
    system.tag.configure("[default]", [{"name": "S1", "value": 1}, {"name": "S2", "value": 2}])
    got = []
    h = rec.tags.subscribe(["[default]S1", "S2", "[default]Later"], lambda *a: got.append(a))
    rec.tags.flush_events()
    assert [(g[0], g[2].value, g[3]) for g in got] == [("[default]S1", 1, True), ("S2", 2, True),
                                                        ("[default]Later", None, True)]
    del got[:]
    system.tag.writeBlocking(["S1", "S2", "S1"], [10, 2, 10])
    system.tag.configure("[default]", [{"name": "Later", "value": 7}])
    system.tag.writeBlocking(["Later"], [8])
    rec.tags.flush_events()
    assert [(g[0], g[1].value, g[2].value, g[3]) for g in got] == [
        ("[default]S1", 1, 10, False), ("[default]Later", 7, 8, False)]
    h.unsubscribe()
    system.tag.writeBlocking(["S1"], [11])
    rec.tags.flush_events()
    assert len(got) == 2


def test_events_of_one_tag_stay_ordered(rec):
    rec.tags.load_data([_tag("O", BODY)])
    for i in range(1, 50):
        system.tag.writeBlocking(["O"], [i])
    rec.tags.flush_events()
    assert [r[2] for r in RECORDER[1:]] == list(range(1, 50))


def test_expression_change_fires_script(rec):
    rec.tags.load_data([{"name": "Src", "value": 1},
                        _tag("Ex", BODY, valueSource="expr", expression="{[.]Src} * 10")])
    system.tag.writeBlocking(["Src"], [2])
    rec.tags.flush_events()
    assert [(r[2], r[4]) for r in RECORDER] == [(10, True), (20, False)]


def test_subscribers_see_replaced_and_deleted_tags(rec):
    system.tag.configure("[default]", [{"name": "R", "value": 1}])
    got = []
    rec.tags.subscribe(["R"], lambda *a: got.append(a))
    rec.tags.flush_events()
    system.tag.configure("[default]", [{"name": "R", "value": 2}])          # overwrite
    system.tag.deleteTags(["R"])
    rec.tags.flush_events()
    assert [(g[1].value, g[2].value, str(g[2].quality)) for g in got[1:]] == [
        (1, 2, "Good"), (2, None, "Bad_NotFound(\"Path '[default]R' not found.\")")]


def test_same_value_write_keeps_timestamp(virtual_gateway):
    virtual_gateway.tags.load_data([{"name": "M", "value": 1}])
    before = system.tag.readBlocking(["M"])[0]
    virtual_gateway.clock.advance(5)
    assert system.tag.writeBlocking(["M"], [1])[0].isGood()
    assert system.tag.readBlocking(["M"])[0].timestamp.getTime() == before.timestamp.getTime()
    system.tag.writeBlocking(["M"], [2])
    assert system.tag.readBlocking(["M"])[0].timestamp.getTime() == before.timestamp.getTime() + 5000


QV_BODY = ("\timport _tag_event_recorder as t\n"
           "\tt.RECORDER.append((tagPath, currentValue.value, initialChange, sorted(changed)))\n")


def test_qualified_value_changed_83(rec):
    rec.tags.load_data([
        {"name": "V", "value": 0, "eventScripts": [
            {"eventid": "qualifiedValueChanged", "changeTypes": ["value"], "script": QV_BODY}]},
        {"name": "NoTypes", "value": 0, "eventScripts": [
            {"eventid": "qualifiedValueChanged", "script": QV_BODY}]},
        {"name": "Off", "value": 0, "eventScripts": [
            {"eventid": "valueChanged", "enabled": False, "script": BODY}]}])
    rec.tags.flush_events()
    assert RECORDER == [("[default]V", 0, True, ["QUALITY", "TIMESTAMP", "VALUE"])]
    del RECORDER[:]
    system.tag.writeBlocking(["V", "NoTypes", "Off", "V"], [1, 1, 1, 1])
    rec.tags.set_quality("V", "Bad_Stale")          # QUALITY only: not in changeTypes
    rec.tags.flush_events()
    assert RECORDER == [("[default]V", 1, False, ["TIMESTAMP", "VALUE"])] or \
        RECORDER == [("[default]V", 1, False, ["VALUE"])]
    cfg = system.tag.getConfiguration("[default]Off")[0]
    assert cfg["eventScripts"][0]["enabled"] is False


def test_bad_change_types_rejected(gateway):
    from gateway_sim.errors import ConfigError
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_data([{"name": "X", "eventScripts": [
            {"eventid": "qualifiedValueChanged", "changeTypes": ["SOMETIMES"], "script": "\tpass"}]}],
            source="x.json", strict=True)
    assert "changeTypes" in str(ei.value) and "x.json" in str(ei.value)


def test_subscriber_sees_timestamp_only_changes(virtual_gateway):
    virtual_gateway.tags.load_data([{"name": "Src", "value": 1},
                                    {"name": "E", "valueSource": "expr", "expression": "{[.]Src}",
                                     "executionMode": "FixedRate", "executionRate": 1000}])
    got = []
    virtual_gateway.tags.subscribe(["E"], lambda *a: got.append(a))
    virtual_gateway.tags.flush_events()
    virtual_gateway.clock.advance(2)
    virtual_gateway.tags.flush_events()
    later = got[1:]
    assert later and all(g[1].value == g[2].value == 1 for g in later)
    assert later[-1][2].timestamp.getTime() > later[-1][1].timestamp.getTime()


ALARM_BODY = ("\timport _tag_event_recorder as t\n"
              "\tt.RECORDER.append((alarmName, alarmPath, alarmEvent.isCleared(), str(alarmEvent.getId())))\n")


def test_alarm_active_and_cleared_scripts(rec):
    rec.tags.load_data([{"name": "Lvl", "dataType": "Float8", "value": 0,
                         "alarms": [{"name": "High", "mode": "AboveValue", "setpointA": 90}],
                         "eventScripts": [{"eventid": "alarmActive", "script": ALARM_BODY},
                                          {"eventid": "alarmCleared", "script": ALARM_BODY},
                                          {"eventid": "alarmAcked", "script": ALARM_BODY}]}])
    rec.tags.flush_events()
    assert RECORDER == []
    system.tag.writeBlocking(["Lvl"], [95])
    system.tag.writeBlocking(["Lvl"], [96])        # still active: nothing new
    system.tag.writeBlocking(["Lvl"], [10])
    rec.tags.flush_events()
    assert [(r[0], r[1], r[2]) for r in RECORDER] == [
        ("High", "[default]Lvl/Alarms/High", False), ("High", "[default]Lvl/Alarms/High", True)]
