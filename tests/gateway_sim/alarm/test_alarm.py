"""Tag alarms through system.alarm: status, ack, shelving, journal, bound properties,
OnCondition, and the alarmActive/alarmCleared/alarmAcked tag event scripts."""
from __future__ import absolute_import, division, print_function

import sys
import types

import pytest

import gateway_sim.system as system

SRC_HIGH = "prov:default:/tag:Tank/Level:/alm:High"

BODY = ("\timport _alarm_rec as r\n"
        "\tr.LOG.append((%r, alarmName, alarmPath, str(alarmEvent.getState())))\n")


@pytest.fixture
def rec():
    mod = types.ModuleType("_alarm_rec")
    mod.LOG = []
    sys.modules["_alarm_rec"] = mod
    yield mod
    del sys.modules["_alarm_rec"]


@pytest.fixture
def tank(gateway, rec):
    gateway.tags.load_data([{"name": "Tank", "tagType": "Folder", "tags": [
        {"name": "HiSP", "dataType": "Float8", "value": 90.0},
        {"name": "Level", "dataType": "Float8", "value": 10.0, "alarms": [
            {"name": "High", "mode": "AboveValue", "priority": "High",
             "setpointA": {"bindType": "Tag", "value": "[.]HiSP"},
             "displayPath": {"bindType": "Expression", "value": "'Tank ' + {name} + ' level'"}},
            {"name": "Low", "mode": "BelowValue", "setpointA": 5, "priority": 1, "ackMode": "Auto"},
            {"name": "Cond", "mode": "OnCondition",
             "activeCondition": {"bindType": "Expression", "value": "{[.]Pump} && {[.]Level} > 50"}},
        ], "eventScripts": [{"eventid": e, "script": BODY % e}
                            for e in ("alarmActive", "alarmCleared", "alarmAcked")]},
        {"name": "Pump", "dataType": "Boolean", "value": True},
        {"name": "Door", "dataType": "Boolean", "value": True,
         "alarms": [{"name": "Open", "mode": "Equality", "setpointA": 1, "priority": "Critical"}]},
    ]}])
    return gateway


def _write(path, value):
    assert system.tag.writeBlocking([path], [value])[0].isGood()


def test_alarm_active_at_load_is_in_status(tank):
    st = system.alarm.queryStatus()
    assert [(e.getSource(), str(e.getState()), str(e.getPriority())) for e in st] == [
        ("prov:default:/tag:Tank/Door:/alm:Open", "ActiveUnacked", "Critical")]


def test_bound_setpoint_priority_display_path_and_lifecycle(tank, rec):
    _write("Tank/Level", 95.0)
    high = system.alarm.queryStatus(source=[SRC_HIGH])
    assert len(high) == 1
    ev = high[0]
    assert (str(ev.getState()), str(ev.getPriority()), ev.getDisplayPath()) == \
        ("ActiveUnacked", "High", "Tank High level")
    assert set(e.getName() for e in system.alarm.queryStatus(path=["prov:default:/tag:Tank/Level:/*"])) == \
        set(["High", "Cond"])
    assert system.alarm.acknowledge([str(ev.getId())], "seen it", "oper") == []
    assert str(system.alarm.queryStatus(source=[SRC_HIGH])[0].getState()) == "ActiveAcked"
    assert system.alarm.acknowledge([str(ev.getId()), "nope"], None) == [str(ev.getId()), "nope"]
    _write("Tank/Level", 20.0)
    assert system.alarm.queryStatus(source=[SRC_HIGH]) == []      # cleared + acked: gone
    tank.tags.flush_events()
    assert [r[:2] for r in rec.LOG if r[1] == "High"] == [
        ("alarmActive", "High"), ("alarmAcked", "High"), ("alarmCleared", "High")]
    assert [r[2] for r in rec.LOG if r[1] == "High"][0] == "[default]Tank/Level/Alarms/High"
    kinds = [(e.getLastEventState(), str(e.getState()))
             for e in system.alarm.queryJournal(source=[SRC_HIGH])]
    assert kinds == [("Active", "ActiveUnacked"), ("Ack", "ActiveAcked"), ("Clear", "ClearAcked")]
    ack = system.alarm.queryJournal(source=[SRC_HIGH], state=["Ack"])[0]
    assert ack.getAckData().get("ackUser") == "oper" and ack.getNotes() == "seen it"


