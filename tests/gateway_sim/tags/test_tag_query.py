"""system.tag.query (8.1.19+ / 8.3): the Tag Report Tool's query, its Results and paging.

The tag tree here is written for these tests; the last tests run the query on a real
public export (never copied into the repository) and check it against the export's own
JSON, counted independently.
"""
from __future__ import absolute_import, division, print_function

import json

import pytest

import gateway_sim.system as system
from gateway_sim.errors import NotImplementedInSimulator
from gateway_sim.quality import QualifiedValue, QualityCode
from realfixtures import real_path

PLANT = {"tags": [
    {"name": "_types_", "tagType": "Folder", "tags": [
        {"name": "Motor", "tagType": "UdtType", "tags": [
            {"name": "Speed", "dataType": "Float8", "value": 1.0,
             "alarms": [{"name": "HighSpeed", "mode": "AboveValue", "setpointA": 50}]},
            {"name": "Amps", "dataType": "Float8", "value": 2.0},
        ]},
        {"name": "BigMotor", "tagType": "UdtType", "typeId": "Motor", "tags": [
            {"name": "Torque", "dataType": "Float8", "value": 0.0},
        ]},
    ]},
    {"name": "Ramp", "tagType": "Folder", "tags": [
        {"name": "Ramp0", "valueSource": "opc", "opcItemPath": "ns=1;s=Ramp0", "dataType": "Float8",
         "alarms": [{"name": "Hi", "mode": "AboveValue", "setpointA": 10}]},
        {"name": "Ramp1", "valueSource": "opc", "opcItemPath": "ns=1;s=Ramp1", "dataType": "Float8",
         "alarms": [{"name": "Hi", "mode": "AboveValue", "setpointA": 10},
                    {"name": "Lo", "mode": "BelowValue", "setpointA": 1}]},
        {"name": "Ramp2", "valueSource": "opc", "opcItemPath": "ns=1;s=Ramp2",
         "dataType": "Float8"},
        {"name": "RampMemo", "dataType": "Int4", "value": 7,
         "alarms": [{"name": "Hi", "mode": "AboveValue", "setpointA": 10}]},
        {"name": "Bad", "valueSource": "expr", "dataType": "Int4", "expression": "nosuch(1)"},
    ]},
    {"name": "Line", "tagType": "Folder", "tags": [
        {"name": "M1", "tagType": "UdtInstance", "typeId": "Motor",
         "tags": [{"name": "Amps", "documentation": "rewound", "historyEnabled": True}]},
        {"name": "M2", "tagType": "UdtInstance", "typeId": "BigMotor"},
        {"name": "Level", "dataType": "Float8", "value": 3.5, "documentation": "Tank LEVEL in m",
         "engUnit": "m", "historyEnabled": True, "engHigh": 12},
        {"name": "Count", "dataType": "Int4", "value": 40, "enabled": False},
        {"name": "Flag", "dataType": "Boolean", "value": True, "tooltip": "a flag",
         "eventScripts": [{"eventid": "valueChanged", "script": "\tpass"}],
         "readPermissions": {"type": "AllOf", "securityLevels": []},
         "scaleMode": "Linear"},
        {"name": "Text", "dataType": "String", "value": "hello"},
    ]},
]}


@pytest.fixture
def plant(gateway):
    gateway.tags.load_data(PLANT)
    for p in ("Ramp/Ramp0", "Ramp/Ramp1", "Ramp/Ramp2"):
        assert gateway.tags.set_value("[default]" + p, 1.0).isGood()
    return gateway


def paths(results):
    return [str(r["fullPath"]) for r in results]


def q(condition=None, props=None, options=None, limit=None, continuation=None,
      provider="default"):
    query = {"condition": condition or {}}
    if props is not None:
        query["returnProperties"] = props
    if options is not None:
        query["options"] = options
    return system.tag.query(provider, query, limit, continuation)


# --- the manual's example and the Results object -------------------------------------------

