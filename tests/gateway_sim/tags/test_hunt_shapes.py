"""Shapes found in real public tag exports the simulator had not seen (issue 9 hunt).

Each export here is written for this test (never copied): it has the same shape as a
public export that failed to load or read as on a gateway.
"""
from __future__ import absolute_import, division, print_function

import gateway_sim.system as system

# 7.x: the definition writes a DateTime Value as text, an instance's EXTENSION override
# writes it as epoch milliseconds (both in one real 7.9 project's exports).
TYPES_7X = """<Tags>
   <Tag name="Bay" path="_types_" type="UDT_DEF">
      <Property name="Value"/>
      <Property name="DataType">2</Property>
      <Parameters>
      </Parameters>
      <Tag name="Seen" path="" type="DB">
         <Property name="Value">1970-01-01 01:00:00</Property>
         <Property name="DataType">8</Property>
      </Tag>
      <Tag name="Code" path="" type="DB">
         <Property name="Value">0</Property>
         <Property name="DataType">7</Property>
      </Tag>
   </Tag>
   <Tag name="Stamp" path="" type="DB">
      <Property name="Value">1447694320000</Property>
      <Property name="DataType">8</Property>
   </Tag>
</Tags>
"""
INSTANCES_7X = """<Tags>
   <Tag name="Bays" path="" type="Folder"/>
   <Tag name="Bay1" path="Bays" type="UDT_INST">
      <Property name="Value"/>
      <Property name="DataType">2</Property>
      <Property name="UDTParentType">Bay</Property>
      <Parameters>
      </Parameters>
      <Tag name="Seen" path="" type="EXTENSION">
         <Property name="Value">1447694321000</Property>
      </Tag>
      <Tag name="Code" path="" type="EXTENSION">
         <Property name="Value">0042</Property>
      </Tag>
   </Tag>
</Tags>
"""


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def test_7x_datetime_value_as_epoch_millis(gateway, tmp_path):
    gateway.tags.load_file(_write(tmp_path, "types.xml", TYPES_7X))
    gateway.tags.load_file(_write(tmp_path, "tags.xml", INSTANCES_7X))
    assert gateway.tags.warnings == []
    qv = gateway.tags.read_one("[default]Bays/Bay1/Seen")
    assert qv.quality.isGood(), qv
    assert qv.value.getTime() == 1447694321000
    assert gateway.tags.value("[default]Stamp").getTime() == 1447694320000
    # Text members keep their text (no number reading of an untyped 7.x value).
    assert gateway.tags.value("[default]Bays/Bay1/Code") == "0042"
    # The definition's text date still reads in the gateway's time zone.
    assert gateway.tags.read_one("[default]_types_/Bay/Seen").quality.isGood()
    assert system.tag.getConfiguration("[default]Bays/Bay1/Seen")[0]["dataType"] == "DateTime"


def test_json_datetime_text_of_digits_stays_an_error(gateway):
    # Only the 7.x XML Value text is untyped; a JSON string of digits is not a date.
    gateway.tags.load_data([{"name": "D", "dataType": "DateTime", "value": "1447694321000"}])
    assert gateway.tags.read_one("D").quality.getName() == "Error_TypeConversion"
    assert len(gateway.tags.warnings) == 1 and "DateTime" in gateway.tags.warnings[0]


def test_bound_alarm_property_reads_its_value_not_the_binding(gateway):
    # An 8.x export (migrated from 7.x) binds alarm properties; reading the property path
    # gives the bound value (unverified: Ignition's runtime value is the evaluated one, a
    # binding object never reaches a reader).
    gateway.tags.load_data([
        {"name": "Valve", "valueSource": "memory", "dataType": "Int4", "value": 1,
         "alarms": [{"name": "Changed", "mode": "OnCondition", "activeCondition": True,
                     "displayPath": {"bindType": "Expression",
                                     "value": "\"Valve \"+\r\nif({[.]Open},\r\n\t\"Open\",\r\n\t\"Closed\")"},
                     "label": {"bindType": "Tag", "value": "[.]Label"}}]},
        {"name": "Open", "valueSource": "memory", "dataType": "Boolean", "value": True},
        {"name": "Label", "valueSource": "memory", "dataType": "String", "value": "King valve"}])
    got = [q.value for q in system.tag.readBlocking(
        ["Valve/Alarms/Changed.DisplayPath", "Valve/Alarms/Changed.Label", "Valve/Alarms/Changed.Mode"])]
    assert got == ["Valve Open", "King valve", "OnCondition"]
    system.tag.writeBlocking(["Open"], [False])
    assert system.tag.readBlocking(["Valve/Alarms/Changed.DisplayPath"])[0].value == "Valve Closed"


def test_java_date_text_honours_its_zone_abbreviation(gateway):
    # A DataSet exported on a European gateway writes its Date cells as
    # java.util.Date.toString() in that gateway's zone ("CEST"); the instant is kept
    # wherever it is loaded. Abbreviations map as java.util.TimeZone's (CST = US Central);
    # an unknown one reads in this gateway's zone.
    ds = {"columns": [{"name": "fecha", "type": "java.util.Date"}, {"name": "piezas", "type": "java.lang.Integer"}],
          "rows": [["Fri Sep 12 08:55:21 CEST 2025", 0]]}
    import json
    gateway.tags.load_data([
        {"name": "Ds", "valueSource": "memory", "dataType": "DataSet", "value": json.dumps(ds)},
        {"name": "Est", "valueSource": "memory", "dataType": "DateTime", "value": "Sun Jan 12 08:55:21 EST 2025"},
        {"name": "Utc", "valueSource": "memory", "dataType": "DateTime", "value": "Sun Jan 12 08:55:21 UTC 2025"}])
    assert gateway.tags.warnings == []
    assert gateway.tags.value("Ds").getValueAt(0, "fecha").getTime() == 1757660121000
    assert gateway.tags.value("Est").getTime() == 1736690121000
    assert gateway.tags.value("Utc").getTime() == 1736690121000 - 5 * 3600000