def test_setpoint_follows_its_tag(tank):
    _write("Tank/HiSP", 5.0)
    _write("Tank/Level", 11.0)
    assert len(system.alarm.queryStatus(source=[SRC_HIGH])) == 1


def test_clear_unacked_stays_until_acked_and_auto_ack(tank):
    _write("Tank/Level", 95.0)
    _write("Tank/Level", 10.0)
    ev = system.alarm.queryStatus(source=[SRC_HIGH])[0]
    assert str(ev.getState()) == "ClearUnacked" and ev.isCleared()
    assert [str(e.getState()) for e in system.alarm.queryStatus(state=["ClearUnacked"], source=[SRC_HIGH])] \
        == ["ClearUnacked"]
    assert system.alarm.queryStatus(state=["ActiveAcked"], source=[SRC_HIGH]) == []
    system.alarm.acknowledge([ev.getId()], None)
    assert system.alarm.queryStatus(source=[SRC_HIGH]) == []
    _write("Tank/Level", 1.0)                  # Low (ackMode Auto)
    assert str(system.alarm.queryStatus(source=["*alm:Low"])[0].getState()) == "ActiveUnacked"
    _write("Tank/Level", 10.0)
    assert system.alarm.queryStatus(source=["*alm:Low"]) == []


def test_on_condition(tank):
    _write("Tank/Level", 60.0)
    assert [e.getName() for e in system.alarm.queryStatus(source=["*:/alm:Cond"])] == ["Cond"]
    _write("Tank/Pump", False)
    _write("Tank/Level", 61.0)
    assert str(system.alarm.queryStatus(source=["*:/alm:Cond"])[0].getState()) == "ClearUnacked"


def test_filters_and_dataset(tank):
    _write("Tank/Level", 95.0)
    assert [e.getName() for e in system.alarm.queryStatus(priority=["Critical"])] == ["Open"]
    assert sorted(e.getName() for e in system.alarm.queryStatus(priority=[3, 4])) == ["High", "Open"]
    assert [e.getName() for e in system.alarm.queryStatus(displaypath=["Tank*"])] == ["High"]
    assert sorted(e.getName() for e in system.alarm.queryStatus(all_properties=[("priority", ">=", "High")])) \
        == ["High", "Open"]
    ds = system.alarm.queryStatus(priority=["High"]).getDataset()
    assert list(ds.getColumnNames()) == ["EventId", "Source", "DisplayPath", "EventTime", "State", "Priority"]
    assert ds.getValueAt(0, 1) == SRC_HIGH and ds.getValueAt(0, 4) == "ActiveUnacked"
    with pytest.raises(TypeError, match="must be a list"):
        system.alarm.queryStatus(priority="High")
    with pytest.raises(ValueError, match="unknown alarm priority"):
        system.alarm.queryStatus(priority=["Urgent"])


def test_shelve_and_unshelve(virtual_gateway):
    virtual_gateway.tags.load_data([{"name": "Door", "dataType": "Boolean", "value": True,
                                     "alarms": [{"name": "Open", "mode": "WhenTrue"}]}])
    src = "prov:default:/tag:Door:/alm:Open"
    assert len(system.alarm.queryStatus()) == 1
    system.alarm.shelve([src], timeoutSeconds=30)
    assert system.alarm.queryStatus() == []
    assert [e.getSource() for e in system.alarm.queryStatus(includeShelved=True)] == [src]
    assert [p.getPath() for p in system.alarm.getShelvedPaths()] == [src]
    virtual_gateway.clock.advance(31)
    assert len(system.alarm.queryStatus()) == 1 and system.alarm.getShelvedPaths() == []
    system.alarm.shelve(["prov:default:/*"])            # default 15 minutes
    assert system.alarm.queryStatus() == []
    system.alarm.unshelve(["prov:default:/*"])
    assert len(system.alarm.queryStatus()) == 1


def test_cancel(tank):
    ev = system.alarm.queryStatus(priority=["Critical"])[0]
    system.alarm.cancel([ev.getId()])
    assert str(system.alarm.queryStatus(priority=["Critical"])[0].getState()) == "ClearUnacked"


