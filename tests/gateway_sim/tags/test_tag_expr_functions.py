"""Expression tags using tag(), quality functions, runScript and hasChanged."""
from __future__ import absolute_import, division, print_function

import pytest

import gateway_sim.system as system
from gateway_sim.quality import QualityCode


def _read(*paths):
    return system.tag.readBlocking(list(paths))


@pytest.fixture
def plant(gateway):
    gateway.tags.load_data({"tags": [
        {"name": "Line1", "tagType": "Folder", "tags": [
            {"name": "Speed", "dataType": "Float8", "value": 5.0},
            {"name": "Which", "dataType": "String", "value": "Speed"},
            {"name": "ByTag", "valueSource": "expr", "dataType": "Float8",
             "expression": "tag('[.]' + {[.]Which}) * 2"},
            {"name": "AbsTag", "valueSource": "expr", "dataType": "Float8",
             "expression": "tag('[default]Line1/Speed') + 1"},
            {"name": "GoodSpeed", "valueSource": "expr", "dataType": "Boolean",
             "expression": "isGood({[.]Speed})"},
            {"name": "GoodNope", "valueSource": "expr", "dataType": "Boolean",
             "expression": "isGood({[.]Nope})"},
            {"name": "BadNope", "valueSource": "expr", "dataType": "Boolean",
             "expression": "isBad(tag('[.]Nope'))"},
            {"name": "QNope", "valueSource": "expr", "dataType": "Int4",
             "expression": "toInt(qualityOf({[.]Nope}))"},
            {"name": "Forced", "valueSource": "expr", "dataType": "Float8",
             "expression": "forceQuality({[.]Speed}, 'Uncertain')"},
            {"name": "Changed", "valueSource": "expr", "dataType": "Boolean",
             "expression": "hasChanged({[.]Speed})"},
            {"name": "Script", "valueSource": "expr", "dataType": "Int4",
             "expression": "runScript('len(\"abcd\") + 1')"},
            {"name": "ScriptArgs", "valueSource": "expr", "dataType": "Int4",
             "expression": "runScript('max', 0, 3, {[.]Speed})"},
            {"name": "ScriptBad", "valueSource": "expr", "dataType": "Int4",
             "expression": "runScript('nosuchname')"},
        ]}]})
    return gateway


def test_tag_function_reads_and_follows_changes(plant):
    by_tag, abs_tag = _read("Line1/ByTag", "Line1/AbsTag")
    assert (by_tag.value, abs_tag.value) == (10.0, 6.0) and by_tag.quality.isGood()
    system.tag.writeBlocking(["Line1/Speed"], [7.0])
    assert [qv.value for qv in _read("Line1/ByTag", "Line1/AbsTag")] == [14.0, 8.0]


def test_quality_functions(plant):
    good, nope, bad, q = _read("Line1/GoodSpeed", "Line1/GoodNope", "Line1/BadNope", "Line1/QNope")
    assert (good.value, nope.value, bad.value) == (True, False, True)
    assert good.quality.isGood() and nope.quality.isGood()   # the test itself is a good value
    assert q.value == QualityCode.Bad_NotFound.getCode()


def test_force_quality(plant):
    qv = _read("Line1/Forced")[0]
    assert qv.value == 5.0 and qv.quality == QualityCode.Uncertain


def test_has_changed(plant):
    assert _read("Line1/Changed")[0].value is False
    system.tag.writeBlocking(["Line1/Speed"], [9.0])
    assert _read("Line1/Changed")[0].value is True


def test_run_script(plant):
    s, a, bad = _read("Line1/Script", "Line1/ScriptArgs", "Line1/ScriptBad")
    assert (s.value, a.value) == (5, 5)
    assert bad.quality == QualityCode.Error_ExpressionEval
    assert "nosuchname" in bad.quality.getDiagnosticMessage()


def test_run_script_with_poll_rate_retries_after_an_error(virtual_gateway):
    """A runScript whose module is not there yet (projects load after tags) keeps polling
    and picks the value up once the script exists, as a gateway does."""
    import sys
    import types
    virtual_gateway.tags.load_data([{"name": "Polled", "valueSource": "expr", "dataType": "Int4",
                                     "expression": "runScript(\"__import__('_rs_late').value()\", 1000)"}])
    assert system.tag.readBlocking(["Polled"])[0].quality == QualityCode.Error_ExpressionEval
    mod = types.ModuleType("_rs_late")
    mod.value = lambda: 42
    sys.modules["_rs_late"] = mod
    try:
        virtual_gateway.clock.advance(1.0)
        qv = system.tag.readBlocking(["Polled"])[0]
        assert qv.value == 42 and qv.quality.isGood()
    finally:
        del sys.modules["_rs_late"]
