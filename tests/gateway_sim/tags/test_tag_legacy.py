"""8.1 legacy system.tag calls (read/readAll/write/writeAll/...Synchronous/browseTags*):
their 8.1 return types; absent on 8.3 as on a real 8.3 gateway (the 8.3 stubs drop them)."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.quality import QualityCode

TREE = {"tags": [
    {"name": "Line1", "tagType": "Folder", "tags": [
        {"name": "Speed", "dataType": "Float8", "value": 5.0},
        {"name": "Count", "dataType": "Int4", "value": 2},
        {"name": "Calc", "valueSource": "expr", "dataType": "Float8", "expression": "{[.]Speed} * 2"},
        {"name": "Dev", "valueSource": "opc", "dataType": "Int4", "opcItemPath": "ns=1;s=D",
         "opcServer": "Ignition OPC UA Server"},
        {"name": "Sub", "tagType": "Folder", "tags": [{"name": "Deep", "dataType": "String", "value": "x"}]},
    ]}]}


@pytest.fixture
def sys81(gateway):
    gateway.tags.load_data(TREE)
    import system
    return system


def test_read_and_read_all(sys81):
    qv = sys81.tag.read("[default]Line1/Speed")
    assert qv.value == 5.0 and qv.quality.isGood()
    arr = sys81.tag.readAll(["Line1/Speed", "Line1/Calc", "Line1/Nope"])
    assert len(arr) == 3 and [q.value for q in arr] == [5.0, 10.0, None]
    assert arr[2].quality == QualityCode.Bad_NotFound
    assert repr(arr).startswith("array(com.inductiveautomation.ignition.common.model.values.QualifiedValue, [")
    with pytest.raises(TypeError, match="system.tag.read"):
        sys81.tag.readAll("Line1/Speed")


def test_write_returns_ints(sys81):
    assert sys81.tag.write("Line1/Speed", 7.5) == 1
    assert sys81.tag.read("Line1/Speed").value == 7.5
    assert sys81.tag.write("Line1/Calc", 1) == 0          # expression tag: read-only
    assert sys81.tag.write("Line1/Nope", 1) == 0
    codes = sys81.tag.writeAll(["Line1/Speed", "Line1/Count", "Line1/Nope"], [1.0, "4", 3])
    assert list(codes) == [1, 1, 0] and repr(codes).startswith("array(int, [")
    assert sys81.tag.read("Line1/Count").value == 4
    with pytest.raises(ValueError, match="one value per path"):
        sys81.tag.writeAll(["Line1/Speed"], [1, 2])


def test_write_synchronous_raises_on_failure(sys81):
    from gateway_sim import jvm
    assert sys81.tag.writeSynchronous("Line1/Speed", 3.0) is None
    assert sys81.tag.read("Line1/Speed").value == 3.0
    with pytest.raises(jvm.JavaException) as info:
        sys81.tag.writeSynchronous("Line1/Calc", 1)
    assert "Line1/Calc" in str(info.value) and "Bad_ReadOnly" in str(info.value)
    with pytest.raises(jvm.JavaException, match="Nope"):
        sys81.tag.writeAllSynchronous(["Line1/Count", "Line1/Nope"], [9, 9])
    assert sys81.tag.read("Line1/Count").value == 9


def test_browse_tags(sys81):
    simple = sys81.tag.browseTagsSimple("[default]Line1", "ASC")
    assert [t.name for t in simple] == ["Calc", "Count", "Dev", "Speed", "Sub"]
    assert [t.name for t in sys81.tag.browseTagsSimple("[default]Line1", "DESC")][0] == "Sub"
    calc = simple[0]
    assert (calc.path, calc.fullPath, calc.type, calc.dataType) == \
        ("Line1/Calc", "[default]Line1/Calc", "EXPRESSION", "Float8")
    assert calc.isExpression() and not calc.isFolder() and simple[4].isFolder() and simple[2].isOPC()
    deep = sys81.tag.browseTags("[default]Line1", recursive=True)
    assert [t.path for t in deep] == ["Line1/Calc", "Line1/Count", "Line1/Dev", "Line1/Speed",
                                      "Line1/Sub", "Line1/Sub/Deep"]
    assert [t.name for t in sys81.tag.browseTags("[default]Line1", tagType="MEMORY", recursive=True)] == \
        ["Count", "Speed", "Deep"]
    assert [t.name for t in sys81.tag.browseTags("[default]Line1", dataType="Int4")] == ["Count", "Dev"]
    assert [t.name for t in sys81.tag.browseTags("[default]Line1", tagPath="*/Sp*", recursive=True)] == \
        ["Speed"]
    with pytest.raises(ValueError, match="not a folder"):
        sys81.tag.browseTagsSimple("[default]Line1/Speed", "ASC")
    with pytest.raises(ValueError, match="ASC"):
        sys81.tag.browseTagsSimple("[default]Line1", "UP")


def test_legacy_calls_are_absent_on_83(tmp_path):
    from gateway_sim import Gateway, simulate
    gw = Gateway(version="8.3", data_dir=str(tmp_path / "g83"))
    try:
        with simulate(gw):
            import system
            for name in ("read", "readAll", "write", "writeAll", "browseTags", "browseTagsSimple"):
                assert not hasattr(system.tag, name), name
            with pytest.raises(AttributeError):
                system.tag.readAll(["[default]x"])
            assert hasattr(system.tag, "readBlocking")
    finally:
        gw.shutdown()