def test_time_on_and_off_delays(virtual_gateway):
    virtual_gateway.tags.load_data([{"name": "T", "dataType": "Float8", "value": 0.0, "alarms": [
        {"name": "Hi", "mode": "AboveValue", "setpointA": 10, "timeOnDelaySeconds": 5,
         "timeOffDelaySeconds": 2}]}])
    src = ["prov:default:/tag:T:/alm:Hi"]
    _write("T", 20.0)
    virtual_gateway.tags.flush_events()
    assert system.alarm.queryStatus(source=src) == []
    virtual_gateway.clock.advance(4)
    assert system.alarm.queryStatus(source=src) == []
    virtual_gateway.clock.advance(1)
    assert str(system.alarm.queryStatus(source=src)[0].getState()) == "ActiveUnacked"
    _write("T", 0.0)
    virtual_gateway.tags.flush_events()      # the delay starts when the change is evaluated
    virtual_gateway.clock.advance(1)
    assert str(system.alarm.queryStatus(source=src)[0].getState()) == "ActiveUnacked"
    virtual_gateway.clock.advance(1)
    assert str(system.alarm.queryStatus(source=src)[0].getState()) == "ClearUnacked"
    # a condition that drops before its on-delay never raises a new event
    _write("T", 30.0)
    virtual_gateway.tags.flush_events()
    virtual_gateway.clock.advance(3)
    _write("T", 1.0)
    virtual_gateway.tags.flush_events()
    virtual_gateway.clock.advance(10)
    assert [k.getLastEventState() for k in system.alarm.queryJournal(source=src)] == ["Active", "Clear"]


def test_is_alarm_active_expression_functions(tank):
    tank.tags.load_data([
        {"name": "AnyTank", "valueSource": "expr", "dataType": "Boolean", "executionMode": "FixedRate",
         "executionRate": 1000, "expression": "isAlarmActive('[default]Tank/*', 'Hi*')"},
        {"name": "Crit", "valueSource": "expr", "dataType": "Boolean",
         "expression": "isAlarmActiveFiltered('[default]Tank/*', '*', '*', 4, 4, false, true, false)"}],
        base_path="Calc")
    system.alarm.queryStatus()                  # the Door alarm, active since load, is registered
    from gateway_sim.expression import compile_expression
    from gateway_sim.backends.tags.sources import EvalContext
    node = tank.tags.resolve("[default]Calc/AnyTank").node
    ctx = EvalContext(node.runtime)
    assert compile_expression("isAlarmActive('[default]Tank/*', 'Hi*')").evaluate(ctx) is False
    assert compile_expression("isAlarmActive('[default]Tank/Door')").evaluate(ctx) is True
    assert compile_expression(
        "isAlarmActiveFiltered('[default]Tank/*', '*', '*', 4, 4, false, true, false)").evaluate(ctx) is True
    assert compile_expression(
        "isAlarmActiveFiltered('[default]Tank/*', '*', '*', 0, 3, false, true, false)").evaluate(ctx) is False
    _write("Tank/Level", 95.0)
    system.alarm.queryStatus()
    assert compile_expression("isAlarmActive('[default]Tank/*', 'Hi*')").evaluate(ctx) is True


def test_alarm_rechecked_when_its_bound_setpoint_changes(tank):
    _write("Tank/Level", 80.0)                      # below HiSP 90: not active
    assert system.alarm.queryStatus(source=[SRC_HIGH]) == []
    _write("Tank/HiSP", 70.0)                       # the setpoint moves under the value
    assert [str(e.getState()) for e in system.alarm.queryStatus(source=[SRC_HIGH])] == ["ActiveUnacked"]
    _write("Tank/HiSP", 95.0)
    assert [str(e.getState()) for e in system.alarm.queryStatus(source=[SRC_HIGH])] == ["ClearUnacked"]


def test_alarm_active_at_load_runs_its_script(tank, rec):
    tank.tags.flush_events()
    assert [(r[0], r[1]) for r in rec.LOG] == []          # Level 10: nothing active on Level
    tank.tags.load_data([{"name": "Hot", "dataType": "Float8", "value": 99.0,
                          "alarms": [{"name": "TooHot", "mode": "AboveValue", "setpointA": 50}],
                          "eventScripts": [{"eventid": "alarmActive", "script": BODY % "alarmActive"}]}],
                        base_path="More")
    tank.tags.flush_events()
    assert [(r[0], r[1], r[3]) for r in rec.LOG] == [("alarmActive", "TooHot", "ActiveUnacked")]
