"""``system.dataset``: building and transforming datasets (API surface).

Datasets are immutable: every "mutator" returns a new dataset. Bad row/column
indexes raise ``IndexError`` (as Ignition's docs say), a malformed row or
header list ``ValueError``, a value that cannot be converted to its column's
type ``TypeError``; each message names the problem and the fix. Values are
converted to the column type as Ignition does (``"5"`` into an Integer column
becomes 5). May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import csv
import io
import re
import time

from gateway_sim import dataset as _ds
from gateway_sim._compat import PY2, integer_types, string_types, text_type
from gateway_sim.dataset import BasicDataset, PyDataSet, as_dataset
from gateway_sim.registry import declare_missing, implements


def _rows(ds):
    return [list(r) for r in ds._rows]


def _new(headers, rows, types):
    return BasicDataset(list(headers), rows, types)


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
def setValue(dataset, rowIndex, columnName, value):
    """A new dataset with one cell changed (column by name, case-insensitive, or index)."""
    ds = as_dataset(dataset, "setValue: dataset")
    r = _check_index(rowIndex, len(ds._rows), "setValue: rowIndex", len(ds._rows))
    c = _col(ds, columnName, "setValue")
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


@implements("system.dataset.columnsEqual")
def columnsEqual(dataset1, dataset2, ignoreCase=False, includeTypes=True):
    a = as_dataset(dataset1, "columnsEqual: dataset1")
    b = as_dataset(dataset2, "columnsEqual: dataset2")
    ha, hb = list(a._headers), list(b._headers)
    if ignoreCase:
        ha, hb = [h.lower() for h in ha], [h.lower() for h in hb]
    if ha != hb:
        return False
    return not includeTypes or a.getColumnTypes() == b.getColumnTypes()


@implements("system.dataset.valuesEqual")
def valuesEqual(dataset1, dataset2):
    a = as_dataset(dataset1, "valuesEqual: dataset1")
    b = as_dataset(dataset2, "valuesEqual: dataset2")
    return (len(a._headers) == len(b._headers)
            and [list(r) for r in a._rows] == [list(r) for r in b._rows])


# --- CSV ----------------------------------------------------------------------
_CSV_TYPES = {"byt": _ds.BYTE, "s": _ds.SHORT, "i": _ds.INTEGER, "l": _ds.LONG, "f": _ds.FLOAT,
              "d": _ds.DOUBLE, "b": _ds.BOOLEAN, "Byt": _ds.BYTE, "S": _ds.SHORT,
              "I": _ds.INTEGER, "L": _ds.LONG, "F": _ds.FLOAT, "D": _ds.DOUBLE, "B": _ds.BOOLEAN,
              "O": _ds.OBJECT, "date": _ds.DATE, "str": _ds.STRING}
_CSV_ALIASES = dict((t.name, a) for a, t in _CSV_TYPES.items() if a[0].isupper() or a in
                    ("date", "str"))
_CSV_ALIASES[_ds.DECIMAL.name] = "D"


@implements("system.dataset.toCSV")
def toCSV(dataset, showHeaders=True, forExport=False, localized=False):
    """The dataset as CSV text; ``forExport`` writes the header block ``fromCSV`` reads."""
    ds = as_dataset(dataset, "toCSV: dataset")
    lines = []
    if forExport:
        lines.append(_csv_line(["#NAMES"]))
        lines.append(_csv_line(ds._headers))
        lines.append(_csv_line(["#TYPES"]))
        lines.append(_csv_line([_CSV_ALIASES.get(t.name, "O") for t in ds.getColumnTypes()]))
        lines.append(_csv_line(["#ROWS", text_type(len(ds._rows))]))
    elif showHeaders:
        lines.append(_csv_line(ds._headers))
    for r in ds._rows:
        lines.append(_csv_line([_csv_text(v) for v in r]))
    return u"\n".join(lines) + (u"\n" if lines else u"")


@implements("system.dataset.fromCSV")
def fromCSV(csv_text):
    """Parse CSV written by ``toCSV(..., forExport=True)`` (the #NAMES/#TYPES/#ROWS form)."""
    if not isinstance(csv_text, string_types):
        raise TypeError("fromCSV: csv must be a string, got %s" % type(csv_text).__name__)
    rows = list(_csv_reader(csv_text))
    rows = [r for r in rows if r]

    def need(i, what):
        if i >= len(rows):
            raise ValueError("fromCSV: line %d must be %s, but the text ends there; expected "
                             "#NAMES / names / #TYPES / types / #ROWS,n / rows" % (i + 1, what))
        return rows[i]

    if need(0, "#NAMES")[0].strip() != "#NAMES":
        raise ValueError("fromCSV: line 1 must be #NAMES (write the CSV with toCSV(ds, "
                         "forExport=True)), got %r" % ",".join(rows[0]))
    names = need(1, "the column names")
    if need(2, "#TYPES")[0].strip() != "#TYPES":
        raise ValueError("fromCSV: line 3 must be #TYPES, got %r" % ",".join(rows[2]))
    aliases = [a.strip() for a in need(3, "the column types")]
    if len(aliases) != len(names):
        raise ValueError("fromCSV: %d column names but %d types" % (len(names), len(aliases)))
    types = []
    for a in aliases:
        if a not in _CSV_TYPES:
            raise ValueError("fromCSV: unknown column type alias %r; use one of %s"
                             % (a, ", ".join(sorted(_CSV_TYPES))))
        types.append(_CSV_TYPES[a])
    head = need(4, "#ROWS,<count>")
    if head[0].strip() != "#ROWS" or len(head) < 2:
        raise ValueError("fromCSV: line 5 must be #ROWS,<count>, got %r" % ",".join(head))
    try:
        count = int(head[1])
    except ValueError:
        raise ValueError("fromCSV: the row count on line 5 must be a number, got %r" % head[1])
    data = rows[5:]
    if len(data) != count:
        raise ValueError("fromCSV: #ROWS says %d row(s) but %d follow" % (count, len(data)))
    out = []
    for i, r in enumerate(data):
        if len(r) != len(names):
            raise ValueError("fromCSV: data row %d has %d value(s), expected %d"
                             % (i + 1, len(r), len(names)))
        out.append([_from_csv_text(v, t, names[j]) for j, (v, t) in enumerate(zip(r, types))])
    return BasicDataset(names, out, types)


_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$")


def _csv_line(values):
    return u",".join(u'"%s"' % text_type(v).replace(u'"', u'""') for v in values)


def _csv_text(v):
    if v is None:
        return u""
    if isinstance(v, bool):
        return u"true" if v else u"false"
    if _is_date(v):
        from gateway_sim.backends.database.javaside import Timestamp
        return text_type(Timestamp()(v.getTime()).toString())
    return text_type(v)


def _csv_reader(text):
    if PY2:
        data = io.BytesIO(text.encode("utf-8"))
        for row in csv.reader(data):
            yield [c.decode("utf-8") for c in row]
    else:
        for row in csv.reader(io.StringIO(text)):
            yield row


def _from_csv_text(v, t, name):
    if t == _ds.STRING or t == _ds.OBJECT:
        return v
    if v == "" or v.lower() == "null":
        return None
    if t == _ds.DATE:
        v = v.strip()
        if re.match(r"^-?\d+$", v):
            return _new_date(int(v))
        m = _DATE_RE.match(v)
        if not m:
            raise ValueError("fromCSV: column %r: %r is not a date (yyyy-MM-dd HH:mm:ss[.SSS] "
                             "or epoch ms)" % (name, v))
        y, mo, d, h, mi, sec, frac = m.groups()
        secs = time.mktime((int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0),
                            0, 0, -1))
        return _new_date(int(secs) * 1000 + int(((frac or "") + "000")[:3]))
    try:
        return _coerce(v, t, name, "fromCSV")
    except TypeError as exc:
        raise ValueError("%s" % (exc,))


