"""More shapes from real public tag exports the simulator had not seen (issue 9 hunt, 2nd pass).

Each export here is written for this test (never copied): it has the same shape as a
public export that failed to load or read as on a gateway.
"""
from __future__ import absolute_import, division, print_function

import threading

import gateway_sim.system as system


def _until(cond, what, timeout=10.0):
    """Wait (on a condition, polled) until ``cond()`` is true; fail naming ``what``."""
    ev = threading.Event()
    end = 0
    while end < timeout * 50:
        if cond():
            return
        ev.wait(0.02)
        end += 1
    assert cond(), "timed out waiting for " + what


# A UDT whose member's valueChanged script counts rising edges through readBlocking and
# writeAsync on relative ([.]) paths -- the async write runs on another thread and must
# still resolve [.] against the tag whose script called it.
EDGE_COUNTER = {"name": "", "tagType": "Provider", "tags": [
    {"name": "_types_", "tagType": "Folder", "tags": [
        {"name": "Kit", "tagType": "Folder", "tags": [
            {"name": "Edges", "tagType": "UdtType", "tags": [
                {"name": "Mem", "tagType": "Folder", "tags": [
                    {"name": "Last", "tagType": "AtomicTag", "valueSource": "memory",
                     "dataType": "Boolean", "value": False}]},
                {"name": "Count", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int8",
                 "value": 0},
                {"name": "Seen", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "String"},
                {"name": "In", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Boolean",
                 "value": False, "eventScripts": [{"eventid": "valueChanged", "script": (
                     "\tif initialChange: return\n"
                     "\tpaths = ['[.]Mem/Last', '[.]Count']\n"
                     "\tlast, n = [q.value for q in system.tag.readBlocking(paths)]\n"
                     "\tif currentValue.value and not last:\n"
                     "\t\tsystem.tag.writeAsync(paths, [True, n + 1])\n"
                     "\telif last and not currentValue.value:\n"
                     "\t\tsystem.tag.writeAsync(['[.]Mem/Last'], [False])\n"
                     "\tdef got(qvs):\n"
                     "\t\tsystem.tag.writeBlocking(['[.]Seen'], [str(qvs[0].value)])\n"
                     "\tsystem.tag.readAsync(['[.]Count'], got)\n")}]}]}]}]},
    {"name": "E1", "tagType": "UdtInstance", "typeId": "Kit/Edges"}]}


def test_async_reads_and_writes_in_a_tag_script_resolve_relative_paths(gateway):
    gateway.tags.load_data(EDGE_COUNTER)
    gateway.tags.flush_events(10)
    system.tag.writeBlocking(["[default]E1/In"], [True])
    gateway.tags.flush_events(10)
    _until(lambda: gateway.tags.value("[default]E1/Count") == 1, "the first edge to be counted")
    assert gateway.tags.value("[default]E1/Mem/Last") is True
    system.tag.writeBlocking(["[default]E1/In"], [False])
    gateway.tags.flush_events(10)
    _until(lambda: gateway.tags.value("[default]E1/Mem/Last") is False, "Last to reset")
    system.tag.writeBlocking(["[default]E1/In"], [True])
    gateway.tags.flush_events(10)
    _until(lambda: gateway.tags.value("[default]E1/Count") == 2, "the second edge to be counted")
    # readAsync's callback ran with the tag's context too: its relative write landed.
    _until(lambda: gateway.tags.value("[default]E1/Seen") in ("1", "2"), "readAsync's callback")
    # Nothing was written at the provider root by an unresolved [.] path.
    assert not system.tag.exists("[default]Count") and not system.tag.exists("[default]Seen")


# An 8.3 gateway config folder with several tag providers: each provider is a folder of
# tag-definition/ (tags.json per folder; "defaultValue" in place of "value") and a
# tag-provider/ resource. One provider folder holds only a resource file, no tags.
def _write_json(path, obj):
    import json
    import os
    os.makedirs(os.path.dirname(path))
    with open(path, "w") as f:
        json.dump(obj, f)


