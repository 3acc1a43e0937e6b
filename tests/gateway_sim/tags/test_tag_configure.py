"""system.tag.configure (collision policies, traps), getConfiguration, deleteTags,
exportTags / importTags, copy / move / rename."""
from __future__ import absolute_import, division, print_function

import json

import pytest

from gateway_sim.jvm import IllegalArgumentException
from gateway_sim.quality import QualityCode


@pytest.fixture
def base(gateway, system):
    res = system.tag.configure("[default]Plant", [
        {"name": "Speed", "dataType": "Float8", "value": 1.5, "engUnit": "rpm", "documentation": "d"},
        {"name": "Area", "tagType": "Folder", "tags": [{"name": "T1", "value": 1}]},
    ])
    assert res == [QualityCode.Good, QualityCode.Good]
    return system


def _cfg(system, path):
    return system.tag.getConfiguration(path)[0]


def test_configure_returns_one_code_per_top_level_dict_and_creates_base(base):
    assert base.tag.exists("[default]Plant/Area/T1")
    res = base.tag.configure("[default]New/Deep", '[{"name": "X", "value": 3}]')   # JSON string
    assert res == [QualityCode.Good]
    assert base.tag.readBlocking(["New/Deep/X"])[0].value == 3


def test_policy_overwrite_replaces_whole_config(base):
    base.tag.configure("[default]Plant", [{"name": "Speed", "dataType": "Float8", "engUnit": "m/s"}], "o")
    cfg = _cfg(base, "[default]Plant/Speed")
    assert cfg["engUnit"] == "m/s" and "documentation" not in cfg
    assert base.tag.readBlocking(["Plant/Speed"])[0].value == 1.5    # value kept (no 'value' given)


def test_policy_merge_changes_only_given_keys(base):
    base.tag.configure("[default]Plant", [{"name": "Speed", "engUnit": "m/s"}], "m")
    cfg = _cfg(base, "[default]Plant/Speed")
    assert cfg["engUnit"] == "m/s" and cfg["documentation"] == "d" and cfg["dataType"] == "Float8"


def test_policy_ignore_keeps_existing_but_adds_new(base):
    res = base.tag.configure("[default]Plant", [
        {"name": "Speed", "engUnit": "x"},
        {"name": "Area", "tagType": "Folder", "tags": [{"name": "T2", "value": 2}, {"name": "T1", "value": 9}]}], "i")
    assert res == [QualityCode.Good, QualityCode.Good]
    assert _cfg(base, "[default]Plant/Speed")["engUnit"] == "rpm"
    assert [q.value for q in base.tag.readBlocking(["Plant/Area/T1", "Plant/Area/T2"])] == [1, 2]


def test_policy_abort_raises_java_exception(base):
    with pytest.raises(IllegalArgumentException):
        base.tag.configure("[default]Plant", [{"name": "Speed", "value": 2}], "a")
    assert base.tag.configure("[default]Plant", [{"name": "Fresh"}], "a") == [QualityCode.Good]


def test_unknown_policy(base):
    with pytest.raises(IllegalArgumentException):
        base.tag.configure("[default]Plant", [{"name": "X"}], "z")


def test_trap_type_key_is_ignored(base):
    assert base.tag.configure("[default]Plant", [{"name": "NotAFolder", "type": "Folder"}]) == [QualityCode.Good]
    assert _cfg(base, "[default]Plant/NotAFolder")["tagType"] == "AtomicTag"


def test_trap_alarms_dict_is_ignored_and_still_good(base):
    res = base.tag.configure("[default]Plant", [{"name": "Al", "alarms": {"High": {"mode": "AboveValue"}}}])
    assert res == [QualityCode.Good]
    assert "alarms" not in _cfg(base, "[default]Plant/Al")
    base.tag.configure("[default]Plant", [{"name": "Al2", "alarms": [{"name": "High", "mode": "AboveValue"}]}])
    assert _cfg(base, "[default]Plant/Al2")["alarms"][0]["name"] == "High"


def test_trap_slash_names_and_bad_nodes_give_bad_codes(base):
    res = base.tag.configure("[default]Plant", [{"name": "A/B"}, {"name": "Ok"}, {"name": "Bad", "dataType": "Nope"}])
    assert res[0].isBadOrError() and "nest" in res[0].getDiagnosticMessage()
    assert res[1] == QualityCode.Good
    assert res[2] == QualityCode.Error_Configuration
    assert base.tag.exists("Plant/Ok") and not base.tag.exists("Plant/Bad")