def test_manual_example_shape(plant):
    plant.tags.set_quality("[default]Ramp/Ramp1", "Error_Configuration")
    query = {"condition": {"path": "Ramp/Ramp*", "tagType": "AtomicTag",
                           "attributes": {"values": ["alarm"], "requireAll": True},
                           "valueSource": "opc", "quality": "Error"},
             "returnProperties": ["path", "tagType", "quality"]}
    results = system.tag.query("default", query, 100)
    assert paths(results) == ["[default]Ramp/Ramp1"]
    row = results.getResults()[0]
    assert row["tagType"] == "AtomicTag"
    assert row["quality"] == QualityCode.Error_Configuration
    assert row["path"] == "[default]Ramp/Ramp1"
    assert results.getResultQuality().isGood()
    assert results.getContinuationPoint() is None and results.continuationPoint is None
    assert results.getTotalAvailableSize() == 1 and results.getReturnedSize() == 1
    assert len(results) == 1 and str(results[0]["fullPath"]) == "[default]Ramp/Ramp1"


def test_keyword_arguments_and_full_path_object(plant):
    results = system.tag.query(provider="default", query={"condition": {"path": "Line/Level"}})
    (row,) = list(results)
    fp = row["fullPath"]
    assert str(fp) == "[default]Line/Level" and fp.toStringFull() == "[default]Line/Level"
    assert fp.getItemName() == "Level" and fp.getSource() == "default"
    assert row.get("fullPath") is fp
    # Without returnProperties a row holds the path only.
    assert sorted(row.keys()) == ["fullPath"]


def test_return_properties(plant):
    props = ["tagType", "quality", "documentation", "engUnit", "dataType", "valueSource",
             "value", "name", "typeId", "meta_area"]
    (level,) = q({"path": "Line/Level"}, props)
    assert level["documentation"] == "Tank LEVEL in m" and level["engUnit"] == "m"
    assert level["dataType"] == "Float8" and level["valueSource"] == "memory"
    assert isinstance(level["value"], QualifiedValue) and level["value"].value == 3.5
    assert level["name"] == "Level" and level["quality"] == QualityCode.Good
    assert level["typeId"] is None and level["meta_area"] is None   # absent -> None
    (m1,) = q({"path": "Line/M1", "tagType": "UdtInstance"}, ["typeId", "tagType", "value"])
    assert m1["typeId"] == "Motor" and m1["tagType"] == "UdtInstance" and m1["value"] is None


# --- conditions -----------------------------------------------------------------------------

def test_path_wildcards(plant):
    every = paths(q({"path": "*"}))
    assert "[default]Line/M1/Speed" in every and "[default]Ramp" in every
    assert not [p for p in every if "_types_" in p]
    assert paths(q({"path": "*amps"})) == ["[default]Line/M1/Amps", "[default]Line/M2/Amps"]
    assert paths(q({"path": "[default]Line/M1*"})) == [
        "[default]Line/M1", "[default]Line/M1/Speed", "[default]Line/M1/Amps"]
    assert paths(q({"path": "line/level"})) == ["[default]Line/Level"]
    assert paths(q({"path": "Line/Lev"})) == []
    assert paths(q({"path": "Ramp/Ramp?"})) == []      # '?' is no wildcard


def test_tag_type_value_source_data_type(plant):
    assert paths(q({"tagType": "UdtInstance"})) == ["[default]Line/M1", "[default]Line/M2"]
    assert paths(q({"tagType": "Folder"})) == ["[default]Ramp", "[default]Line"]
    assert paths(q({"path": "Ramp/*", "valueSource": "opc"})) == [
        "[default]Ramp/Ramp0", "[default]Ramp/Ramp1", "[default]Ramp/Ramp2"]
    assert paths(q({"dataType": ["Boolean", "String"]})) == [
        "[default]Line/Flag", "[default]Line/Text"]


def test_quality_levels_and_names(plant):
    assert paths(q({"quality": "Error"})) == ["[default]Ramp/Bad"]
    assert paths(q({"quality": "Error_ExpressionEval"})) == ["[default]Ramp/Bad"]
    assert paths(q({"quality": "Bad"})) == ["[default]Line/Count"]      # disabled
    good = paths(q({"quality": "good", "path": "Ramp/*"}))
    assert good == ["[default]Ramp/Ramp0", "[default]Ramp/Ramp1", "[default]Ramp/Ramp2",
                    "[default]Ramp/RampMemo"]


def test_attributes(plant):
    def hits(values, require_all=True, **kw):
        return paths(q({"attributes": {"values": values, "requireAll": require_all}}, **kw))
    assert hits(["alarm"]) == ["[default]Ramp/Ramp0", "[default]Ramp/Ramp1",
                               "[default]Ramp/RampMemo", "[default]Line/M1/Speed",
                               "[default]Line/M2/Speed"]
    assert hits(["history"]) == ["[default]Line/M1/Amps", "[default]Line/Level"]
    assert hits(["disabled"]) == ["[default]Line/Count"]
    assert hits(["scripting"]) == hits(["security"]) == hits(["scaling"]) == ["[default]Line/Flag"]
    assert hits(["History", "Disabled"], False) == [
        "[default]Line/M1/Amps", "[default]Line/Level", "[default]Line/Count"]
    assert hits(["history", "disabled"], True) == []
    assert hits([]) == paths(q({}))


