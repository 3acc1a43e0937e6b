"""Bad tag files: one clear line naming the file, the tag path and the fix; nothing else lost."""
from __future__ import absolute_import, division, print_function

import json

import pytest

from gateway_sim.errors import ConfigError

DOC = {"name": "", "tagType": "Provider", "tags": [
    {"name": "Line1", "tagType": "Folder", "tags": [
        {"name": "A", "value": 1},
        {"name": "Pump", "tagType": "Folder", "tags": [{"name": "Speed", "value": 2.0}]}]}]}


def _write(tmp_path, name, text):
    p = str(tmp_path / name)
    with open(p, "w") as f:
        f.write(text)
    return p


def test_truncated_json_names_file_tag_path_and_fix(gateway, tmp_path):
    text = json.dumps(DOC)
    path = _write(tmp_path, "cut.json", text[:text.index('"Speed"') + 12])
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_file(path)
    msg = str(ei.value)
    assert "\n" not in msg
    assert path in msg and "at Line1/Pump" in msg and "cut short" in msg and "export the tags again" in msg


def test_json_syntax_error_names_line_and_tag(gateway, tmp_path):
    path = _write(tmp_path, "bad.json", '[{"name": "A", "value": 1}, {"name": "B", "value": 2,, }]')
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_file(path)
    msg = str(ei.value)
    assert path in msg and "at B" in msg and "line 1" in msg and "fix the JSON" in msg


def test_unknown_tag_type_is_one_line_and_the_rest_loads(gateway, tmp_path):
    doc = json.loads(json.dumps(DOC))
    doc["tags"][0]["tags"].append({"name": "W", "tagType": "Widget"})
    path = _write(tmp_path, "w.json", json.dumps(doc))
    gateway.tags.load_file(path)
    assert gateway.tags.value("Line1/Pump/Speed") == 2.0 and gateway.tags.value("Line1/A") == 1
    assert len(gateway.tags.warnings) == 1
    line = gateway.tags.warnings[0]
    assert path in line and "at Line1/W" in line and "unknown tagType 'Widget'; use one of" in line


def test_second_pass_error_does_not_mask_the_first(gateway, tmp_path):
    # strict: the first problem is raised, not a later one from building UDT instances.
    doc = [{"name": "Bad", "dataType": "Nope"},
           {"name": "U", "tagType": "UdtInstance", "typeId": "Ghost"}]
    path = _write(tmp_path, "two.json", json.dumps(doc))
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_file(path, strict=True)
    assert "Nope" in str(ei.value) and "at Bad" in str(ei.value)
    gateway.tags.load_file(path)
    assert "Nope" in gateway.tags.warnings[0] and "Ghost" in gateway.tags.warnings[1]
