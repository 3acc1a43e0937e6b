"""Ignition 7.x XML tag exports import into the 8.x model (issue 9 item 4).

``data/tags7.xml`` is crafted here (no licensed 7.x export could be found): UDT_DEF under
_types_, UDT_INST with EXTENSION overrides, DB tags as memory / expression / query by
ExpressionType, numeric DataType codes, a folder only named by paths, and one tag of an
unknown type (reported, the rest loads).
"""
from __future__ import absolute_import, division, print_function

import os

import pytest

import gateway_sim.system as system
from gateway_sim.errors import ConfigError
from gateway_sim.quality import QualityCode

XML = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "tags7.xml")


@pytest.fixture
def xml_gw(gateway):
    gateway.tags.load_file(XML)
    return gateway


def test_types_values_and_sources(xml_gw):
    v = xml_gw.tags.value
    assert v("Line1/Setpoint") == 42.5
    assert v("Line1/Setpoint.DataType") == "Float8"
    assert v("Line1/Setpoint.EngUnit") == "rpm"
    assert system.tag.writeBlocking(["Line1/Setpoint"], [1.0])[0] == QualityCode.Bad_ReadOnly
    assert v("Line1/Counters/Count") == 7                 # folder made from the path
    assert v("Line1/Double") == 85.0                      # ExpressionType 1
    cfg = system.tag.getConfiguration("Line1/Rows")[0]    # ExpressionType 2
    assert cfg["valueSource"] == "db" and cfg["query"] == "SELECT 1" and cfg["datasource"] == "Plant"
    assert cfg["dataType"] == "Int4"


def test_udt_definition_instance_and_extensions(xml_gw):
    v = xml_gw.tags.value
    names = sorted(r["name"] for r in system.tag.browse("Line1/M1").getResults())
    assert names == ["Amps", "Diag", "Running"]
    assert v("Line1/M1/Amps.EngUnit") == "mA"             # EXTENSION override
    assert v("Line1/M1/Running") is True                  # EXTENSION value on a memory member
    assert v("Line1/M1/Diag/Status") == "Run M1"          # {InstanceName} + [.]../ in a member
    cfg = system.tag.getConfiguration("Line1/M1/Amps")[0]
    assert cfg["opcItemPath"] == "[PLC1]N7:4"             # parameters bound into the OPC path
    r = [x for x in system.tag.browse("Line1").getResults() if x["name"] == "M1"][0]
    assert r["typeId"] == "Motor" and r["tagType"] == "UdtInstance"


def test_udt_inheritance(xml_gw):
    # BigMotor's UDTParentType is Motor: its members plus its own, its parameter wins.
    names = sorted(r["name"] for r in system.tag.browse("Line2/B1").getResults())
    assert names == ["Amps", "Diag", "Running", "Temp"]
    assert xml_gw.tags.value("Line2/B1/Temp") == 21.5
    assert system.tag.getConfiguration("Line2/B1/Amps")[0]["opcItemPath"] == "[PLC9]N7:0"


def test_unknown_7x_type_is_reported_and_skipped(xml_gw):
    assert not system.tag.exists("Line1/Gadget")
    assert len(xml_gw.tags.warnings) == 1
    line = xml_gw.tags.warnings[0]
    assert XML in line and "at Line1/Gadget" in line and "WIDGET" in line and "UDT_INST" in line


def test_bad_xml_is_one_line(gateway, tmp_path):
    p = str(tmp_path / "cut.xml")
    with open(XML) as f:
        text = f.read()
    with open(p, "w") as f:
        f.write(text[:len(text) // 2])
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_file(p)
    assert "invalid XML" in str(ei.value) and p in str(ei.value) and "\n" not in str(ei.value)
    q = str(tmp_path / "other.xml")
    with open(q, "w") as f:
        f.write("<Project/>")
    with pytest.raises(ConfigError) as ei:
        gateway.tags.load_file(q)
    assert "<Tags>" in str(ei.value)
