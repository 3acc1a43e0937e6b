"""system.dataset functions: immutability, index/type errors, CSV round trip."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.dataset import BasicDataset, PyDataSet
from gateway_sim.jvm import Date


@pytest.fixture
def sd(system):
    return system.dataset


@pytest.fixture
def ds(sd):
    return sd.toDataSet(["id", "name", "score"], [[1, "b", 2.5], [2, "a10", 1.0], [3, "a2", None]])


def rows(d):
    return [[d.getValueAt(r, c) for c in range(d.columnCount)] for r in range(d.rowCount)]


def test_to_dataset_and_back(sd, ds):
    assert isinstance(ds, BasicDataset)
    pds = sd.toPyDataSet(ds)
    assert isinstance(pds, PyDataSet) and pds[0]["name"] == "b"
    again = sd.toDataSet(pds)
    assert isinstance(again, BasicDataset) and rows(again) == rows(ds)
    assert sd.getColumnHeaders(ds) == ["id", "name", "score"]
    assert sd.toPyDataSet(pds) is pds


def test_to_dataset_bad_inputs(sd):
    with pytest.raises(ValueError):
        sd.toDataSet(["a", "b"], [[1]])
    with pytest.raises(ValueError):
        sd.toDataSet(["a", "A"], [])
    with pytest.raises(TypeError):
        sd.toDataSet("ab", [])
    with pytest.raises(TypeError):
        sd.toDataSet(["a"], [1])
    with pytest.raises(TypeError):
        sd.toDataSet([1], [])
    with pytest.raises(TypeError):
        sd.toDataSet(["a"])


def test_add_rows_immutable_and_coerced(sd, ds):
    out = sd.addRow(ds, [4, "d", "7.5"])
    assert ds.rowCount == 3 and out.rowCount == 4
    assert rows(out)[3] == [4, "d", 7.5]
    out = sd.addRow(ds, 0, ["5", "e", 1])
    assert rows(out)[0] == [5, "e", 1.0]
    out = sd.addRows(ds, [[7, "x", None], [8, "y", 0.5]])
    assert out.rowCount == 5
    out = sd.addRows(ds, 3, [[9, "z", 1.0]])
    assert rows(out)[3][0] == 9
    with pytest.raises(IndexError):
        sd.addRow(ds, 4, [1, "x", 1.0])
    with pytest.raises(IndexError):
        sd.addRow(ds, -1, [1, "x", 1.0])
    with pytest.raises(ValueError):
        sd.addRow(ds, [1, "x"])
    with pytest.raises(TypeError) as info:
        sd.addRow(ds, ["abc", "x", 1.0])
    assert "'id'" in str(info.value) and "Integer" in str(info.value)


def test_set_update_delete(sd, ds):
    out = sd.setValue(ds, 0, "NAME", "q")
    assert out.getValueAt(0, 1) == "q" and ds.getValueAt(0, 1) == "b"
    assert sd.setValue(ds, 1, 2, "3").getValueAt(1, 2) == 3.0
    out = sd.updateRow(ds, 2, {"name": "w", "score": 9})
    assert rows(out)[2] == [3, "w", 9.0]
    assert sd.deleteRow(ds, 0).rowCount == 2
    assert [r[0] for r in rows(sd.deleteRows(ds, [0, 2]))] == [2]
    with pytest.raises(IndexError):
        sd.setValue(ds, 3, "name", "x")
    with pytest.raises(ValueError):
        sd.setValue(ds, 0, "nope", "x")
    with pytest.raises(IndexError):
        sd.deleteRow(ds, 3)
    with pytest.raises(IndexError):
        sd.deleteRows(ds, [0, 5])
    with pytest.raises(TypeError):
        sd.updateRow(ds, 0, ["x"])
    with pytest.raises(TypeError):
        sd.setValue(ds, 0, "id", "not a number")


def test_columns(sd, ds):
    out = sd.addColumn(ds, [True, False, None], "flag", bool)
    assert out.columnNames == ["id", "name", "score", "flag"]
    assert out.getColumnType(3) == "java.lang.Boolean"
    out = sd.addColumn(ds, 0, ["1", "2", "3"], "n", "java.lang.Integer")
    assert out.columnNames[0] == "n" and out.getValueAt(2, 0) == 3
    with pytest.raises(ValueError):
        sd.addColumn(ds, [1], "x", int)
    with pytest.raises(ValueError):
        sd.addColumn(ds, [1, 2, 3], "ID", int)
    with pytest.raises(IndexError):
        sd.addColumn(ds, 9, [1, 2, 3], "x", int)
    out = sd.filterColumns(ds, ["score", 0])
    assert out.columnNames == ["score", "id"] and rows(out)[0] == [2.5, 1]
    with pytest.raises(ValueError):
        sd.filterColumns(ds, ["nope"])


def test_append_and_clear(sd, ds):
    both = sd.appendDataset(ds, ds)
    assert both.rowCount == 6
    with pytest.raises(ValueError):
        sd.appendDataset(ds, sd.toDataSet(["a"], [[1]]))
    with pytest.raises(ValueError):
        sd.appendDataset(ds, sd.toDataSet(["a", "b", "c"], [["x", "y", 1.0]]))
    empty = sd.clearDataset(ds)
    assert empty.rowCount == 0 and empty.columnNames == ds.columnNames


def test_sort(sd, ds):
    assert [r[1] for r in rows(sd.sort(ds, "name"))] == ["a2", "a10", "b"]
    assert [r[1] for r in rows(sd.sort(ds, "name", True, False))] == ["a10", "a2", "b"]
    assert [r[2] for r in rows(sd.sort(ds, 2))] == [None, 1.0, 2.5]
    assert [r[2] for r in rows(sd.sort(ds, 2, False))] == [2.5, 1.0, None]
    with pytest.raises(ValueError):
        sd.sort(ds, "nope")


def test_csv_round_trip(sd):
    d = sd.toDataSet(["i", "s", "f", "b", "t"],
                     [[1, 'he said "hi", ok', 1.5, True, Date(1764072000000)],
                      [2, "", None, False, None]])
    text = sd.toCSV(d, forExport=True)
    assert text.splitlines()[:5] == ['"#NAMES"', '"i","s","f","b","t"', '"#TYPES"',
                                     '"I","str","D","B","date"', '"#ROWS","2"']
    back = sd.fromCSV(text)
    assert back.columnNames == d.columnNames
    assert rows(back)[0][:4] == [1, 'he said "hi", ok', 1.5, True]
    assert back.getValueAt(0, "t").getTime() == 1764072000000
    assert rows(back)[1][2:] == [None, False, None]
    plain = sd.toCSV(d, showHeaders=False)
    assert plain.splitlines()[0].startswith('"1",')
    assert sd.toCSV(d).splitlines()[0] == '"i","s","f","b","t"'


def test_from_csv_docs_example_and_errors(sd):
    text = "#NAMES\nCol 1,Col 2,Col 3\n#TYPES\nI,str,D\n#ROWS,2\n44,Test Row 2,1.87\n86,Row 3,97.4\n"
    d = sd.fromCSV(text)
    assert d.rowCount == 2 and d.getValueAt(1, "col 3") == 97.4 and d.getValueAt(0, 0) == 44
    with pytest.raises(ValueError):
        sd.fromCSV("a,b\n1,2\n")
    with pytest.raises(ValueError):
        sd.fromCSV("#NAMES\na\n#TYPES\nQ\n#ROWS,0\n")
    with pytest.raises(ValueError):
        sd.fromCSV("#NAMES\na\n#TYPES\nI\n#ROWS,2\n1\n")
    with pytest.raises(ValueError):
        sd.fromCSV("#NAMES\na\n#TYPES\nI\n#ROWS,1\nx\n")
    with pytest.raises(TypeError):
        sd.fromCSV(5)


def test_non_dataset_inputs(sd):
    for fn in (lambda: sd.addRow([1], [1]), lambda: sd.toCSV("x"), lambda: sd.sort(None, 0),
               lambda: sd.getColumnHeaders({})):
        with pytest.raises(TypeError):
            fn()


def test_no_gateway_scope_function_is_missing(sd):
    from gateway_sim import registry
    assert not [n for n in registry.missing_names() if n.startswith("system.dataset.")]
