"""BasicDataset / PyDataSet: access, case-insensitive names, 8.1 vs 8.3 iteration rules."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import Gateway, simulate
from gateway_sim.dataset import BasicDataset, PyDataSet
from gateway_sim.jvm import Date, Throwable


def make(version="8.1"):
    return BasicDataset(["Id", "Name", "Score"], [[1, "a", 1.5], [2, "b", None]], version=version)


def test_java_api():
    ds = make()
    assert ds.getRowCount() == ds.rowCount == 2
    assert ds.getColumnCount() == ds.columnCount == 3
    assert ds.getColumnNames() == ds.columnNames == ["Id", "Name", "Score"]
    assert ds.getColumnName(1) == "Name"
    assert ds.getColumnIndex("name") == 1 and ds.getColumnIndex("nope") == -1
    assert ds.getValueAt(0, "NAME") == "a" and ds.getValueAt(1, 0) == 2
    assert ds.getColumnType(0) == "java.lang.Integer"
    assert ds.getColumnType(0).getSimpleName() == "Integer"
    assert ds.getColumnType(2).getName() == "java.lang.Double"
    assert ds.getColumnAsList("score") == [1.5, None]
    assert ds.getPrimitiveValueAt(0, 2) == 1.5
    assert str(ds) == u"Dataset [2R \u2179 3C]"
    assert bool(BasicDataset(["a"], [], version="8.1"))


def test_exact_name_wins_over_case_insensitive():
    ds = BasicDataset(["a", "A"], [[1, 2]])
    assert ds.getValueAt(0, "A") == 2 and ds.getValueAt(0, "a") == 1


def test_bad_access_raises_java_index_exception():
    ds = make()
    for call in (lambda: ds.getValueAt(5, 0), lambda: ds.getValueAt(0, 9),
                 lambda: ds.getValueAt(0, "missing"), lambda: ds.getValueAt(-1, 0)):
        with pytest.raises(Throwable) as info:
            call()
        assert "ArrayIndexOutOfBoundsException" in str(info.value)
    with pytest.raises(TypeError):
        ds.getColumnName("x")


def test_81_plain_dataset_not_iterable():
    ds = make("8.1")
    with pytest.raises(TypeError) as info:
        iter(ds)
    assert "toPyDataSet" in str(info.value)
    with pytest.raises(TypeError):
        ds[0]
    with pytest.raises(TypeError):
        len(ds)


def test_83_every_dataset_iterable():
    ds = make("8.3")
    assert len(ds) == 2
    assert [r["name"] for r in ds] == ["a", "b"]
    assert ds[1][0] == 2 and ds[-1]["Id"] == 2


def test_version_follows_active_gateway(tmp_path):
    gw = Gateway(data_dir=str(tmp_path / "g"), version="8.3")
    with simulate(gw):
        ds = BasicDataset(["a"], [[1]])
        assert [list(r) for r in ds] == [[1]]
        import gateway_sim.system as system
        q = system.db.runQuery("SELECT 1 AS x")
        assert q[0]["x"] == 1 and list(q.getUnderlyingDataset())[0]["X"] == 1
    gw.shutdown()
    with pytest.raises(TypeError):
        iter(BasicDataset(["a"], [[1]]))  # no gateway: 8.1 rules


def test_pydataset():
    pds = PyDataSet(make())
    assert len(pds) == 2 and pds.rowCount == 2
    assert pds[0]["score"] == 1.5 and pds[0][2] == 1.5
    assert [v for v in pds[1]] == [2, "b", None]
    assert [r[0] for r in pds] == [1, 2]
    assert pds[-1][0] == 2
    assert [list(r) for r in pds[0:1]] == [[1, "a", 1.5]]
    assert pds.getUnderlyingDataset().getValueAt(0, 0) == 1
    assert pds.getValueAt(1, "name") == "b"
    assert repr(pds) == "<PyDataset rows:2 cols:3>"
    assert bool(PyDataSet(["a"], []))
    with pytest.raises(IndexError):
        pds[2]
    with pytest.raises(KeyError):
        pds[0]["nope"]
    with pytest.raises(TypeError):
        pds["x"]
    assert pds[0] == [1, "a", 1.5]
    assert PyDataSet(["x"], [[1]])[0][0] == 1


def test_type_inference():
    ds = BasicDataset(["i", "l", "f", "s", "b", "d", "mixed", "none", "il"],
                      [[1, 2 ** 40, 1.0, "x", True, Date(0), 1, None, 1],
                       [2, 3, 2.0, "y", False, Date(1), "a", None, 2 ** 40]])
    names = [t.getSimpleName() for t in ds.getColumnTypes()]
    assert names == ["Integer", "Long", "Double", "String", "Boolean", "Date", "Object",
                     "Object", "Long"]
    typed = BasicDataset(["a"], [], types=[str])
    assert typed.getColumnType(0) == "java.lang.String"