# --- helpers ------------------------------------------------------------------
def _is_seq(v):
    return isinstance(v, (list, tuple, PyDataSet)) or (
        hasattr(v, "__iter__") and hasattr(v, "__len__") and not isinstance(v, dict))


def _is_date(v):
    return _ds._is_date(v)


def _new_date(ms):
    from gateway_sim.backends.database.javaside import new_date
    return new_date(ms)


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


_TRUE = ("true", "1", "yes", "on", "t", "y")
_FALSE = ("false", "0", "no", "off", "f", "n")


def _coerce(value, t, name, fname):
    """``value`` converted to column type ``t`` (None stays None)."""
    if value is None or t == _ds.OBJECT:
        return value
    try:
        if t == _ds.STRING:
            return value if isinstance(value, string_types) else text_type(value)
        if t in (_ds.INTEGER, _ds.LONG, _ds.SHORT, _ds.BYTE):
            if isinstance(value, bool):
                return int(value)
            if isinstance(value, integer_types):
                return value
            if isinstance(value, float):
                return int(value)
            if isinstance(value, string_types):
                s = value.strip()
                return int(s) if re.match(r"^[-+]?\d+$", s) else int(float(s))
            return int(value)
        if t in (_ds.DOUBLE, _ds.FLOAT, _ds.DECIMAL):
            if isinstance(value, bool):
                return 1.0 if value else 0.0
            return float(value)
        if t == _ds.BOOLEAN:
            if isinstance(value, string_types):
                low = value.strip().lower()
                if low in _TRUE:
                    return True
                if low in _FALSE:
                    return False
                raise ValueError("not a boolean")
            return bool(value)
        if t == _ds.DATE:
            if _is_date(value):
                return value
            if isinstance(value, integer_types) and not isinstance(value, bool):
                return _new_date(value)
            raise ValueError("not a date")
    except (ValueError, TypeError, OverflowError):
        raise TypeError("%s: cannot convert %r (%s) to column %r of type %s"
                        % (fname, value, type(value).__name__, name, t.getName()))
    return value


def _natural_key(v):
    if isinstance(v, string_types):
        return [(0, int(p), u"") if p.isdigit() else (1, 0, p.lower())
                for p in re.split(r"(\d+)", v) if p != ""]
    return _plain_key(v)


def _plain_key(v):
    if _is_date(v):
        return v.getTime()
    return v


declare_missing(globals(), "system.dataset", [
    "dataSetToExcel", "dataSetToHTML", "exportCSV", "exportExcel", "exportHTML",
    "formatDates", "toExcel", "toJSONObject", "fromJSONObject",
])
