"""UDTs resolved as Ignition resolves them (issue 9 item 1), on crafted exports.

Nested instances take their type from the parent definition; parameters flow and
override along the chain (definition default -> parent type -> nested member binding ->
instance override); built-in parameters are substituted in expressions, OPC item paths,
references and alarm properties; definitions holding instances show their members.
"""
from __future__ import absolute_import, division, print_function

import json

import gateway_sim.system as system
from gateway_sim.quality import QualityCode

TYPES = [
    {"name": "Valve", "tagType": "UdtType",
     "parameters": {"Tag": {"dataType": "String", "value": "V0"}, "Open": {"dataType": "Float8", "value": 1.0}},
     "tags": [
         {"name": "Cmd", "dataType": "Boolean", "value": False},
         {"name": "OpenTime", "dataType": "Float8",
          "value": {"bindType": "parameter", "binding": "{Open}"}},
         {"name": "Item", "valueSource": "opc", "dataType": "Boolean", "opcServer": "Ignition OPC UA Server",
          "opcItemPath": {"bindType": "parameter", "binding": "ns=1;s=[PLC]{Tag}/{InstanceName}"}},
         {"name": "Who", "valueSource": "expr", "dataType": "String",
          "expression": "{RootInstanceName} + ':' + {ParentInstanceName} + ':' + {InstanceName}"},
         {"name": "Where", "valueSource": "expr", "dataType": "String",
          "expression": "{PathToParentFolder}"},
         {"name": "Up", "valueSource": "reference", "dataType": "Float8",
          "sourceTagPath": {"bindType": "parameter", "binding": "[.]../{Feed}"}},
         {"name": "Level", "dataType": "Float8", "value": 0.0,
          "alarms": [{"name": "Hi", "mode": "AboveValue",
                      "setpointA": {"bindType": "parameter", "binding": "{Open}"},
                      "label": {"bindType": "parameter", "binding": "{InstanceName} high"}}]},
     ]},
    {"name": "Skid", "tagType": "UdtType",
     "parameters": {"Size": {"dataType": "Float8", "value": 5.0}, "Feed": "Flow"},
     "tags": [
         {"name": "Flow", "dataType": "Float8", "value": 2.5},
         {"name": "In", "tagType": "UdtInstance", "typeId": "Valve",
          "parameters": {"Tag": {"dataType": "String", "value": {"bindType": "parameter", "binding": "{InstanceName}_in"}},
                         "Open": {"dataType": "Float8", "value": {"bindType": "parameter", "binding": "{Size}"}},
                         "Feed": {"dataType": "String", "value": {"bindType": "parameter", "binding": "{Feed}"}}}},
         {"name": "Out", "tagType": "UdtInstance", "typeId": "Valve"},
     ]},
    {"name": "BigSkid", "tagType": "UdtType", "typeId": "Skid", "parameters": {"Size": 50.0}},
]


def _load(gateway, tags):
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "_types_", "tagType": "Folder", "tags": TYPES},
        {"name": "Area", "tagType": "Folder", "tags": tags}]})


def test_nested_instance_without_type_id_takes_the_definitions(gateway):
    _load(gateway, [{"name": "S1", "tagType": "UdtInstance", "typeId": "Skid",
                     "tags": [{"name": "In", "tagType": "UdtInstance",     # no typeId: as exported
                               "tags": [{"name": "Cmd", "value": True}]}]}])
    assert gateway.tags.warnings == []
    assert gateway.tags.value("Area/S1/In/Cmd") is True          # the override applies
    assert gateway.tags.value("Area/S1/Out/Cmd") is False
    r = [x for x in system.tag.browse("Area/S1").getResults() if x["name"] == "In"][0]
    assert r["typeId"] == "Valve" and r["tagType"] == "UdtInstance"


def test_parameters_flow_and_override_along_the_chain(gateway):
    _load(gateway, [{"name": "S1", "tagType": "UdtInstance", "typeId": "Skid"},
                    {"name": "S2", "tagType": "UdtInstance", "typeId": "Skid", "parameters": {"Size": 9.0}},
                    {"name": "B1", "tagType": "UdtInstance", "typeId": "BigSkid"},
                    {"name": "B2", "tagType": "UdtInstance", "typeId": "BigSkid",
                     "tags": [{"name": "In", "tagType": "UdtInstance", "parameters": {"Open": 7.0}}]}])
    v = gateway.tags.value
    assert v("Area/S1/In/OpenTime") == 5.0     # nested param bound to the parent's default
    assert v("Area/S1/Out/OpenTime") == 1.0    # the nested type's own default
    assert v("Area/S2/In/OpenTime") == 9.0     # instance override flows down
    assert v("Area/B1/In/OpenTime") == 50.0    # the child type's default overrides the parent type's
    assert v("Area/B2/In/OpenTime") == 7.0     # an override on the nested instance wins
    cfg = system.tag.getConfiguration("Area/S1/In")[0]
    assert cfg["typeId"] == "Valve"