def _config_83(root):
    import os
    core = os.path.join(root, "config", "resources", "core", "ignition")
    td = os.path.join(core, "tag-definition")
    _write_json(os.path.join(td, "default", "Queue", "tags.json"), [
        {"name": "Count", "tagType": "AtomicTag", "valueSource": "memory"}])
    _write_json(os.path.join(td, "Feed", "tags.json"), [
        {"name": "trigger", "tagType": "AtomicTag", "valueSource": "memory"}])
    _write_json(os.path.join(td, "Feed", "Msg", "tags.json"), [
        {"name": "Last", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "String",
         "defaultValue": "late"},
        {"name": "Seen", "tagType": "AtomicTag", "valueSource": "memory", "defaultValue": 8}])
    _write_json(os.path.join(td, "Demo", "unary-resource.json"),
                {"scope": "G", "version": 1, "files": [], "attributes": {"config": {}}})
    for name in ("default", "Feed", "Demo", "System"):
        _write_json(os.path.join(core, "tag-provider", name, "resource.json"),
                    {"scope": "A", "version": 1, "files": ["config.json"],
                     "attributes": {"enabled": True}})
    return os.path.join(root, "config")


def test_83_config_folder_loads_every_provider(gateway, tmp_path):
    gateway.tags.load_file(_config_83(str(tmp_path)))
    assert gateway.tags.warnings == []
    assert gateway.tags.value("[default]Queue/Count") == 0
    assert gateway.tags.value("[Feed]trigger") == 0
    assert gateway.tags.value("[Feed]Msg/Last") == "late"
    assert gateway.tags.value("[Feed]Msg/Seen") == 8
    names = sorted(n.lower() for n in gateway.tags.provider_names())
    assert names == ["default", "demo", "feed", "system"]
    assert system.tag.browse("[Demo]").getResults() == [] or \
        len(system.tag.browse("[Demo]").getResults()) == 0


def test_83_tag_definition_folder_without_default_loads_each_provider(gateway, tmp_path):
    import os
    import shutil
    cfg = _config_83(str(tmp_path))
    td = os.path.join(cfg, "resources", "core", "ignition", "tag-definition")
    shutil.rmtree(os.path.join(td, "default"))
    gateway.tags.load_file(td)
    assert gateway.tags.value("[Feed]Msg/Last") == "late"
    # A provider the caller names that has no folder is still an error naming the folders.
    import pytest
    from gateway_sim.errors import ConfigError
    with pytest.raises(ConfigError) as e:
        gateway.tags.load_file(td, provider="Plant")
    assert "Plant" in str(e.value) and "Feed" in str(e.value)


# An 8.0 export made from the UDT Definitions tab with several items selected: the root is
# an object holding only "tags" (no name, no tagType), its folders holding only UdtTypes.
DEFS_80 = {"tags": [
    {"name": "Plant", "tagType": "Folder", "tags": [
        {"name": "Arm", "tagType": "UdtType", "tags": [
            {"name": "Code", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "String",
             "value": "0110"}]},
        {"name": "Cell", "tagType": "UdtType", "tags": [
            {"name": "Left", "typeId": "Plant/Arm", "tagType": "UdtInstance",
             "tags": [{"name": "Code", "tagType": "AtomicTag"}]}]}]}]}


def test_80_definitions_export_with_a_bare_tags_root_goes_under_types(gateway, tmp_path):
    import json
    p = tmp_path / "defs.json"
    p.write_text(json.dumps(DEFS_80))
    gateway.tags.load_file(str(p))
    gateway.tags.load_data([{"name": "C1", "tagType": "UdtInstance", "typeId": "Plant/Cell"}])
    assert gateway.tags.warnings == []
    assert system.tag.exists("[default]_types_/Plant/Cell")
    assert not system.tag.exists("[default]Plant")
    assert gateway.tags.value("[default]C1/Left/Code") == "0110"