def test_override_attribute_and_tag_query_overrides(plant):
    rows = q({"attributes": {"values": ["override"], "requireAll": True}},
             ["tagQueryOverrides"])
    assert paths(rows) == ["[default]Line/M1/Amps"]
    overrides = [item.strip() for item in str(rows[0]["tagQueryOverrides"]).split(",")]
    assert sorted(overrides) == ["documentation", "historyEnabled"]
    (plain,) = q({"path": "Line/M2/Amps"}, ["tagQueryOverrides"])
    assert plain["tagQueryOverrides"] is None


def test_udt_inheritance_attribute(plant):
    got = paths(q({"attributes": {"values": ["udt-inheritance"]}},
                  options={"includeUdtDefinitions": True}))
    assert "[default]_types_/BigMotor" in got and "[default]_types_/Motor" not in got
    assert "[default]Line/M1/Speed" in got and "[default]Line/Level" not in got


def test_properties_group(plant):
    doc = {"op": "And", "conditions": [
        {"prop": "Documentation", "comp": "Contains", "value": "level"}]}
    assert paths(q({"properties": doc})) == ["[default]Line/Level"]
    spelled = {"op": "And", "conditions": [
        {"property": "documentation", "comparison": "Like", "value": "tank*"}]}
    assert paths(q({"properties": spelled})) == ["[default]Line/Level"]
    either = {"op": "Or", "conditions": [
        {"prop": "engHigh", "comp": "LessThan", "value": 50},    # default 100
        {"prop": "tooltip", "comp": "Equal", "value": "A FLAG"}]}
    assert paths(q({"properties": either})) == ["[default]Line/Level", "[default]Line/Flag"]
    nested = {"op": "And", "conditions": [
        {"prop": "dataType", "comp": "NotEqual", "value": "Float8"},
        {"op": "Or", "conditions": [{"prop": "value", "comp": "LessThan", "value": 10},
                                     {"prop": "value", "comp": "Equal", "value": "hello"}]}]}
    assert paths(q({"path": "Line/*", "properties": nested})) == ["[default]Line/Text"]
    assert paths(q({"path": "Line/*", "properties": {"op": "And", "conditions": [
        {"prop": "value", "comp": "GreaterThanOrEqual", "value": 40}]}})) == ["[default]Line/Count"]
    assert paths(q({"path": "Line/*", "tagType": "AtomicTag", "properties": {
        "op": "And", "conditions": [{"prop": "value", "comp": "Equal", "value": "true"}]}})) == [
        "[default]Line/Flag"]


def test_set_properties_need_wildcards_with_like(plant):
    def alarms(comp, value):
        return paths(q({"path": "Ramp/*", "properties": {"op": "And", "conditions": [
            {"prop": "Alarms", "comp": comp, "value": value}]}}))
    assert alarms("Like", "Lo") == []
    assert alarms("Like", "*Lo*") == ["[default]Ramp/Ramp1"]
    assert alarms("NotLike", "*Hi*") == ["[default]Ramp/Ramp2", "[default]Ramp/Bad"]
    scripts = {"op": "And", "conditions": [
        {"prop": "Tag Event Scripts", "comp": "Like", "value": "*valueChanged*"}]}
    assert paths(q({"properties": scripts})) == ["[default]Line/Flag"]


# --- options: UDT members and definitions ---------------------------------------------------

