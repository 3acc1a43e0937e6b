"""Value sources: expr (event driven + now()), reference, derived, db, opc."""
from __future__ import absolute_import, division, print_function

import pytest

import gateway_sim.system as system
from gateway_sim.quality import QualityCode


def _vals(*paths):
    return [qv.value for qv in system.tag.readBlocking(list(paths))]


@pytest.fixture
def plant(gateway):
    gateway.tags.load_data({"tags": [
        {"name": "Line1", "tagType": "Folder", "tags": [
            {"name": "Speed", "dataType": "Float8", "value": 5.0},
            {"name": "Running", "valueSource": "expr", "dataType": "Boolean", "expression": "{[.]Speed} > 10"},
            {"name": "Double", "valueSource": "expr", "dataType": "Float8", "expression": "{[~]Line1/Speed} * 2"},
            {"name": "Abs", "valueSource": "expr", "dataType": "Float8", "expression": "{[default]Line1/Double} + 1"},
            {"name": "Chain", "valueSource": "expr", "dataType": "Float8", "expression": "{[.]Abs} * 10"},
            {"name": "Unknown", "valueSource": "expr", "expression": "nosuch({[.]Speed})"},
            {"name": "Syntax", "valueSource": "expr", "expression": "1 +"},
            {"name": "Missing", "valueSource": "expr", "expression": "{[.]Nope} + 1"},
            {"name": "Text", "valueSource": "expr", "dataType": "String",
             "expression": "concat('speed=', {[.]Speed.Value}, ' ', {[.]Speed.Quality})"},
            {"name": "Ref", "valueSource": "reference", "dataType": "Float8", "sourceTagPath": "[.]Speed"},
            {"name": "Der", "valueSource": "derived", "dataType": "Float8", "sourceTagPath": "[default]Line1/Speed",
             "deriveExpressionGetter": "{source} / 10", "deriveExpressionSetter": "{value} * 10"},
            {"name": "Device", "valueSource": "opc", "dataType": "Int4", "opcItemPath": "ns=1;s=Dev", "value": 3},
            {"name": "CycA", "valueSource": "expr", "expression": "{[.]CycB} + 1"},
            {"name": "CycB", "valueSource": "expr", "expression": "{[.]CycA} + 1"},
        ]}]})
    return gateway


def test_expression_event_driven(plant):
    assert _vals("Line1/Running", "Line1/Double", "Line1/Abs", "Line1/Chain") == [False, 10.0, 11.0, 110.0]
    assert system.tag.writeBlocking(["Line1/Speed"], [20])[0].isGood()
    assert _vals("Line1/Running", "Line1/Double", "Line1/Abs", "Line1/Chain") == [True, 40.0, 41.0, 410.0]


def test_expression_errors_are_qualities(plant):
    unk, syn, miss = system.tag.readBlocking(["Line1/Unknown", "Line1/Syntax", "Line1/Missing"])
    assert unk.value is None and unk.quality == QualityCode.Error_ExpressionEval
    assert "nosuch" in unk.quality.getDiagnosticMessage()
    assert syn.quality == QualityCode.Error_ExpressionEval
    assert miss.quality == QualityCode.Bad_NotFound and miss.value is None


def test_expression_reads_properties(plant):
    assert _vals("Line1/Text") == ["speed=5.0 Good"]


def test_expression_tag_created_later_is_picked_up(plant):
    assert system.tag.readBlocking(["Line1/Missing"])[0].quality == QualityCode.Bad_NotFound
    system.tag.configure("[default]Line1", [{"name": "Nope", "value": 4}])
    qv = system.tag.readBlocking(["Line1/Missing"])[0]
    assert qv.value == 5 and qv.quality.isGood()


def test_reference_cycle_is_detected(plant):
    q = system.tag.readBlocking(["Line1/CycA"])[0].quality
    assert q.isBadOrError()


def test_expression_and_readonly_writes(plant):
    res = system.tag.writeBlocking(["Line1/Running", "Line1/Double"], [True, 1])
    assert res == [QualityCode.Bad_ReadOnly, QualityCode.Bad_ReadOnly]
    assert "expr" in res[0].getDiagnosticMessage()


def test_reference_reads_and_writes_through(plant):
    assert _vals("Line1/Ref") == [5.0]
    assert system.tag.writeBlocking(["Line1/Ref"], [8])[0].isGood()
    assert _vals("Line1/Speed", "Line1/Ref") == [8.0, 8.0]
    system.tag.writeBlocking(["Line1/Speed"], [9])
    assert _vals("Line1/Ref") == [9.0]


def test_derived_getter_and_setter(plant):
    assert _vals("Line1/Der") == [0.5]
    assert system.tag.writeBlocking(["Line1/Der"], [3])[0].isGood()
    assert _vals("Line1/Speed", "Line1/Der") == [30.0, 3.0]


def test_opc_item_the_default_server_lacks_reads_not_found_and_test_hooks(plant):
    # The default "Ignition OPC UA Server" connection exists but serves no items here.
    qv = system.tag.readBlocking(["Line1/Device"])[0]
    assert qv.value is None and qv.quality == QualityCode.Bad_NotFound
    assert "not found on Ignition OPC UA Server" in qv.quality.getDiagnosticMessage()
    assert system.tag.writeBlocking(["Line1/Device"], [4])[0] == QualityCode.Bad_NotFound
    plant.tags.set_value("Line1/Device", 7, QualityCode.Good)   # tests may still force a value
    assert _vals("Line1/Device") == [7]