# OPC members scaled from raw PLC counts (scaleMode Linear, raw/scaled ranges, clampMode),
# their item paths parameter-bound, in a UDT whose root carries a dataType and value.
SCALED = {"tags": [
    {"name": "Tank", "tagType": "UdtType", "dataType": "String", "value": "",
     "parameters": {"N": {"dataType": "String", "value": ""}},
     "tags": [
         {"name": "Num", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "String",
          "value": {"bindType": "parameter", "binding": "{N}"}},
         {"name": "Level", "tagType": "AtomicTag", "valueSource": "opc", "dataType": "Float4",
          "opcServer": "Ignition OPC UA Server", "scaleMode": "Linear", "rawHigh": 2500.0,
          "scaledHigh": 14.0, "clampMode": "Clamp_Both",
          "opcItemPath": {"bindType": "parameter", "binding": "[PLC]T{N}/level"}},
         {"name": "Pump", "tagType": "AtomicTag", "valueSource": "opc", "dataType": "Int4",
          "opcServer": "Ignition OPC UA Server", "scaleMode": "Linear", "rawLow": 5000.0,
          "rawHigh": 50000.0, "scaledHigh": 2.0, "clampMode": "Clamp_Both",
          "opcItemPath": {"bindType": "parameter", "binding": "[PLC]T{N}/pump"}},
         {"name": "Flow", "tagType": "AtomicTag", "valueSource": "opc", "dataType": "Float8",
          "opcServer": "Ignition OPC UA Server", "scaleMode": "SquareRoot", "rawHigh": 400.0,
          "scaledHigh": 100.0, "opcItemPath": {"bindType": "parameter", "binding": "[PLC]T{N}/flow"}},
         {"name": "Raw", "tagType": "AtomicTag", "valueSource": "opc", "dataType": "Int4",
          "opcServer": "Ignition OPC UA Server", "scaleMode": "Off", "rawHigh": 2.0,
          "opcItemPath": {"bindType": "parameter", "binding": "[PLC]T{N}/pump"}}]}]}


def test_opc_tag_scaling_applies_to_reads_and_writes(tmp_path):
    from gateway_sim.gateway import Gateway
    from gateway_sim.simulate import simulate
    gw = Gateway(data_dir=str(tmp_path / "gw"))
    gw.configure({"opcServers": {"Ignition OPC UA Server": {"items": {
        "[PLC]T1/level": 1250, "[PLC]T1/pump": 1000, "[PLC]T1/flow": 100.0}}}})
    try:
        with simulate(gw):
            gw.tags.load_data(SCALED)
            gw.tags.load_data([{"name": "T1", "tagType": "UdtInstance", "typeId": "Tank",
                                "parameters": {"N": {"dataType": "String", "value": "1"}}}])
            assert gw.tags.warnings == []
            assert gw.tags.value("[default]T1/Num") == "1"
            assert gw.tags.value("[default]T1/Level") == 7.0          # 1250 of 0..2500 -> 0..14
            assert gw.tags.value("[default]T1/Pump") == 0             # below rawLow, clamped
            assert gw.tags.value("[default]T1/Flow") == 50.0          # sqrt(100/400) * 100
            assert gw.tags.value("[default]T1/Raw") == 1000           # Off: the raw value
            # A write is scaled back to raw counts before it reaches the item.
            assert [q.getName() for q in system.tag.writeBlocking(["[default]T1/Level"], [3.5])] == ["Good"]
            raw = system.opc.readValues("Ignition OPC UA Server", ["[PLC]T1/level"])[0].value
            assert raw == 625.0
            assert gw.tags.value("[default]T1/Level") == 3.5
    finally:
        gw.shutdown()


# 7.x XML: tag event scripts written as <Event id="valueChanged" enabled="...">.
EVENTS_7X = """<Tags locale="en">
   <Tag name="Box" path="" type="Folder"/>
   <Tag name="out" path="Box" type="DB">
      <Property name="Value">0</Property>
      <Property name="DataType">2</Property>
   </Tag>
   <Tag name="trig" path="Box" type="DB">
      <Property name="Value">false</Property>
      <Property name="DataType">6</Property>
      <EventScripts>
         <Event id="valueChanged" enabled="true">\t# set out
\tif not initialChange:
\t\tsystem.tag.writeBlocking([&quot;[.]out&quot;], [7])</Event>
      </EventScripts>
   </Tag>
   <Tag name="off" path="Box" type="DB">
      <Property name="Value">0</Property>
      <Property name="DataType">2</Property>
      <EventScripts>
         <Event id="valueChanged" enabled="false">\tsystem.tag.writeBlocking([&quot;[.]out&quot;], [99])</Event>
      </EventScripts>
   </Tag>
</Tags>
"""


def test_7x_event_scripts_written_with_an_id_attribute_run(gateway, tmp_path):
    p = tmp_path / "tags.xml"
    p.write_text(EVENTS_7X)
    gateway.tags.load_file(str(p))
    gateway.tags.flush_events(10)
    assert gateway.tags.warnings == []
    scripts = system.tag.getConfiguration("[default]Box/trig")[0].get("eventScripts")
    assert [s["eventid"] for s in scripts] == ["valueChanged"]
    system.tag.writeBlocking(["[default]Box/off"], [3])
    gateway.tags.flush_events(10)
    assert gateway.tags.value("[default]Box/out") == 0        # disabled script never runs
    system.tag.writeBlocking(["[default]Box/trig"], [True])
    gateway.tags.flush_events(10)
    assert gateway.tags.value("[default]Box/out") == 7


