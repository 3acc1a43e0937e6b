"""Loading tags.json envelopes, the 8.3 on-disk layout, YAML, and the config section."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

import gateway_sim.system as system
from gateway_sim import Gateway
from gateway_sim.errors import ConfigError
from gateway_sim.quality import QualityCode


def _write(path, obj):
    d = os.path.dirname(path)
    if d and not os.path.isdir(d):
        os.makedirs(d)
    with open(path, "w") as f:
        f.write(obj if isinstance(obj, str) else json.dumps(obj))
    return path


PROVIDER_EXPORT = {"name": "", "tagType": "Provider", "tags": [
    {"name": "Line1", "tagType": "Folder", "tags": [
        {"name": "Speed", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Float8",
         "value": 0.0, "engUnit": "rpm",
         "alarms": [{"name": "High", "mode": "AboveValue", "setpointA": 1500.0, "priority": "High"}]},
        {"name": "Running", "tagType": "AtomicTag", "valueSource": "expr", "dataType": "Boolean",
         "expression": "{[.]Speed} > 10"},
        {"name": "Count"},
        {"name": "Start", "tagType": "AtomicTag", "dataType": "Boolean", "value": False,
         "eventScripts": [{"eventid": "valueChanged",
                           "script": "\tif not initialChange and currentValue.value:\n\t\tpass"}]}]}]}


def test_provider_envelope(gateway, tmp_path):
    gateway.tags.load_file(_write(str(tmp_path / "tags.json"), PROVIDER_EXPORT))
    speed, running, count = system.tag.readBlocking(["Line1/Speed", "Line1/Running", "Line1/Count"])
    assert speed.value == 0.0 and running.value is False
    assert count.value == 0     # no dataType -> Int4, no valueSource -> memory
    assert system.tag.readBlocking(["Line1/Count.DataType"])[0].value == "Int4"


def test_folder_root_and_selection_and_array(gateway, tmp_path):
    gateway.tags.load_file(_write(str(tmp_path / "f.json"), {"name": "Area", "tagType": "Folder",
                                                             "tags": [{"name": "A", "value": 1}]}))
    gateway.tags.load_file(_write(str(tmp_path / "s.json"), {"tags": [{"name": "B", "value": 2}]}))
    gateway.tags.load_file(_write(str(tmp_path / "a.json"), [{"name": "C", "value": 3}]), base_path="Sub")
    assert [q.value for q in system.tag.readBlocking(["Area/A", "B", "Sub/C"])] == [1, 2, 3]


def test_udt_type_file_goes_to_types(gateway, tmp_path):
    gateway.tags.load_file(_write(str(tmp_path / "motor.json"), {
        "name": "Motor", "tagType": "UdtType", "parameters": {"Rated": 10},
        "tags": [{"name": "Amps", "dataType": "Float8", "value": 1.5}]}))
    gateway.tags.load_data([{"name": "M1", "tagType": "UdtInstance", "typeId": "Motor"}])
    assert system.tag.readBlocking(["M1/Amps"])[0].value == 1.5
    assert system.tag.exists("[default]_types_/Motor")


def test_gson_escapes_decode(gateway, tmp_path):
    text = ('[{"name": "T", "dataType": "Boolean", "eventScripts": [{"eventid": "valueChanged", '
            '"script": "\\tx \\u003d \\u0027a\\u0027"}]}]')
    gateway.tags.load_file(_write(str(tmp_path / "g.json"), text))
    node = gateway.tags.resolve("T").node
    assert node.script_text["valueChanged"] == "\tx = 'a'"


def _layout(root):
    base = os.path.join(root, "config", "resources", "core", "ignition")
    td = os.path.join(base, "tag-definition", "default")
    ttd = os.path.join(base, "tag-type-definition", "default")
    _write(os.path.join(td, "tags.json"), [{"name": "Top", "value": 1}])
    _write(os.path.join(td, "unary-resource.json"), {"scope": "A"})
    _write(os.path.join(td, "Line1", "tags.json"), [{"name": "Speed", "dataType": "Float8", "value": 2.5}])
    _write(os.path.join(td, "Line1", "udts.json"), [{"name": "Pump", "tagType": "UdtInstance", "typeId": "Motor"}])
    _write(os.path.join(td, "Line1", "Sub", "tags.json"), [{"name": "Deep", "dataType": "String", "value": "x"}])
    _write(os.path.join(ttd, "udts.json"), [{"name": "Motor", "tagType": "UdtType",
                                             "tags": [{"name": "Amps", "dataType": "Float8", "value": 3.0}]}])
    return base


@pytest.mark.parametrize("which", ["resources", "tag-definition", "provider"])
def test_83_layout(gateway, tmp_path, which):
    base = _layout(str(tmp_path))
    path = {"resources": str(tmp_path / "config"),
            "tag-definition": os.path.join(base, "tag-definition"),
            "provider": os.path.join(base, "tag-definition", "default")}[which]
    gateway.tags.load_file(path)
    vals = [q.value for q in system.tag.readBlocking(["Top", "Line1/Speed", "Line1/Sub/Deep", "Line1/Pump/Amps"])]
    assert vals == [1, 2.5, "x", 3.0]


def test_83_layout_bad_file_named(gateway, tmp_path):
    base = _layout(str(tmp_path))
    bad = os.path.join(base, "tag-definition", "default", "Line1", "Sub", "tags.json")
    _write(bad, [{"name": "Deep", "dataType": "Nope"}])
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_file(str(tmp_path / "config"), strict=True)
    assert bad in str(ei.value) and "Nope" in str(ei.value)
    gateway.tags.load_file(str(tmp_path / "config"))
    assert len(gateway.tags.warnings) == 1
    assert bad in gateway.tags.warnings[0] and "Nope" in gateway.tags.warnings[0]


@pytest.mark.parametrize("doc,node,words", [
    ([{"name": "Line1", "tagType": "Folder", "tags": [{"name": "S", "dataType": "Float9"}]}], "Line1/S", "dataType"),
    ([{"name": "A", "valueSource": "query", "query": "x"}], "A", "did you mean 'db'"),
    ([{"name": "A", "type": "Folder"}], "A", "tagType"),
    ([{"name": "A", "alarms": {"High": {"mode": "AboveValue"}}}], "A", "list"),
    ([{"name": "F", "tagType": "Folder", "tags": [{"dataType": "Int4"}]}], "F/tags[0]", "name"),
    ([{"name": "F", "tagType": "Folder", "tags": {"a": 1}}], "F", "list"),
    ([{"name": "a/b"}], "a/b", "nest"),
    ([{"name": "A", "tagType": "Widget"}], "A", "tagType"),
    ([{"name": "A", "eventScripts": [{"eventid": "onChange", "script": "\tpass"}]}], "A/eventScripts[0]", "eventid"),
    ([{"name": "U", "tagType": "UdtInstance"}], "U", "typeId"),
    ([{"name": "S", "sim": {"type": "zigzag"}}], "S", "sim"),
    ([5], "tags[0]", "object"),
])
def test_malformed_node_is_reported_and_the_rest_loads(gateway, tmp_path, doc, node, words):
    path = _write(str(tmp_path / "bad.json"), doc + [{"name": "Good1", "value": 4}])
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_file(path, strict=True)
    msg = str(ei.value)
    assert path in msg and ("at %s" % node) in msg and words in msg, msg
    assert not system.tag.exists("Good1")          # strict: nothing applied
    gateway.tags.load_file(path)
    assert gateway.tags.value("Good1") == 4        # lenient: the rest loads
    assert len(gateway.tags.warnings) == 1, gateway.tags.warnings
    line = gateway.tags.warnings[0]
    assert "\n" not in line and path in line and ("at %s" % node) in line and words in line, line


@pytest.mark.parametrize("doc,node,words,quality", [
    ([{"name": "A", "dataType": "Int4", "value": "abc"}], "A", "Int4", QualityCode.Error_TypeConversion),
    ([{"name": "U", "tagType": "UdtInstance", "typeId": "Ghost"}], "U", "Ghost", None),
])
def test_loadable_but_broken_node_loads_with_a_bad_quality(gateway, tmp_path, doc, node, words, quality):
    path = _write(str(tmp_path / "bad.json"), doc + [{"name": "Good1", "value": 4}])
    gateway.tags.load_file(path)
    assert gateway.tags.value("Good1") == 4
    assert len(gateway.tags.warnings) == 1, gateway.tags.warnings
    line = gateway.tags.warnings[0]
    assert path in line and ("at %s" % node) in line and words in line, line
    assert system.tag.exists(node)
    if quality is not None:
        assert gateway.tags.read_one(node).quality == quality


def test_invalid_json_text(gateway, tmp_path):
    path = _write(str(tmp_path / "broken.json"), '{"tags": [ {"name": "A",, } ]}')
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_file(path)
    assert "invalid JSON" in str(ei.value) and path in str(ei.value)


def test_missing_file(gateway, tmp_path):
    with pytest.raises(ConfigError):
        gateway.tags.load_file(str(tmp_path / "nope.json"))


def test_failed_strict_load_leaves_nothing_half_loaded(gateway, tmp_path):
    path = _write(str(tmp_path / "bad.json"), [{"name": "Good1"}, {"name": "Bad", "dataType": "X"}])
    with pytest.raises(ConfigError):
        gateway.tags.load_file(path, strict=True)
    assert not system.tag.exists("Good1")


YAML_DOC = """
types:
  Motor:
    parameters: {Rated: {dataType: Float8, value: 10}}
    tags:
      Amps: {dataType: Float8, value: 0}
      Over: {expr: "{[.]Amps} > {Rated}", dataType: Boolean}