def test_system_export_name_only_tags_are_not_made_up(gateway):
    # An exported System provider lists the gateway's computed tags by name only (no
    # value, no dataType). The simulator does not compute those: they read None with
    # Uncertain quality (as an unmeasurable metric), not a made-up memory Int4 0.
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "Gateway", "tagType": "Folder", "tags": [
            {"name": "SystemName", "tagType": "AtomicTag"},
            {"name": "Database", "tagType": "Folder", "tags": [
                {"name": "Plant", "tagType": "Folder", "tags": [
                    {"name": "Available", "tagType": "AtomicTag"},
                    {"name": "QueriesPerSecond", "tagType": "AtomicTag"}]}]},
            {"name": "Site", "dataType": "String", "value": "north"}]}]}, provider="System")
    assert gateway.tags.warnings == []
    qv = gateway.tags.read_one("[System]Gateway/Database/Plant/Available")
    assert qv.value is None and qv.quality.isUncertain(), qv
    assert gateway.tags.read_one("[System]Gateway/SystemName").value == gateway.name   # built-in kept
    assert gateway.tags.value("[System]Gateway/Site") == "north"                        # a real config
    assert system.tag.writeBlocking(["[System]Gateway/Database/Plant/Available"], [True])[0].isBad()
    assert [r["name"] for r in system.tag.browse("[System]Gateway/Database/Plant").getResults()] \
        == ["Available", "QueriesPerSecond"]


def test_alarm_property_bound_to_a_udt_parameter(gateway):
    # 8.x exports bind alarm properties with bindType "UDTParameter" ({RootInstanceName},
    # a declared parameter, or text around them) next to "Expression" ones.
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "_types_", "tagType": "Folder", "tags": [
            {"name": "Press", "tagType": "UdtType", "parameters": {"Cell": {"dataType": "String", "value": "C1"}},
             "tags": [
                 {"name": "Status", "tagType": "AtomicTag", "valueSource": "memory", "value": 0},
                 {"name": "Andon", "tagType": "AtomicTag", "valueSource": "memory", "value": 0, "alarms": [
                     {"name": "Andon Alert", "mode": "AboveValue", "inclusiveA": False, "priority": "Medium",
                      "displayPath": {"bindType": "UDTParameter", "value": "{RootInstanceName}"},
                      "notes": {"bindType": "UDTParameter", "value": "cell {Cell} / {InstanceName}"},
                      "label": {"bindType": "Expression",
                                "value": "if({[.]Status} = 0, 'Stopped', 'Running')"}}]}]}]},
        {"name": "Line", "tagType": "Folder", "tags": [
            {"name": "IM7", "tagType": "UdtInstance", "typeId": "Press",
             "parameters": {"Cell": {"dataType": "String", "value": "C9"}}}]}]})
    assert gateway.tags.warnings == []
    base = "[default]Line/IM7/Andon/Alarms/Andon Alert."
    got = [q.value for q in system.tag.readBlocking([base + "DisplayPath", base + "Notes", base + "Label"])]
    assert got == ["IM7", "cell C9 / IM7", "Stopped"]
    system.tag.writeBlocking(["[default]Line/IM7/Andon"], [3])
    gateway.tags.flush_events(10)
    events = [e for e in system.alarm.queryStatus() if "IM7" in str(e.getSource())]
    assert [str(e.getDisplayPath()) for e in events] == ["IM7"]


def test_dataset_query_tag_holds_the_whole_result(virtual_gateway):
    # A UDT member query tag of dataType DataSet (its SQL a parameter binding) holds the
    # result set, not its first cell (8.3 manual, Tag Data Types: datasets "work best"
    # on query tags); other types keep the first column of the first row.
    dbs = virtual_gateway.databases
    dbs.update("CREATE TABLE buttons (tag TEXT, step INTEGER)")
    dbs.update("INSERT INTO buttons VALUES ('Abort', 1), ('Abort', 2), ('Other', 3)")
    virtual_gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "_types_", "tagType": "Folder", "tags": [
            {"name": "Button", "tagType": "UdtType", "tags": [
                {"name": "settings", "tagType": "AtomicTag", "valueSource": "db", "dataType": "DataSet",
                 "datasource": "WorkflowsDB",
                 "query": {"bindType": "parameter",
                           "binding": "SELECT step, 0 as \"OldValue\" FROM buttons\r\nWHERE tag LIKE '{InstanceName}' ORDER BY step"}},
                {"name": "first", "tagType": "AtomicTag", "valueSource": "db", "dataType": "Int4",
                 "query": {"bindType": "parameter",
                           "binding": "SELECT step FROM buttons WHERE tag = '{InstanceName}' ORDER BY step"}}]}]},
        {"name": "Abort", "tagType": "UdtInstance", "typeId": "Button"},
        {"name": "None", "tagType": "UdtInstance", "typeId": "Button"}]})
    qv = virtual_gateway.tags.read_one("Abort/settings")
    assert qv.quality.isGood(), qv
    assert list(qv.value.getColumnNames()) == ["step", "OldValue"]
    assert [qv.value.getValueAt(r, 0) for r in range(qv.value.getRowCount())] == [1, 2]
    assert virtual_gateway.tags.value("Abort/first") == 1
    empty = virtual_gateway.tags.read_one("None/settings")
    assert empty.quality.isGood() and empty.value.getRowCount() == 0
    assert list(empty.value.getColumnNames()) == ["step", "OldValue"]
