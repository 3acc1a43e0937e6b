"""UDT definitions/instances (parameter shapes, bindings, overrides, inheritance) and browse."""
from __future__ import absolute_import, division, print_function

import pytest

import gateway_sim.system as system
from gateway_sim.quality import QualityCode

TYPES = [
    {"name": "Motor", "tagType": "UdtType",
     "parameters": {"Rated": {"dataType": "Float8", "value": 10.0}, "Unit": "A", "Dev": {"value": "dev0"}},
     "tags": [
         {"name": "Amps", "dataType": "Float8", "value": 1.0,
          "engUnit": {"bindType": "parameter", "binding": "{Unit}"}},
         {"name": "Limit", "dataType": "Float8",
          "value": {"bindType": "parameter", "binding": "{Rated}"}},
         {"name": "Item", "valueSource": "opc", "dataType": "String",
          "opcItemPath": {"bindType": "parameter", "binding": "ns=1;s=[{Dev}]{InstanceName}/Amps"}},
         {"name": "Over", "valueSource": "expr", "dataType": "Boolean", "expression": "{[.]Amps} > {Rated}"},
         {"name": "Info", "tagType": "Folder", "tags": [
             {"name": "Where", "valueSource": "expr", "dataType": "String",
              "expression": "{PathToParentFolder} + '/' + {InstanceName}"}]}]},
    {"name": "BigMotor", "tagType": "UdtType", "typeId": "Motor",
     "parameters": {"Rated": 100.0},
     "tags": [{"name": "Temp", "dataType": "Float8", "value": 20.0}]},
]


@pytest.fixture
def udts(gateway):
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "_types_", "tagType": "Folder", "tags": TYPES},
        {"name": "Line", "tagType": "Folder", "tags": [
            {"name": "P1", "tagType": "UdtInstance", "typeId": "Motor"},
            {"name": "P2", "tagType": "UdtInstance", "typeId": "Motor",
             "parameters": {"Rated": 5, "Unit": {"dataType": "String", "value": "mA"}, "Dev": {"value": "d2"}},
             "tags": [{"name": "Amps", "value": 7.0}]},
            {"name": "B1", "tagType": "UdtInstance", "typeId": "[default]_types_/BigMotor"}]}]})
    return gateway


def _vals(*paths):
    return [q.value for q in system.tag.readBlocking(list(paths))]


def test_default_parameters_and_bindings(udts):
    assert _vals("Line/P1/Amps", "Line/P1/Limit", "Line/P1/Amps.EngUnit", "Line/P1/Item.OpcItemPath",
                 "Line/P1/Over", "Line/P1/Info/Where") == [1.0, 10.0, "A", "ns=1;s=[dev0]P1/Amps", False,
                                                 "Line/P1/Info/P1"]   # {PathToParentFolder}: Where's folder


def test_three_parameter_shapes_and_overrides(udts):
    # bare value, {dataType, value} and {value}
    assert _vals("Line/P2/Limit", "Line/P2/Amps.EngUnit", "Line/P2/Item.OpcItemPath") == [5.0, "mA", "ns=1;s=[d2]P2/Amps"]
    assert _vals("Line/P2/Amps", "Line/P2/Over") == [7.0, True]     # override + expression with {Rated}


def test_inheritance(udts):
    assert _vals("Line/B1/Temp", "Line/B1/Limit", "Line/B1/Amps") == [20.0, 100.0, 1.0]


def test_instance_members_are_live_tags(udts):
    assert system.tag.writeBlocking(["Line/P1/Amps"], [11])[0].isGood()
    assert _vals("Line/P1/Over") == [True]
    snap = system.tag.readBlocking(["Line/P1"])[0]
    assert snap.quality.isGood() and snap.value["Amps"] == 11.0


def test_changing_the_definition_updates_instances(udts):
    system.tag.configure("[default]_types_/Motor", [{"name": "Volts", "dataType": "Float8", "value": 400}])
    assert _vals("Line/P1/Volts", "Line/P2/Volts", "Line/B1/Volts") == [400.0, 400.0, 400.0]