def test_trap_folder_overwritten_by_udt_instance(base):
    base.tag.configure("[default]_types_", [{"name": "Motor", "tagType": "UdtType", "tags": [{"name": "Amps"}]}])
    res = base.tag.configure("[default]Plant", [{"name": "Area", "tagType": "UdtInstance", "typeId": "Motor"}])
    assert res == [QualityCode.Good]
    assert _cfg(base, "[default]Plant/Area")["tagType"] == "UdtInstance"
    assert base.tag.exists("Plant/Area/Amps") and not base.tag.exists("Plant/Area/T1")


def test_get_configuration(base):
    top = base.tag.getConfiguration("[default]Plant")[0]
    assert str(top["path"]) == "[default]Plant" and top["tagType"] == "Folder"
    names = [c["name"] for c in top["tags"]]
    assert names == ["Speed", "Area"]
    assert "tags" not in [c for c in top["tags"] if c["name"] == "Area"][0]
    rec = base.tag.getConfiguration("[default]Plant", True)[0]
    area = [c for c in rec["tags"] if c["name"] == "Area"][0]
    assert area["tags"][0]["name"] == "T1"
    with pytest.raises(IllegalArgumentException):
        base.tag.getConfiguration("[default]Nope")


def test_delete_tags(base):
    res = base.tag.deleteTags(["[default]Plant/Area", "[default]Plant/Missing"])
    assert res[0] == QualityCode.Good and res[1] == QualityCode.Bad_NotFound
    assert not base.tag.exists("Plant/Area/T1")


def test_export_import_roundtrip(base, tmp_path):
    text = base.tag.exportTags(tagPaths=["[default]Plant"])
    doc = json.loads(text)
    assert doc["name"] == "Plant" and doc["tagType"] == "Folder"
    path = str(tmp_path / "plant.json")
    assert base.tag.exportTags(path, ["[default]Plant"]) is None
    res = base.tag.importTags(path, "[default]Copy")
    assert all(r.isGood() for r in res)
    assert base.tag.readBlocking(["Copy/Plant/Speed"])[0].value == 1.5
    whole = json.loads(base.tag.exportTags())
    assert whole["tagType"] == "Provider" and whole["name"] == ""
    multi = json.loads(base.tag.exportTags(tagPaths=["[default]Plant/Speed", "[default]Plant/Area"]))
    assert [t["name"] for t in multi["tags"]] == ["Speed", "Area"]
    with pytest.raises(IllegalArgumentException):
        base.tag.exportTags(tagPaths=["[default]Plant"], exportType="xml")


def test_copy_move_rename(base):
    assert base.tag.copy(["[default]Plant/Speed"], "[default]Other") == [QualityCode.Good]
    assert base.tag.exists("Other/Speed") and base.tag.exists("Plant/Speed")
    assert base.tag.move(["[default]Plant/Area"], "[default]Other") == [QualityCode.Good]
    assert base.tag.exists("Other/Area/T1") and not base.tag.exists("Plant/Area")
    assert base.tag.rename("[default]Other/Speed", "Velocity").isGood()
    assert base.tag.exists("Other/Velocity") and not base.tag.exists("Other/Speed")
    assert base.tag.readBlocking(["Other/Velocity"])[0].value == 1.5
    with pytest.raises(IllegalArgumentException):
        base.tag.rename("[default]Other/Velocity", "Area")      # default policy 'a'
    with pytest.raises(IllegalArgumentException):
        base.tag.copy(["[default]Plant/Speed"], "NoProvider")
    assert base.tag.copy(["[default]Nope"], "[default]Other")[0] == QualityCode.Bad_NotFound


def test_configure_unknown_provider_and_bad_input(base):
    with pytest.raises(IllegalArgumentException):
        base.tag.configure("[nope]A", [{"name": "X"}])
    with pytest.raises(IllegalArgumentException):
        base.tag.configure("[default]A", "{not json")
    with pytest.raises(IllegalArgumentException):
        base.tag.configure("[default]A", 5)


def test_base_path_must_be_a_folder(base):
    with pytest.raises(IllegalArgumentException) as ei:
        base.tag.configure("[default]Plant/Speed", [{"name": "X"}])
    assert "parent folder" in str(ei.value)
    with pytest.raises(IllegalArgumentException):
        base.tag.configure("[default]Plant/Speed/Deeper", [{"name": "X"}])


def test_get_configuration_round_trips_through_configure(base):
    cfg = base.tag.getConfiguration("[default]Plant", True)[0]
    cfg["name"] = "Plant2"
    assert base.tag.configure("[default]", [cfg]) == [QualityCode.Good]
    assert base.tag.readBlocking(["Plant2/Area/T1"])[0].value == 1
    assert base.tag.readBlocking(["Plant2/Speed.EngUnit"])[0].value == "rpm"