tags:
  Line1:
    tags:
      Speed: {dataType: Float8, value: 0, engUnit: rpm}
      Running: {expr: "{[.]Speed} > 10", dataType: Boolean}
      Pump1: {typeId: Motor, parameters: {Rated: 5}}
      Names: {value: [a, b], dataType: StringArray}
  Setpoint: 50.5
  Enabled: true
  Label: hello
  Big: 10000000000
"""


def test_yaml_compact_form(gateway, tmp_path):
    gateway.tags.load_file(_write(str(tmp_path / "t.yaml"), YAML_DOC))
    paths = ["Line1/Speed", "Line1/Running", "Line1/Pump1/Over", "Setpoint", "Enabled", "Label",
             "Big", "Line1/Names", "Setpoint.DataType", "Big.DataType", "Line1/Speed.EngUnit"]
    vals = [q.value for q in system.tag.readBlocking(paths)]
    assert vals == [0.0, False, False, 50.5, True, "hello", 10000000000, ["a", "b"], "Float8", "Int8", "rpm"]
    system.tag.writeBlocking(["Line1/Pump1/Amps"], [7])
    assert system.tag.readBlocking(["Line1/Pump1/Over"])[0].value is True


def test_yaml_full_form_and_errors(gateway, tmp_path):
    gateway.tags.load_file(_write(str(tmp_path / "full.yml"), "- {name: A, value: 3}\n"))
    assert system.tag.readBlocking(["A"])[0].value == 3
    bad = _write(str(tmp_path / "bad.yaml"), "tags:\n  Line1:\n    tags:\n      S: {dataType: Nope}\n")
    gateway.tags.load_file(bad)
    assert bad in gateway.tags.warnings[0] and "Line1/S" in gateway.tags.warnings[0]
    syntax = _write(str(tmp_path / "syntax.yaml"), "tags: [unclosed\n")
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_file(syntax)
    assert "invalid YAML" in str(ei.value)
    lst = _write(str(tmp_path / "lst.yaml"), "tags:\n  A: [1, 2]\n")
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_file(lst)
    assert "at A" in str(ei.value)


def test_gateway_config_section(tmp_path):
    _write(str(tmp_path / "tags" / "plant.json"), PROVIDER_EXPORT)
    _write(str(tmp_path / "tags" / "edge.yaml"), "tags:\n  Temp: 21.5\n")
    cfg = {"tagProviders": {
        "plant": {"files": ["tags/plant.json"], "tags": {"Extra": 5}},
        "edge": {"files": ["tags/edge.yaml"], "type": "realtime"}},
        "defaultTagProvider": "plant"}
    _write(str(tmp_path / "gateway.json"), cfg)
    gw = Gateway.from_file(str(tmp_path / "gateway.json"), data_dir=str(tmp_path / "data"))
    try:
        qvs = gw.tags.read(["Line1/Speed", "[plant]Extra", "[edge]Temp", "[default]Line1/Speed"])
        assert [q.value for q in qvs[:3]] == [0.0, 5, 21.5]
        assert qvs[3].quality == QualityCode.Bad_NotFound   # the built-in 'default' stays empty
    finally:
        gw.shutdown()


@pytest.mark.parametrize("section,default,words", [
    ({"p": {"filez": []}}, None, "filez"),
    ({"p": 5}, None, "mapping"),
    ({"p": {"type": "weird"}}, None, "weird"),
    ({"p": {}}, "nope", "defaultTagProvider"),
    ([1], None, "mapping"),
])
def test_config_section_errors(gateway, section, default, words):
    with pytest.raises(ConfigError) as ei:
        gateway.tags.configure(section, default, ".")
    assert words in str(ei.value)


def test_half_configured_tags_load_and_read_error_configuration(gateway, tmp_path):
    doc = [{"name": "E", "valueSource": "expr", "dataType": "Int4"},
           {"name": "E2", "valueSource": "expr", "expression": "  "},
           {"name": "R", "valueSource": "reference"},
           {"name": "D", "valueSource": "derived", "sourceTagPath": ""},
           {"name": "Q", "valueSource": "db"},
           {"name": "Ok", "valueSource": "expr", "expression": "1 + 1"}]
    path = _write(str(tmp_path / "half.json"), doc)
    gateway.tags.load_file(path)
    assert gateway.tags.warnings == []     # a gateway accepts these configs
    for name in ("E", "E2", "R", "D", "Q"):
        qv = gateway.tags.read_one(name)
        assert qv.value is None and qv.quality == QualityCode.Error_Configuration, (name, qv)
    assert gateway.tags.value("Ok") == 2
    assert system.tag.writeBlocking(["R"], [1])[0] == QualityCode.Error_Configuration


def test_config_section_strict_fails_the_start(gateway, tmp_path):
    _write(str(tmp_path / "bad.json"), [{"name": "Ok", "value": 1}, {"name": "B", "dataType": "X"}])
    gateway.tags.configure({"lenient": {"files": ["bad.json"]}}, None, str(tmp_path))
    assert gateway.tags.value("[lenient]Ok") == 1 and "at B" in gateway.tags.warnings[0]
    with pytest.raises(ConfigError) as ei:
        gateway.tags.configure({"ci": {"files": ["bad.json"], "strict": True}}, None, str(tmp_path))
    assert "at B" in str(ei.value)
    with pytest.raises(ConfigError) as ei:
        gateway.tags.configure({"x": {"strict": "yes"}}, None, str(tmp_path))
    assert "'strict' must be true or false" in str(ei.value)
