"""UDT built-in parameters per member tag, definitions that inherit, ``timeBetween``.

Small exports written for these tests. Facts: the 8.1 manual's UDT Parameters page
(``{TagName}`` "the name of the Tag that is using this parameter", ``{PathToTag}`` its
full path, ``{PathToParentFolder}`` "the full path to the folder that this Tag is in";
each built-in "uses that Tag it is in as a starting point"); a child definition holds
its parent's members; the manual's ``timeBetween`` examples.
"""
from __future__ import absolute_import, division, print_function

import json
import time

import pytest

import gateway_sim.system as system
from gateway_sim.expression import evaluate

TYPES = [
    {"name": "Drive", "tagType": "UdtType",
     "parameters": {"Plc": {"dataType": "String", "value": "PLC7"},
                    "Device": {"dataType": "String",
                               "value": {"bindType": "parameter", "binding": "{PathToParentFolder}"}}},
     "tags": [
         {"name": "Speed", "tagType": "AtomicTag", "valueSource": "opc", "dataType": "Float8",
          "opcServer": "Ignition OPC UA Server",
          "opcItemPath": {"bindType": "parameter", "binding": "ns=1;s=[{Plc}]{InstanceName}.{TagName}"},
          "documentation": {"bindType": "parameter", "binding": "{PathToTag}"},
          "engUnit": {"bindType": "parameter", "binding": "{TagName}"},
          "alarms": [{"name": "Hi", "mode": "AboveValue", "setpointA": 10.0,
                      "displayPath": {"bindType": "UDTParameter", "value": "{PathToTag}"},
                      "label": {"bindType": "parameter", "binding": "{TagName} high"}}]},
         {"name": "Who", "tagType": "AtomicTag", "valueSource": "expr", "dataType": "String",
          "expression": "{TagName} + '|' + {PathToTag} + '|' + {PathToParentFolder}"},
         {"name": "Dev", "tagType": "AtomicTag", "valueSource": "expr", "dataType": "String",
          "expression": "{Device}"},
         {"name": "Mirror", "tagType": "AtomicTag", "valueSource": "reference", "dataType": "Float8",
          "sourceTagPath": {"bindType": "parameter", "binding": "[default]Src/{TagName}"}},
         {"name": "Peer", "tagType": "AtomicTag", "valueSource": "expr", "dataType": "Float8",
          "expression": "{[default]Src/{TagName}} * 2"},
         {"name": "Info", "tagType": "Folder", "tags": [
             {"name": "Where", "tagType": "AtomicTag", "valueSource": "expr", "dataType": "String",
              "expression": "{PathToParentFolder} + '>' + {TagName}"}]},
     ]},
    {"name": "Line", "tagType": "UdtType",
     "tags": [{"name": "D1", "tagType": "UdtInstance", "typeId": "Drive",
               "parameters": {"Plc": {"dataType": "String",
                                      "value": {"bindType": "parameter", "binding": "{TagName}_plc"}}}}]},
    {"name": "Named", "tagType": "UdtType",
     "parameters": {"TagName": {"dataType": "String", "value": "N7:0"}},
     "tags": [{"name": "Raw", "tagType": "AtomicTag", "valueSource": "expr", "dataType": "String",
               "expression": "{TagName} + '@' + {PathToTag}"}]},
]


@pytest.fixture
def drives(gateway):
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "_types_", "tagType": "Folder", "tags": TYPES},
        {"name": "Src", "tagType": "Folder", "tags": [
            {"name": "Mirror", "tagType": "AtomicTag", "dataType": "Float8", "value": 4.5},
            {"name": "Peer", "tagType": "AtomicTag", "dataType": "Float8", "value": 1.5}]},
        {"name": "Area", "tagType": "Folder", "tags": [
            {"name": "M1", "tagType": "UdtInstance", "typeId": "Drive"},
            {"name": "L1", "tagType": "UdtInstance", "typeId": "Line"},
            {"name": "N1", "tagType": "UdtInstance", "typeId": "Named"}]}]})
    assert gateway.tags.warnings == []
    return gateway


def _vals(*paths):
    return [q.value for q in system.tag.readBlocking(list(paths))]


def test_tag_name_and_path_to_tag_in_bound_properties(drives):
    assert _vals("Area/M1/Speed.OpcItemPath", "Area/M1/Speed.Documentation",
                 "Area/M1/Speed.EngUnit") == ["ns=1;s=[PLC7]M1.Speed", "Area/M1/Speed", "Speed"]
    alarm = system.tag.getConfiguration("Area/M1/Speed")[0]["alarms"][0]
    assert alarm["displayPath"] == "Area/M1/Speed" and alarm["label"] == "Speed high"


def test_builtins_in_expressions_and_references(drives):
    assert _vals("Area/M1/Who") == ["Who|Area/M1/Who|Area/M1"]
    assert _vals("Area/M1/Mirror", "Area/M1/Peer") == [4.5, 3.0]   # Src/{TagName}


def test_path_to_parent_folder_is_the_folder_the_tag_is_in(drives):
    assert _vals("Area/M1/Info/Where") == ["Area/M1/Info>Where"]
    # Inside a nested instance: the nested instance is the member's folder.
    assert _vals("Area/L1/D1/Who", "Area/L1/D1/Info/Where") == [
        "Who|Area/L1/D1/Who|Area/L1/D1", "Area/L1/D1/Info>Where"]
    assert _vals("Area/L1/D1/Speed.OpcItemPath") == ["ns=1;s=[D1_plc]D1.Speed"]