# 7.x: a definition inherits (UDTParentType) from one that holds an instance of another
# type sharing its base; the child definition overrides a member of that inherited
# instance with an EXTENSION whose path names the instance.
TYPES_7X_NESTED = """<Tags>
   <Tag name="IO" path="_types_" type="Folder"/>
   <Tag name="Base" path="_types_/IO" type="UDT_DEF">
      <Property name="Value"></Property>
      <Property name="DataType">2</Property>
      <Parameters>
         <Property name="item" type="String"></Property>
         <Property name="cls" type="String">Base</Property>
      </Parameters>
      <Tag name="cls" path="" type="DB">
         <Property name="Value">{cls}</Property>
         <Property name="DataType">7</Property>
      </Tag>
      <Tag name="value" path="" type="OPC">
         <Property name="Value"></Property>
         <Property name="DataType">5</Property>
         <Property name="OPCServer">S1</Property>
         <Property name="OPCItemPath">{item}</Property>
      </Tag>
   </Tag>
   <Tag name="Out" path="_types_/IO" type="UDT_DEF">
      <Property name="Value"></Property>
      <Property name="DataType">2</Property>
      <Property name="UDTParentType">IO/Base</Property>
      <Parameters>
         <Property name="cls" type="String">Out</Property>
      </Parameters>
      <Tag name="writeValue" path="" type="DB">
         <Property name="Value">0.0</Property>
         <Property name="DataType">5</Property>
      </Tag>
   </Tag>
   <Tag name="Controller" path="_types_/IO" type="UDT_DEF">
      <Property name="Value"></Property>
      <Property name="DataType">2</Property>
      <Property name="UDTParentType">IO/Base</Property>
      <Parameters>
         <Property name="modeItem" type="String"></Property>
      </Parameters>
      <Tag name="mode" path="" type="UDT_INST">
         <Property name="Value"></Property>
         <Property name="DataType">2</Property>
         <Property name="UDTParentType">IO/Out</Property>
         <Parameters>
            <Property name="item" type="String">{modeItem}</Property>
         </Parameters>
      </Tag>
   </Tag>
   <Tag name="PKS" path="_types_/IO" type="UDT_DEF">
      <Property name="Value"></Property>
      <Property name="DataType">2</Property>
      <Property name="UDTParentType">IO/Controller</Property>
      <Parameters>
         <Property name="cls" type="String">PKS</Property>
      </Parameters>
      <Tag name="value" path="mode" type="EXTENSION">
         <Property name="DataType">7</Property>
      </Tag>
   </Tag>
   <Tag name="TC100" path="" type="UDT_INST">
      <Property name="Value"></Property>
      <Property name="DataType">2</Property>
      <Property name="UDTParentType">IO/PKS</Property>
      <Parameters>
         <Property name="item" type="String">PV1</Property>
         <Property name="modeItem" type="String">MODE1</Property>
      </Parameters>
   </Tag>
</Tags>
"""


def test_7x_inherited_nested_instance_with_a_child_definition_override(tmp_path):
    from gateway_sim.gateway import Gateway
    from gateway_sim.simulate import simulate
    gw = Gateway(data_dir=str(tmp_path / "gw"))
    gw.configure({"opcServers": {"S1": {"items": {"PV1": 12.5, "MODE1": "AUTO"}}}})
    p = tmp_path / "tags.xml"
    p.write_text(TYPES_7X_NESTED)
    try:
        with simulate(gw):
            gw.tags.load_file(str(p))
            gw.tags.flush_events(10)
            assert gw.tags.warnings == []     # no false "UDT cycle" (Out and PKS share Base)
            assert gw.tags.value("[default]TC100/cls") == "PKS"
            assert gw.tags.value("[default]TC100/value") == 12.5
            assert gw.tags.value("[default]TC100/mode/cls") == "Out"
            assert gw.tags.value("[default]TC100/mode/writeValue") == 0.0
            # The child definition's override retypes the inherited member, nothing else.
            assert gw.tags.value("[default]TC100/mode/value") == "AUTO"
            assert gw.tags.value("[default]TC100/mode/value.DataType") == "String"
            assert gw.tags.value("[default]TC100/mode.TagType") == "UdtInstance"
    finally:
        gw.shutdown()