def test_udt_options(plant):
    no_members = paths(q({"path": "Line/*"}, options={"includeUdtMembers": False,
                                                        "includeUdtDefinitions": False}))
    assert no_members == ["[default]Line/M1", "[default]Line/M2", "[default]Line/Level",
                          "[default]Line/Count", "[default]Line/Flag", "[default]Line/Text"]
    defs = q({"tagType": "UdtType"}, ["tagType"],
             options={"includeUdtMembers": True, "includeUdtDefinitions": True})
    assert paths(defs) == ["[default]_types_/Motor", "[default]_types_/BigMotor"]
    alarms_in_types = q({"path": "*_types_*", "attributes": {"values": ["alarm"]}},
                        options={"includeUdtMembers": True, "includeUdtDefinitions": True})
    # BigMotor inherits Speed (and its alarm) from Motor: the child definition holds it.
    assert paths(alarms_in_types) == ["[default]_types_/Motor/Speed", "[default]_types_/BigMotor/Speed"]
    # Definitions on, members off: the definitions themselves only.
    assert paths(q({"path": "_types_*"}, options={"includeUdtMembers": False,
                                                  "includeUdtDefinitions": True})) == [
        "[default]_types_/Motor", "[default]_types_/BigMotor"]


# --- limit and continuation -----------------------------------------------------------------

def test_limit_and_continuation_pages_through_everything(plant):
    everything = paths(q({"path": "*"}))
    assert len(everything) > 7
    seen, cont, pages = [], None, 0
    while True:
        res = q({"path": "*"}, limit=3, continuation=cont)
        assert res.getTotalAvailableSize() == len(everything)
        assert res.getReturnedSize() <= 3
        seen.extend(paths(res))
        pages += 1
        cont = res.getContinuationPoint()
        if cont is None:
            break
        assert pages < 20
    assert seen == everything
    assert pages == (len(everything) + 2) // 3


def test_continuation_alone_reuses_the_stored_query(plant):
    first = system.tag.query("default", {"condition": {"path": "Ramp/*"}}, 2)
    assert paths(first) == ["[default]Ramp/Ramp0", "[default]Ramp/Ramp1"]
    rest = system.tag.query("default", None, 10, first.getContinuationPoint())
    assert paths(rest) == ["[default]Ramp/Ramp2", "[default]Ramp/RampMemo", "[default]Ramp/Bad"]
    assert rest.getContinuationPoint() is None


def test_limit_exactly_the_matches_sets_no_continuation(plant):
    res = q({"path": "Ramp/*"}, limit=5)
    assert len(res) == 5 and res.getContinuationPoint() is None
    assert paths(q({"path": "Ramp/*"}, limit=0)) == paths(q({"path": "Ramp/*"}))


def test_unknown_continuation_gives_an_empty_bad_result(plant):
    res = q({"path": "*"}, limit=2, continuation="no-such-point")
    assert list(res) == [] and res.getResultQuality() == QualityCode.Bad_NotFound
    assert "no-such-point" in res.getResultQuality().getDiagnosticMessage()


# --- providers and bad input ----------------------------------------------------------------

def test_providers(plant):
    assert list(system.tag.query()) == []                       # manual: empty Results
    assert list(system.tag.query(None, {"condition": {"path": "*"}})) == []
    res = system.tag.query("nosuch", {"condition": {}})
    assert list(res) == [] and res.getResultQuality() == QualityCode.Bad_NotFound
    assert "default" in res.getResultQuality().getDiagnosticMessage()
    bracketed = system.tag.query("[default]", {"condition": {}})
    assert list(bracketed) == [] and "without brackets" in \
        bracketed.getResultQuality().getDiagnosticMessage()
    assert paths(system.tag.query("DEFAULT", {"condition": {"path": "Line/Text"}})) == [
        "[default]Line/Text"]
    plant.tags.add_provider("Other")
    plant.tags.load_data({"tags": [{"name": "X", "value": 1}]}, provider="Other")
    assert paths(system.tag.query("Other", {})) == ["[Other]X"]
    assert paths(system.tag.query("System", {"condition": {"path": "Gateway/SystemName"}})) == [
        "[System]Gateway/SystemName"]


def test_query_none_matches_every_tag(plant):
    assert paths(system.tag.query("default")) == paths(q({}))


@pytest.mark.parametrize("bad, err, needle", [
    ("path=*", TypeError, "must be a dict"),
    ([{"condition": {}}], TypeError, "must be a dict"),
    ({"condition": "Ramp/*"}, TypeError, "condition must be a dict"),
    ({"returnProperties": "tagType"}, TypeError, "returnProperties must be a list"),
    ({"condition": {"attributes": ["alarm"]}}, TypeError, "attributes must be a dict"),
    ({"condition": {"attributes": {"values": ["alarms-ish"]}}}, ValueError, "known: alarm"),
    ({"condition": {"properties": {"op": "And", "conditions": [
        {"prop": "name", "comp": "Matches", "value": "x"}]}}}, ValueError, "GreaterThan"),
    ({"condition": {"properties": {"op": "Xor", "conditions": []}}}, ValueError, "And, Or"),
    ({"condition": {"properties": {"op": "And", "conditions": [
        {"comp": "Equal", "value": "x"}]}}}, ValueError, "no property name"),
])
def test_bad_queries_name_the_problem(plant, bad, err, needle):
    with pytest.raises(err) as info:
        system.tag.query("default", bad)
    assert needle in str(info.value)