def test_configure_overrides_on_instance(udts):
    system.tag.configure("[default]Line/P1", [{"name": "Limit", "value": 3.0}], "m")
    assert _vals("Line/P1/Limit") == [3.0]
    cfg = system.tag.getConfiguration("[default]Line/P1")[0]
    assert cfg["tagType"] == "UdtInstance" and cfg["typeId"] == "Motor"


def test_member_delete_is_refused(udts):
    assert system.tag.deleteTags(["Line/P1/Amps"])[0] == QualityCode.Bad_Unsupported


def test_unknown_type_in_configure_gives_bad_code(udts):
    res = system.tag.configure("[default]Line", [{"name": "X", "tagType": "UdtInstance", "typeId": "Ghost"}])
    assert res == [QualityCode.Good]          # Ignition accepts; the instance stays empty
    assert not system.tag.exists("Line/X/Amps")


def test_browse(udts):
    res = system.tag.browse("[default]Line")
    assert res.getReturnedSize() == 3 and res.getTotalAvailableSize() == 3
    assert res.getResultQuality().isGood() and res.getContinuationPoint() is None
    node = res.getResults()[0]
    assert str(node["fullPath"]) == "[default]Line/P1" and node["name"] == "P1"
    assert str(node["tagType"]) == "UdtInstance" and node["hasChildren"] and node["typeId"] == "Motor"
    members = system.tag.browse("[default]Line/P1").results
    amps = [m for m in members if m["name"] == "Amps"][0]
    assert amps["dataType"] == "Float8" and amps["valueSource"] == "memory" and not amps["hasChildren"]


def test_browse_filters(udts):
    names = lambda r: sorted(str(n["fullPath"]) for n in r.getResults())   # noqa: E731
    assert names(system.tag.browse("[default]Line", {"name": "P*"})) == ["[default]Line/P1", "[default]Line/P2"]
    assert names(system.tag.browse("[default]Line", {"typeId": "BigMotor"})) == ["[default]Line/B1"]
    rec = system.tag.browse("[default]Line", {"recursive": True, "valueSource": "expr"})
    assert "[default]Line/P1/Info/Where" in names(rec) and "[default]Line/P2/Over" in names(rec)
    assert names(system.tag.browse("[default]Line", {"recursive": True, "dataType": "String", "name": "it*"})) == [
        "[default]Line/B1/Item", "[default]Line/P1/Item", "[default]Line/P2/Item"]
    assert names(system.tag.browse("[default]Line", {"tagType": "Folder", "recursive": True})) == [
        "[default]Line/B1/Info", "[default]Line/P1/Info", "[default]Line/P2/Info"]
    root = names(system.tag.browse("[default]"))
    assert "[default]_types_" in root and "[default]Line" in root


def test_browse_bad_inputs(udts):
    assert system.tag.browse("[default]Nope").getResultQuality() == QualityCode.Bad_NotFound
    assert system.tag.browse("[nope]X").getResultQuality() == QualityCode.Bad_NotFound
    with pytest.raises(ValueError):
        system.tag.browse("[default]Line", {"colour": "red"})


def test_browse_quality_and_max_results(udts):
    udts.tags.set_quality("Line/P1/Amps", "Bad_Stale")
    bad = system.tag.browse("[default]Line", {"recursive": True, "quality": "Bad"}).getResults()
    # Over is an expression on Amps, so it carries Amps' bad quality too; the OPC members
    # (Item) read Bad_NotFound: the gateway's own OPC server serves no items here.
    got = [str(n["fullPath"]) for n in bad]
    assert [p for p in got if not p.endswith("/Item")] == ["[default]Line/P1/Amps", "[default]Line/P1/Over"]
    assert all(n["value"].quality == QualityCode.Bad_NotFound for n in bad
               if str(n["fullPath"]).endswith("/Item")) and len(got) > 2
    assert len(system.tag.browse("[default]Line", {"recursive": True, "quality": "Bad_Stale"}).results) == 2
    limited = system.tag.browse("[default]Line", {"recursive": True, "maxResults": 2})
    assert limited.getReturnedSize() == 2 and limited.getTotalAvailableSize() > 2
