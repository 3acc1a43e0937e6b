"""``system.dataset``: building and transforming datasets (API surface).

Datasets are immutable: every "mutator" returns a new dataset. Bad row/column
indexes raise ``IndexError`` (as Ignition's docs say), a malformed row or
header list ``ValueError``, a value that cannot be converted to its column's
type ``TypeError``; each message names the problem and the fix. Values are
converted to the column type as Ignition does (``"5"`` into an Integer column
becomes 5). May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim import dataset_csv, dataset_types
from gateway_sim import dataset_types as _ds
from gateway_sim._compat import integer_types, string_types
from gateway_sim.dataset import BasicDataset, PyDataSet, as_dataset
from gateway_sim.registry import declare_missing, implements


def _rows(ds):
    return [list(r) for r in ds._rows]


def _new(headers, rows, types):
    return BasicDataset(list(headers), rows, types)


@implements("system.dataset.formatDates")
def formatDates(dataset, dateFormat, locale=None):
    """A new dataset whose Date columns hold their values formatted with ``dateFormat``
    (a Java pattern, as ``system.date.format``); None stays None. ``locale`` (Ignition's
    default ``Locale.ENGLISH``): only English names are simulated."""
    from gateway_sim.system.date import _formatter
    ds = as_dataset(dataset, "formatDates: dataset")
    if locale is not None and not str(locale).lower().startswith("en"):
        from gateway_sim.errors import NotImplementedInSimulator
        raise NotImplementedInSimulator("system.dataset.formatDates(locale=%s): only English "
                                        "month and day names are simulated" % (locale,))
    fmt = _formatter("formatDates", dateFormat)
    types = ds.getColumnTypes()
    date_cols = [i for i, t in enumerate(types) if _ds.column_type(t) == _ds.DATE]
    rows = _rows(ds)
    for row in rows:
        for i in date_cols:
            if row[i] is not None:
                row[i] = fmt.format(row[i])
    new_types = [_ds.STRING if i in date_cols else t for i, t in enumerate(types)]
    return _new(ds._headers, rows, new_types)


@implements("system.dataset.toDataSet")
def toDataSet(headers, data=None):
    """``toDataSet(headers, rows)`` -> Dataset; ``toDataSet(pyDataSet)`` -> its Dataset."""
    if data is None:
        if isinstance(headers, (PyDataSet, BasicDataset)):
            ds = as_dataset(headers)
            return BasicDataset(list(ds._headers), list(ds._rows), ds.getColumnTypes())
        raise TypeError("toDataSet takes (headers, rows) or (pyDataSet); got one %s"
                        % type(headers).__name__)
    if isinstance(headers, string_types) or not _is_seq(headers):
        raise TypeError("toDataSet: headers must be a list of column names, got %s"
                        % type(headers).__name__)
    headers = list(headers)
    for h in headers:
        if not isinstance(h, string_types):
            raise TypeError("toDataSet: column names must be strings, got %r" % (h,))
    lowered = [h.lower() for h in headers]
    dupes = sorted(set(h for h in headers if lowered.count(h.lower()) > 1))
    if dupes:
        raise ValueError("toDataSet: duplicate column name(s) %s; column names must be unique"
                         % ", ".join(dupes))
    if isinstance(data, (PyDataSet, BasicDataset)):
        data = as_dataset(data)._rows
    if isinstance(data, string_types) or not _is_seq(data):
        raise TypeError("toDataSet: rows must be a list of lists, got %s" % type(data).__name__)
    rows = []
    for i, r in enumerate(data):
        if isinstance(r, string_types) or not _is_seq(r):
            raise TypeError("toDataSet: row %d must be a list of values, got %s"
                            % (i, type(r).__name__))
        r = list(r)
        if len(r) != len(headers):
            raise ValueError("toDataSet: row %d has %d value(s) but there are %d column(s) (%s)"
                             % (i, len(r), len(headers), ", ".join(headers)))
        rows.append(r)
    return BasicDataset(headers, rows)


@implements("system.dataset.toPyDataSet")
def toPyDataSet(dataset):
    """Wrap a Dataset as a PyDataSet (deprecated but working on 8.3)."""
    if isinstance(dataset, PyDataSet):
        return dataset
    return PyDataSet(as_dataset(dataset, "toPyDataSet: dataset"))


@implements("system.dataset.getColumnHeaders")
def getColumnHeaders(dataset):
    return list(as_dataset(dataset, "getColumnHeaders: dataset")._headers)


@implements("system.dataset.clearDataset")
def clearDataset(dataset):
    ds = as_dataset(dataset, "clearDataset: dataset")
    return _new(ds._headers, [], ds.getColumnTypes())


def _split_index(args, fname, what):
    """``(index, value)`` from ``(value,)`` or ``(index, value)`` (Ignition's optional middle arg)."""
    if len(args) == 1:
        return None, args[0]
    if len(args) == 2:
        return args[0], args[1]
    raise TypeError("%s() takes (dataset, [rowIndex,] %s)" % (fname, what))


@implements("system.dataset.addRow")
def addRow(dataset, *args):
    """``addRow(dataset, [rowIndex,] row)``: a new dataset with ``row`` inserted (default: last)."""
    index, row = _split_index(args, "addRow", "row")
    return addRows(dataset, [row]) if index is None else addRows(dataset, index, [row])


@implements("system.dataset.addRows")
def addRows(dataset, *args):
    """``addRows(dataset, [rowIndex,] rows)``."""
    index, rows = _split_index(args, "addRows", "rows")
    ds = as_dataset(dataset, "addRows: dataset")
    n = len(ds._rows)
    index = n if index is None else _check_index(index, n + 1, "addRows: rowIndex", n)
    if isinstance(rows, string_types) or not _is_seq(rows):
        raise TypeError("addRows: rows must be a list of rows (lists), got %s"
                        % type(rows).__name__)
    types = ds.getColumnTypes()
    new = [_coerce_row(ds, types, r, "addRows") for r in rows]
    out = _rows(ds)
    out[index:index] = new
    return _new(ds._headers, out, types)


@implements("system.dataset.setValue")
def setValue(dataset, rowIndex, columnNameOrIndex, value):
    """A new dataset with one cell changed (column by name, case-insensitive, or index)."""
    ds = as_dataset(dataset, "setValue: dataset")
    r = _check_index(rowIndex, len(ds._rows), "setValue: rowIndex", len(ds._rows))
    c = _col(ds, columnNameOrIndex, "setValue")
    types = ds.getColumnTypes()
    out = _rows(ds)
    out[r][c] = _coerce(value, types[c], ds._headers[c], "setValue")
    return _new(ds._headers, out, types)


@implements("system.dataset.updateRow")
def updateRow(dataset, rowIndex, changes):
    """A new dataset with the columns in ``changes`` (dict name -> value) set on one row."""
    ds = as_dataset(dataset, "updateRow: dataset")
    r = _check_index(rowIndex, len(ds._rows), "updateRow: rowIndex", len(ds._rows))
    if not isinstance(changes, dict):
        raise TypeError("updateRow: changes must be a dict of column name -> value, got %s"
                        % type(changes).__name__)
    types = ds.getColumnTypes()
    out = _rows(ds)
    for name, value in changes.items():
        c = _col(ds, name, "updateRow")
        out[r][c] = _coerce(value, types[c], ds._headers[c], "updateRow")
    return _new(ds._headers, out, types)


@implements("system.dataset.deleteRow")
def deleteRow(dataset, rowIndex):
    ds = as_dataset(dataset, "deleteRow: dataset")
    r = _check_index(rowIndex, len(ds._rows), "deleteRow: rowIndex", len(ds._rows))
    out = list(ds._rows)
    del out[r]
    return _new(ds._headers, out, ds.getColumnTypes())


@implements("system.dataset.deleteRows")
def deleteRows(dataset, rowIndices):
    ds = as_dataset(dataset, "deleteRows: dataset")
    if isinstance(rowIndices, string_types) or not _is_seq(rowIndices):
        raise TypeError("deleteRows: rowIndices must be a list of ints, got %s"
                        % type(rowIndices).__name__)
    n = len(ds._rows)
    drop = set(_check_index(i, n, "deleteRows: rowIndices", n) for i in rowIndices)
    return _new(ds._headers, [r for i, r in enumerate(ds._rows) if i not in drop],
                ds.getColumnTypes())


@implements("system.dataset.addColumn")
def addColumn(dataset, *args):
    """``addColumn(dataset, [colIndex,] col, colName, colType)``."""
    if len(args) == 3:
        index, col, name, ctype = None, args[0], args[1], args[2]
    elif len(args) == 4:
        index, col, name, ctype = args
    else:
        raise TypeError("addColumn() takes (dataset, [colIndex,] col, colName, colType)")
    ds = as_dataset(dataset, "addColumn: dataset")
    nc = len(ds._headers)
    index = nc if index is None else _check_index(index, nc + 1, "addColumn: colIndex", nc,
                                                  "column")
    if isinstance(col, string_types) or not _is_seq(col):
        raise TypeError("addColumn: col must be a list of values, got %s" % type(col).__name__)
    col = list(col)
    if len(col) != len(ds._rows):
        raise ValueError("addColumn: the new column has %d value(s) but the dataset has %d row(s)"
                         % (len(col), len(ds._rows)))
    if not isinstance(name, string_types):
        raise TypeError("addColumn: colName must be a string, got %r" % (name,))
    if ds.getColumnIndex(name) >= 0:
        raise ValueError("addColumn: column %r already exists" % (name,))
    t = _ds.column_type(ctype)
    headers = list(ds._headers)
    headers.insert(index, name)
    types = ds.getColumnTypes()
    types.insert(index, t)
    out = []
    for r, v in zip(ds._rows, col):
        r = list(r)
        r.insert(index, _coerce(v, t, name, "addColumn"))
        out.append(r)
    return _new(headers, out, types)


@implements("system.dataset.filterColumns")
def filterColumns(dataset, columns):
    """A new dataset with only ``columns`` (names or indexes), in that order."""
    ds = as_dataset(dataset, "filterColumns: dataset")
    if isinstance(columns, string_types) or not _is_seq(columns):
        raise TypeError("filterColumns: columns must be a list of names or indexes, got %s"
                        % type(columns).__name__)
    idx = [_col(ds, c, "filterColumns") for c in columns]
    types = ds.getColumnTypes()
    return _new([ds._headers[i] for i in idx], [[r[i] for i in idx] for r in ds._rows],
                [types[i] for i in idx])


@implements("system.dataset.appendDataset")
def appendDataset(dataset1, dataset2):
    """Rows of ``dataset2`` after those of ``dataset1``; columns must match in count and type."""
    a = as_dataset(dataset1, "appendDataset: dataset1")
    b = as_dataset(dataset2, "appendDataset: dataset2")
    if len(a._headers) != len(b._headers):
        raise ValueError("appendDataset: the datasets have %d and %d columns; they must have the "
                         "same columns" % (len(a._headers), len(b._headers)))
    ta, tb = a.getColumnTypes(), b.getColumnTypes()
    for i, (x, y) in enumerate(zip(ta, tb)):
        if x != y and _ds.OBJECT not in (x, y) and not (all(_is_numeric(t) for t in (x, y))):
            raise ValueError("appendDataset: column %d is %s in dataset1 but %s in dataset2"
                             % (i, x.getName(), y.getName()))
    return _new(a._headers, _rows(a) + _rows(b), ta)


@implements("system.dataset.sort")
def sort(dataset, keyColumn, ascending=True, naturalOrdering=True):
    """Rows ordered by ``keyColumn`` (name or index); None first when ascending."""
    ds = as_dataset(dataset, "sort: dataset")
    c = _col(ds, keyColumn, "sort")
    present = [r for r in ds._rows if r[c] is not None]
    nulls = [r for r in ds._rows if r[c] is None]
    if naturalOrdering:
        key = lambda r: _natural_key(r[c])  # noqa: E731
    else:
        key = lambda r: _plain_key(r[c])  # noqa: E731
    try:
        present.sort(key=key, reverse=not ascending)
    except TypeError:
        raise TypeError("sort: column %r mixes values that cannot be compared"
                        % ds._headers[c])
    out = nulls + present if ascending else present + nulls
    return _new(ds._headers, [list(r) for r in out], ds.getColumnTypes())


@implements("system.dataset.toCSV")
def toCSV(dataset, showHeaders=True, forExport=False, localized=False):
    """The dataset as CSV text; ``forExport`` writes the header block ``fromCSV`` reads."""
    return dataset_csv.to_csv(as_dataset(dataset, "toCSV: dataset"), showHeaders, forExport)


@implements("system.dataset.fromCSV")
def fromCSV(csv):
    """Parse CSV written by ``toCSV(..., forExport=True)`` (the #NAMES/#TYPES/#ROWS form)."""
    return dataset_csv.from_csv(csv)


# --- helpers ------------------------------------------------------------------
def _is_seq(v):
    return isinstance(v, (list, tuple, PyDataSet)) or (
        hasattr(v, "__iter__") and hasattr(v, "__len__") and not isinstance(v, dict))


_is_date = dataset_types._is_date


def _is_numeric(t):
    return t in (_ds.INTEGER, _ds.LONG, _ds.DOUBLE, _ds.FLOAT, _ds.SHORT, _ds.BYTE, _ds.DECIMAL)


def _check_index(i, limit, what, size, kind="row"):
    if isinstance(i, bool) or not isinstance(i, integer_types):
        raise TypeError("%s must be an int, got %r" % (what, i))
    if i < 0 or i >= limit:
        raise IndexError("%s %d is out of range; the dataset has %d %s(s)" % (what, i, size, kind))
    return i


def _col(ds, col, fname):
    if isinstance(col, string_types):
        c = ds.getColumnIndex(col)
        if c < 0:
            raise ValueError("%s: column %r not found; columns are: %s"
                             % (fname, col, ", ".join(ds._headers)))
        return c
    return _check_index(col, len(ds._headers), "%s: column index" % fname, len(ds._headers),
                        "column")


def _coerce_row(ds, types, row, fname):
    if isinstance(row, (string_types, dict)) or not _is_seq(row):
        raise TypeError("%s: a row must be a list of values, got %s"
                        % (fname, type(row).__name__))
    row = list(row)
    if len(row) != len(ds._headers):
        raise ValueError("%s: the row has %d value(s) but the dataset has %d column(s) (%s)"
                         % (fname, len(row), len(ds._headers), ", ".join(ds._headers)))
    return [_coerce(v, t, ds._headers[i], fname) for i, (v, t) in enumerate(zip(row, types))]


_coerce = dataset_types.coerce


def _natural_key(v):
    if isinstance(v, string_types):
        return [(0, int(p), u"") if p.isdigit() else (1, 0, p.lower())
                for p in re.split(r"(\d+)", v) if p != ""]
    return _plain_key(v)


def _plain_key(v):
    if _is_date(v):
        return v.getTime()
    return v


from gateway_sim.system._dataset_export import dataSetToHTML, toExcel  # noqa: E402,F401

declare_missing(globals(), "system.dataset", [
    "dataSetToHTML", "exportCSV", "exportExcel", "exportHTML", "formatDates", "toExcel",
])
