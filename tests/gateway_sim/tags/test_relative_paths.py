"""Relative tag paths ([.], [.]../, [~]) resolve as Ignition resolves them.

``resolve_relative`` is the pure resolver shared by expressions, event scripts and the
legacy ``system.tag`` functions; the backend tests check tags read through it.
"""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.backends.tags.paths import PathSyntaxError, is_relative, resolve_relative

OWNER = "[default]Line1/Pump1/Amps"


@pytest.mark.parametrize("path,expected", [
    ("[.]Speed", "[default]Line1/Pump1/Speed"),
    ("[.]../Setpoint", "[default]Line1/Setpoint"),
    ("[.]../../Plant/Mode.Quality", "[default]Plant/Mode.Quality"),
    ("[~]Area/Tag", "[default]Area/Tag"),
    ("[.]", "[default]Line1/Pump1"),
    ("[.]..", "[default]Line1"),
    ("[.]Sub/../Speed", "[default]Line1/Pump1/Speed"),
    ("[.]Arr[2]", "[default]Line1/Pump1/Arr[2]"),
    ("[other]X/Y", "[other]X/Y"),
    ("[]X", "[default]X"),
    ("X/Y", "[default]X/Y"),
])
def test_resolve_relative(path, expected):
    assert resolve_relative(path, OWNER) == expected


def test_owner_without_provider_uses_provider_argument():
    assert resolve_relative("[.]X", "Folder/Tag", "edge") == "[edge]Folder/X"
    assert resolve_relative("[~]X", "Tag", "edge") == "[edge]X"


def test_above_root_is_an_error_naming_path_and_fix():
    with pytest.raises(PathSyntaxError) as ei:
        resolve_relative("[.]../../../x", OWNER)
    msg = str(ei.value)
    assert "[.]../../../x" in msg and "remove a '../'" in msg


def test_is_relative():
    assert is_relative("[.]x") and is_relative("[~]x")
    assert not is_relative("[default]x") and not is_relative("x")


def test_expression_tags_read_through_relative_paths(gateway):
    gw = gateway
    gw.tags.load_data({"tags": [
        {"name": "Line1", "tagType": "Folder", "tags": [
            {"name": "Setpoint", "dataType": "Float8", "value": 40.0},
            {"name": "Pump1", "tagType": "Folder", "tags": [
                {"name": "Speed", "dataType": "Float8", "value": 2.0},
                {"name": "Up", "valueSource": "expr", "dataType": "Float8",
                 "expression": "{[.]../Setpoint} + {[.]Speed}"},
                {"name": "Root", "valueSource": "expr", "dataType": "Float8",
                 "expression": "{[~]Top} * 2"},
                {"name": "TooFar", "valueSource": "expr", "dataType": "Float8",
                 "expression": "{[.]../../../Top}"},
            ]},
        ]},
        {"name": "Top", "dataType": "Float8", "value": 5.0},
    ]})
    assert gw.tags.value("[default]Line1/Pump1/Up") == 42.0
    assert gw.tags.value("[default]Line1/Pump1/Root") == 10.0
    # A change upstream re-evaluates the dependent ([.]../ keys the dependency correctly).
    gw.tags.write("[default]Line1/Setpoint", 50.0)
    assert gw.tags.value("[default]Line1/Pump1/Up") == 52.0
    assert not gw.tags.read_one("[default]Line1/Pump1/TooFar").quality.isGood()


def test_event_scripts_read_and_write_relative_paths(gateway):
    # A valueChanged script copies its value to [.]../Mirror (up one folder), to
    # [~]Top/Copy (provider root) and reads a sibling through [.]; writes land.
    script = ("\tif initialChange:\n\t\treturn\n"
              "\tsib = system.tag.readBlocking(['[.]Gain'])[0].value\n"
              "\tsystem.tag.writeBlocking(['[.]../Mirror', '[~]Top/Copy'],"
              " [currentValue.value * sib, currentValue.value])\n")
    gateway.tags.load_data([
        {"name": "Top", "tagType": "Folder", "tags": [{"name": "Copy", "dataType": "Int4", "value": 0}]},
        {"name": "Line", "tagType": "Folder", "tags": [
            {"name": "Mirror", "dataType": "Int4", "value": 0},
            {"name": "Cell", "tagType": "Folder", "tags": [
                {"name": "Gain", "dataType": "Int4", "value": 3},
                {"name": "In", "dataType": "Int4", "value": 0,
                 "eventScripts": [{"eventid": "valueChanged", "script": script}]}]}]}])
    gateway.tags.flush_events()
    system.tag.writeBlocking(["Line/Cell/In"], [7])
    assert gateway.tags.flush_events()
    assert gateway.tags.value("Line/Mirror") == 21
    assert gateway.tags.value("Top/Copy") == 7


def test_relative_path_outside_a_tag_is_invalid_syntax(gateway):
    qv = system.tag.readBlocking(["[.]Anything"])[0]
    assert qv.quality.getName() == "Error_InvalidPathSyntax"
    assert "only valid inside a tag" in str(qv.quality)