def test_bad_limit(plant):
    with pytest.raises(TypeError) as info:
        system.tag.query("default", {}, "ten")
    assert "limit must be an integer" in str(info.value)
    assert len(system.tag.query("default", {}, 2.0)) == 2


def test_unknown_condition_key_is_ignored_with_a_warning(plant):
    got = []
    logger = plant.util.get_logger("tags.query")
    orig = logger.warn
    logger.warn = lambda msg, *a: got.append(msg)
    try:
        res = q({"path": "Line/Text", "colour": "red"})
    finally:
        logger.warn = orig
    assert paths(res) == ["[default]Line/Text"]
    assert got and "colour" in got[0]


@pytest.mark.allow_not_implemented
def test_known_but_unmodelled_conditions_are_loud_gaps(plant):
    with pytest.raises(NotImplementedInSimulator) as info:
        q({"attributes": {"values": ["alarm-metrics"]}})
    assert "alarm-metrics" in str(info.value)
    with pytest.raises(NotImplementedInSimulator):
        q({"hierarchy": {"path": "Line"}})


def test_results_follow_the_live_tree(plant):
    before = paths(q({"path": "Line/*", "tagType": "AtomicTag", "attributes": {
        "values": ["history"]}}, options={"includeUdtMembers": False}))
    assert before == ["[default]Line/Level"]
    system.tag.configure("[default]Line", [{"name": "Text", "historyEnabled": True}], "m")
    after = paths(q({"path": "Line/*", "tagType": "AtomicTag", "attributes": {
        "values": ["history"]}}, options={"includeUdtMembers": False}))
    assert after == ["[default]Line/Level", "[default]Line/Text"]


# --- a real public export -------------------------------------------------------------------

REAL = ("tags", "floriansmeyers__SFLOW-Ignition-CLI", "tags-backup.json")


def _json_counts(doc):
    """Counted on the export's own JSON, outside _types_ and outside UDT instances."""
    counts = {"instances": 0, "history": 0, "atomic": 0}

    def walk(node, top):
        for child in node.get("tags") or []:
            if top and child.get("name") == "_types_":
                continue
            tt = child.get("tagType")
            if tt == "UdtInstance":
                counts["instances"] += 1
                continue            # its members are UDT members
            if tt == "AtomicTag":
                counts["atomic"] += 1
                if child.get("historyEnabled") is True:
                    counts["history"] += 1
            walk(child, False)
    walk(doc, True)
    return counts


@pytest.fixture
def real_plant(gateway):
    path = real_path(*REAL)
    gateway.tags.load_file(path)
    with open(path) as f:
        return gateway, _json_counts(json.load(f))


def test_real_export_counts_match_its_json(real_plant):
    gw, counts = real_plant
    flat = {"includeUdtMembers": False, "includeUdtDefinitions": False}
    instances = q({"tagType": "UdtInstance"}, ["typeId"], options=flat)
    assert len(instances) == counts["instances"] > 100
    assert all(r["typeId"] and str(r["fullPath"]).startswith("[default]") for r in instances)
    history = q({"tagType": "AtomicTag", "attributes": {"values": ["history"],
                                                        "requireAll": True}}, options=flat)
    assert len(history) == counts["history"] > 0
    atomic = q({"path": "*", "tagType": "AtomicTag"}, options=flat)
    assert len(atomic) == counts["atomic"]


def test_real_export_pages_cover_one_unlimited_query(real_plant):
    query = {"options": {"includeUdtMembers": True, "includeUdtDefinitions": False},
             "condition": {"path": "*", "tagType": "AtomicTag"},
             "returnProperties": ["tagType", "quality"]}
    whole = paths(system.tag.query("default", query))
    assert len(whole) > 6000 and len(set(whole)) == len(whole)
    seen, cont = [], None
    while True:
        res = system.tag.query("default", query, 1000, cont)
        seen.extend(paths(res))
        cont = res.getContinuationPoint()
        if cont is None:
            break
    assert seen == whole