def test_builtin_parameters_substitute_everywhere(gateway):
    _load(gateway, [{"name": "Line", "tagType": "Folder", "tags": [
        {"name": "S1", "tagType": "UdtInstance", "typeId": "Skid"}]}])
    v = gateway.tags.value
    assert v("Area/Line/S1/In/Who") == "S1:S1:In"
    assert v("Area/Line/S1/In/Where") == "Area/Line/S1/In"    # the folder the member is in
    cfg = system.tag.getConfiguration("Area/Line/S1/In/Item")[0]
    assert cfg["opcItemPath"] == "ns=1;s=[PLC]S1_in/In"
    assert v("Area/Line/S1/In/Up") == 2.5         # reference [.]../{Feed} -> S1/Flow
    alarm = system.tag.getConfiguration("Area/Line/S1/In/Level")[0]["alarms"][0]
    assert alarm["setpointA"] == 5.0 and alarm["label"] == "In high"


def test_definition_holding_instances_shows_their_members(gateway):
    _load(gateway, [])
    kids = system.tag.browse("[default]_types_/Skid/In").getResults()
    assert sorted(k["name"] for k in kids) == ["Cmd", "Item", "Level", "OpenTime", "Up", "Where", "Who"]
    cfg = system.tag.getConfiguration("[default]_types_/Skid", True)[0]
    inner = [t for t in cfg["tags"] if t["name"] == "In"][0]
    assert inner["typeId"] == "Valve" and len(inner["tags"]) == 7
    # Definitions never run: the member of a definition is inert.
    assert gateway.tags.read_one("[default]_types_/Skid/In/Who").quality == QualityCode.Uncertain_InitialValue


def test_udt_cycle_and_missing_definition_are_one_line_each(gateway, tmp_path):
    doc = {"name": "", "tagType": "Provider", "tags": [
        {"name": "_types_", "tagType": "Folder", "tags": [
            {"name": "A", "tagType": "UdtType", "tags": [
                {"name": "x", "value": 1},
                {"name": "b", "tagType": "UdtInstance", "typeId": "B"}]},
            {"name": "B", "tagType": "UdtType", "tags": [
                {"name": "a", "tagType": "UdtInstance", "typeId": "A"}]}]},
        {"name": "I", "tagType": "UdtInstance", "typeId": "A"},
        {"name": "M", "tagType": "UdtInstance", "typeId": "Nope/Missing"},
        {"name": "Fine", "value": 3}]}
    path = str(tmp_path / "bad_udts.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    gateway.tags.load_file(path)
    assert gateway.tags.value("Fine") == 3
    assert gateway.tags.value("I/x") == 1
    lines = gateway.tags.warnings
    assert all("\n" not in l and path in l for l in lines), lines
    cyc = [l for l in lines if "UDT cycle" in l]
    assert cyc and "remove the nested instance" in cyc[0]
    missing = [l for l in lines if "Nope/Missing" in l]
    assert len(missing) == 1 and "at M" in missing[0] and "fix the typeId" in missing[0]


def test_configuration_full_and_overrides_only(gateway):
    from gateway_sim.backends.tags import ops
    _load(gateway, [{"name": "S1", "tagType": "UdtInstance", "typeId": "Skid",
                     "parameters": {"Size": 9.0},
                     "tags": [{"name": "Flow", "value": 4.0}]}])
    full = ops.get_configuration(gateway.tags, "[default]Area/S1", True)[0]
    assert sorted(t["name"] for t in full["tags"]) == ["Flow", "In", "Out"]
    inner = [t for t in full["tags"] if t["name"] == "In"][0]
    assert inner["typeId"] == "Valve" and len(inner["tags"]) == 7
    assert full["parameters"] == {"Size": 9.0} and full["typeId"] == "Skid"
    only = ops.get_configuration(gateway.tags, "[default]Area/S1", True, overrides_only=True)[0]
    assert only["tags"] == [{"name": "Flow", "value": 4.0}]


def test_unknown_parameter_reference_keeps_its_text(gateway):
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "_types_", "tagType": "Folder", "tags": [
            {"name": "T", "tagType": "UdtType", "parameters": {"Dev": "PLC"},
             "tags": [{"name": "Item", "valueSource": "opc", "dataType": "Int4",
                       "opcItemPath": {"bindType": "parameter", "binding": "[{Dev}]{Nope}/x"}}]}]},
        {"name": "I", "tagType": "UdtInstance", "typeId": "T"}]})
    assert system.tag.getConfiguration("I/Item")[0]["opcItemPath"] == "[PLC]{Nope}/x"


def test_parameters_inside_expression_references(gateway):
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "_types_", "tagType": "Folder", "tags": [
            {"name": "T", "tagType": "UdtType", "parameters": {"N": 3},
             "tags": [{"name": "E", "valueSource": "expr", "dataType": "Float8",
                       "expression": "{[.]../Tank{N}/Level} * 2"},
                      {"name": "S", "valueSource": "expr", "dataType": "String",
                       "expression": "'{[.]x{N}}' + {InstanceName}"}]}]},
        {"name": "Tank3", "tagType": "Folder", "tags": [{"name": "Level", "dataType": "Float8", "value": 4.0}]},
        {"name": "Tank5", "tagType": "Folder", "tags": [{"name": "Level", "dataType": "Float8", "value": 1.5}]},
        {"name": "I", "tagType": "UdtInstance", "typeId": "T"},
        {"name": "J", "tagType": "UdtInstance", "typeId": "T", "parameters": {"N": 5}}]})
    assert gateway.tags.value("I/E") == 8.0 and gateway.tags.value("J/E") == 3.0
    assert gateway.tags.value("I/S") == "{[.]x{N}}I"      # text in quotes is left alone