def test_bad_source_quality_propagates(plant):
    plant.tags.set_quality("Line1/Speed", QualityCode.Bad_Stale)
    assert system.tag.readBlocking(["Line1/Running"])[0].quality == QualityCode.Bad_Stale
    assert system.tag.readBlocking(["Line1/Ref"])[0].quality == QualityCode.Bad_Stale


def test_now_expression_polls_on_virtual_clock(virtual_gateway):
    virtual_gateway.tags.load_data([
        {"name": "Now", "valueSource": "expr", "dataType": "DateTime", "expression": "now(1000)"},
        {"name": "Fixed", "valueSource": "expr", "dataType": "Int8", "expression": "toInt(now(0)) / 1000",
         "executionMode": "FixedRate", "executionRate": 2000}])
    t0 = system.tag.readBlocking(["Now"])[0].value.getTime()
    virtual_gateway.clock.advance(3)
    assert system.tag.readBlocking(["Now"])[0].value.getTime() == t0 + 3000
    assert system.tag.readBlocking(["Fixed"])[0].value == t0 // 1000 + 2


def test_db_query_tag(virtual_gateway):
    dbs = virtual_gateway.databases
    dbs.update("CREATE TABLE levels (v REAL)")
    dbs.update("INSERT INTO levels VALUES (12.5)")
    virtual_gateway.tags.load_data([
        {"name": "Q", "valueSource": "db", "dataType": "Float8", "query": "SELECT max(v) FROM levels",
         "datasource": "WorkflowsDB", "executionRate": 5000},
        {"name": "BadQ", "valueSource": "db", "query": "SELECT nope FROM nowhere"}])
    assert system.tag.readBlocking(["Q"])[0].value == 12.5
    dbs.update("INSERT INTO levels VALUES (20)")
    assert system.tag.readBlocking(["Q"])[0].value == 12.5      # not yet: executionRate
    virtual_gateway.clock.advance(5)
    assert system.tag.readBlocking(["Q"])[0].value == 20.0
    bad = system.tag.readBlocking(["BadQ"])[0]
    assert bad.quality == QualityCode.Error_DatabaseQuery
    assert system.tag.writeBlocking(["Q"], [1])[0] == QualityCode.Bad_ReadOnly


def test_alarm_state_paths(gateway):
    gateway.tags.load_data([{"name": "Level", "dataType": "Float8", "value": 10, "alarms": [
        {"name": "High", "mode": "AboveValue", "setpointA": 90.0, "priority": "High"},
        {"name": "Band", "mode": "BetweenValues", "setpointA": 20, "setpointB": 30},
        {"name": "Off", "mode": "AboveValue", "setpointA": 0, "enabled": False}]}])
    paths = ["Level/Alarms/High.IsActive", "Level/Alarms/Band.IsActive", "Level/Alarms/Off.IsActive"]
    assert [q.value for q in system.tag.readBlocking(paths)] == [False, False, False]
    system.tag.writeBlocking(["Level"], [95])
    assert [q.value for q in system.tag.readBlocking(paths)] == [True, False, False]
    system.tag.writeBlocking(["Level"], [25])
    assert [q.value for q in system.tag.readBlocking(paths)] == [False, True, False]
    assert system.tag.readBlocking(["Level/Alarms/High.Priority"])[0].value == "High"
    assert system.tag.readBlocking(["Level/Alarms/Nope.IsActive"])[0].quality == QualityCode.Bad_NotFound
    assert system.tag.writeBlocking(["Level/Alarms/High.IsActive"], [True])[0] == QualityCode.Bad_ReadOnly


def test_bare_paths_inside_tags_mean_the_tags_own_provider(gateway):
    gateway.tags.add_provider("edge")
    gateway.tags.load_data([{"name": "A", "value": 2},
                            {"name": "B", "valueSource": "expr", "expression": "{A} * 10"},
                            {"name": "C", "valueSource": "reference", "sourceTagPath": "A"}], provider="edge")
    gateway.tags.load_data([{"name": "A", "value": 5}])           # [default]A must not be used
    assert [q.value for q in system.tag.readBlocking(["[edge]B", "[edge]C"])] == [20, 2]
    system.tag.writeBlocking(["[edge]A"], [3])
    assert [q.value for q in system.tag.readBlocking(["[edge]B", "[edge]C"])] == [30, 3]


def test_timer_expression_tags_of_number_types_hold_epoch_millis(gateway):
    """Ignition's timer-tag idiom: an expression tag `now(1000)` of type Float8 or Int8
    holds the date as epoch milliseconds (found in a real export: Float8 read
    Error_TypeConversion)."""
    gateway.tags.load_data({"tags": [
        {"name": "TickF", "valueSource": "expr", "dataType": "Float8", "expression": "now(1000)"},
        {"name": "TickL", "valueSource": "expr", "dataType": "Int8", "expression": "now(1000)"}]})
    qf, ql = system.tag.readBlocking(["TickF", "TickL"])
    assert qf.quality.isGood() and ql.quality.isGood(), (qf, ql)
    assert isinstance(qf.value, float) and qf.value == int(qf.value)  # whole milliseconds
    now = system.date.now().getTime()
    # each tag evaluated now(): the same clock, a few ms apart at most
    assert abs(qf.value - now) < 60000 and abs(ql.value - now) < 60000, (qf, ql, now)