def test_parameter_value_bound_to_a_builtin(drives):
    # The instance is the tag using its own parameter: its folder is Area.
    assert _vals("Area/M1/Dev", "Area/L1/D1/Dev") == ["Area", "Area/L1"]


def test_a_udt_parameter_named_like_a_builtin_wins(drives):
    assert _vals("Area/N1/Raw") == ["N7:0@Area/N1/Raw"]


def _inherit_doc(with_parent=True):
    types = [
        {"name": "Child", "tagType": "UdtType", "typeId": "Base",
         "parameters": {"Gain": 2.0},
         "tags": [{"name": "Amps", "value": 9.0},
                  {"name": "Extra", "tagType": "AtomicTag", "dataType": "Int4", "value": 3}]},
        {"name": "GrandChild", "tagType": "UdtType", "typeId": "Child",
         "tags": [{"name": "Own", "tagType": "AtomicTag", "dataType": "Boolean", "value": True}]},
    ]
    if with_parent:
        types.append(_BASE)
    return {"name": "", "tagType": "Provider", "tags": [
        {"name": "_types_", "tagType": "Folder", "tags": types},
        {"name": "P1", "tagType": "UdtInstance", "typeId": "GrandChild"}]}


_BASE = {"name": "Base", "tagType": "UdtType", "parameters": {"Gain": 1.0},
         "tags": [{"name": "Amps", "tagType": "AtomicTag", "dataType": "Float8", "value": 1.0},
                  {"name": "Scaled", "tagType": "AtomicTag", "dataType": "Float8",
                   "value": {"bindType": "parameter", "binding": "{Gain}"}}]}


def _names(path):
    return [r["name"] for r in system.tag.browse(path).getResults()]


def test_child_definition_holds_its_parents_members(gateway):
    gateway.tags.load_data(_inherit_doc())     # the parent comes after its children
    assert gateway.tags.warnings == []
    assert _names("[default]_types_/Child") == ["Amps", "Scaled", "Extra"]
    assert _names("[default]_types_/GrandChild") == ["Amps", "Scaled", "Extra", "Own"]
    # The child's override wins; read and getConfiguration see the definition's members.
    qv = system.tag.readBlocking(["[default]_types_/Child/Amps"])[0]
    assert qv.quality.isGood() and qv.value == 9.0
    cfg = system.tag.getConfiguration("[default]_types_/GrandChild", True)[0]
    assert [t["name"] for t in cfg["tags"]] == ["Amps", "Scaled", "Extra", "Own"]
    scaled = [t for t in cfg["tags"] if t["name"] == "Scaled"][0]
    assert scaled["value"] == {"bindType": "parameter", "binding": "{Gain}"}   # unresolved
    # An export keeps only what the child definition itself holds.
    child = json.loads(system.tag.exportTags(tagPaths=["[default]_types_/Child"]))
    assert child["typeId"] == "Base" and [t["name"] for t in child["tags"]] == ["Amps", "Extra"]
    assert _vals("P1/Amps", "P1/Scaled", "P1/Own") == [9.0, 2.0, True]


def test_child_definition_follows_its_parent(gateway):
    gateway.tags.load_data(_inherit_doc(with_parent=False))
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "_types_", "tagType": "Folder", "tags": [_BASE]}]})
    assert _names("[default]_types_/Child") == ["Amps", "Scaled", "Extra"]
    system.tag.configure("[default]_types_/Base",
                         [{"name": "Volts", "tagType": "AtomicTag", "dataType": "Float8", "value": 400.0}])
    assert "Volts" in _names("[default]_types_/GrandChild")
    assert _vals("[default]_types_/GrandChild/Volts", "P1/Volts") == [400.0, 400.0]


@pytest.fixture
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("text,expected", [
    # the manual's three examples
    ('timeBetween(toDate("2003-9-14 12:00:00"), toDate("2003-9-14 8:00:00"), toDate("2003-9-14 18:00:00"))',
     True),
    ('timeBetween("2:00:00 pm", "9:00:00 am", "5:00:00 pm")', True),
    ('timeBetween(toDate("2003-9-14 20:00:00"), toDate("2003-9-14 18:00:00"), toDate("2003-9-15 2:00:00"))',
     True),
    ('timeBetween(toDate("2003-9-15 20:00:00"), toDate("2003-9-14 18:00:00"), toDate("2003-9-15 2:00:00"))',
     False),
    ('timeBetween("8:00:00 pm", "9:00:00 am", "5:00:00 pm")', False),
    ('timeBetween("12:00 am", "10:00 pm", "6:00 am")', True),      # a span over midnight
    ('timeBetween(toDate("2010-1-1 23:30:00"), "22:00", "06:00")', True),
    ('timeBetween(toDate("2010-1-1 12:00:00"), "22:00", "06:00")', False),
    ('timeBetween("2003-9-14 12:00:00", "2003-9-14 8:00:00", "2003-9-14 18:00:00")', True),
])
def test_time_between(utc, text, expected):
    assert evaluate(text) is expected


def test_time_between_in_an_expression_tag(gateway, utc):
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "Shift", "tagType": "AtomicTag", "valueSource": "expr", "dataType": "Boolean",
         "expression": 'timeBetween("14:00:00", "6:00 am", "2:30 pm")'}]})
    assert gateway.tags.warnings == []
    qv = system.tag.readBlocking(["Shift"])[0]
    assert qv.quality.isGood() and qv.value is True
