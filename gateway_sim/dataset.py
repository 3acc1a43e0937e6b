"""Ignition's dataset types: ``BasicDataset`` (Java) and ``PyDataSet`` (its Python face).

Queries return a ``PyDataSet``; ``system.dataset.toDataSet`` returns a
``BasicDataset``. Both are immutable and answer the Java getters
(``getValueAt``, ``getRowCount()``...) and the bean attributes (``rowCount``,
``columnNames``...). Column names are matched case-insensitively (exact match
first), as ``getValueAt(row, "name")`` does on a gateway.

Iteration follows the Ignition version of the gateway that made the dataset:
on 8.1 a plain dataset is neither iterable nor indexable (scripts loop over
``range(ds.rowCount)`` or wrap it with ``toPyDataSet``); on 8.3 every dataset
behaves like a PyDataSet.

Column types live in ``gateway_sim.dataset_types``. May import: ``gateway_sim._compat``,
``gateway_sim.dataset_types``, ``gateway_sim.java`` / ``java.lang`` and ``gateway_sim.runtime`` (lazily).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import IS_JYTHON, PY2, integer_types, string_types, text_type
from gateway_sim.dataset_types import (  # noqa: F401 - re-exported for callers
    BOOLEAN, BYTE, DATE, DECIMAL, DOUBLE, FLOAT, INTEGER, LONG, OBJECT, SHORT, STRING,
    ColumnType, _is_date, column_type, infer_types, type_of_value)

BASIC_DATASET_CLASS = "com.inductiveautomation.ignition.common.BasicDataset"


def _version_is_83():
    from gateway_sim import runtime
    gw = runtime.active()
    return gw is not None and getattr(gw, "version", "8.1") == "8.3"


class BasicDataset(object):
    """Immutable table: ``BasicDataset(headers, rows, types=None)``.

    ``rows`` is a list of row sequences (kept as given: callers must not mutate
    them afterwards). ``types`` (optional) lists each column's Java class;
    without it types are inferred from the values when first asked for.
    ``version`` ("8.1"/"8.3") picks the iteration rules; by default the active
    gateway's version. The Ignition SDK constructors work too (``BasicDataset()``,
    ``BasicDataset(dataset)``, ``BasicDataset(names, types[, data])`` with column-major
    ``data``): see ``gateway_sim.sdk.datasets``.
    """

    __slots__ = ("_headers", "_rows", "_types", "_index", "_v83")

    def __init__(self, headers=None, rows=None, types=None, version=None):
        if rows is None or not (isinstance(rows, (list, tuple))
                                and (not rows or isinstance(rows[0], (list, tuple)))):
            # maybe a Java SDK constructor: BasicDataset(), (copy), (names, types[, data])
            from gateway_sim.sdk.datasets import sdk_form
            sdk = sdk_form(headers, rows, types, version)
            if sdk is not None:
                headers, rows, types, version = sdk[0], sdk[1], sdk[2], None
            elif rows is None:
                raise TypeError("BasicDataset(headers, rows, types=None): rows is missing "
                                "(or use an SDK form: BasicDataset(names, types, data))")
        self._headers = headers if isinstance(headers, list) else list(headers)
        self._rows = rows if isinstance(rows, list) else list(rows)
        self._types = [column_type(t) for t in types] if types is not None else None
        self._index = None
        self._v83 = _version_is_83() if version is None else (str(version) == "8.3")

    # --- Java API ------------------------------------------------------------
    def getRowCount(self):
        return len(self._rows)

    def getColumnCount(self):
        return len(self._headers)

    def getColumnName(self, col):
        return self._headers[self._check_col(col)]

    def getColumnNames(self):
        return list(self._headers)

    def getColumnIndex(self, name):
        """Index of column ``name`` (case-insensitive; exact match first), or -1."""
        idx = self._index
        if idx is None:
            idx = {}
            for i in range(len(self._headers) - 1, -1, -1):
                idx[text_type(self._headers[i]).lower()] = i
            self._index = idx
        for i, h in enumerate(self._headers):
            if h == name:
                return i
        return idx.get(text_type(name).lower(), -1)

    def getColumnType(self, col):
        t = self.getColumnTypes()[self._check_col(col)]
        if IS_JYTHON:
            from java.lang import Class
            try:
                return Class.forName(t.name)
            except Exception:  # a name we cannot load: fall back to the simulator's type
                return t
        return t

    def getColumnTypes(self):
        if self._types is None:
            self._types = infer_types(self._headers, self._rows)
        return list(self._types)

    def getValueAt(self, row, col):
        if type(row) is int and type(col) is int and 0 <= row < len(self._rows) \
                and 0 <= col < len(self._headers):
            return self._rows[row][col]  # the common case, checked in one line
        c = self._col(col)
        if not isinstance(row, integer_types) or row < 0 or row >= len(self._rows):
            raise _index_error("row index %r out of range; the dataset has %d row(s)"
                               % (row, len(self._rows)))
        return self._rows[row][c]

    def getPrimitiveValueAt(self, row, col):
        v = self.getValueAt(row, col)
        if v is None:
            return float("nan")
        if isinstance(v, bool):
            return 1.0 if v else 0.0
        if _is_date(v):
            return float(v.getTime())
        return float(v)

    def getQualityAt(self, row, col):
        self.getValueAt(row, col)
        from gateway_sim.quality import QualityCode
        return QualityCode.Good

    def getColumnAsList(self, col):
        c = self._col(col)
        return [r[c] for r in self._rows]

    def getBulkQualityCodes(self):
        return None

    def hasQualityData(self):
        return False

    # bean attributes, as Jython exposes the getters
    rowCount = property(getRowCount)
    columnCount = property(getColumnCount)
    columnNames = property(getColumnNames)
    columnTypes = property(getColumnTypes)

    # --- helpers -------------------------------------------------------------
    def _check_col(self, col):
        if not isinstance(col, integer_types) or isinstance(col, bool):
            raise TypeError("column index must be an int, got %r" % (col,))
        if col < 0 or col >= len(self._headers):
            raise _index_error("column index %d out of range; the dataset has %d column(s): %s"
                               % (col, len(self._headers), ", ".join(self._headers)))
        return col

    def _col(self, col):
        if isinstance(col, string_types):
            c = self.getColumnIndex(col)
            if c < 0:
                raise _index_error("column %r not found; columns are: %s"
                                   % (col, ", ".join(self._headers)))
            return c
        return self._check_col(col)

    def _row(self, i):
        return PyRow(self, self._rows[i])

    # --- Python protocol (8.3 only: 8.1's Java dataset has none) ----------------
    def _require_83(self, what):
        if not self._v83:
            raise TypeError(
                "'%s' object %s on Ignition 8.1; loop over range(ds.rowCount) with "
                "ds.getValueAt(row, col), or wrap it with system.dataset.toPyDataSet(ds) "
                "(on 8.3 every dataset is iterable)" % (BASIC_DATASET_CLASS, what))

    def __iter__(self):
        self._require_83("is not iterable")
        return (PyRow(self, r) for r in self._rows)

    def __len__(self):
        self._require_83("has no len()")
        return len(self._rows)

    def __getitem__(self, i):
        self._require_83("is unsubscriptable")
        return _getitem(self, i)

    def __bool__(self):
        return True

    __nonzero__ = __bool__

    def __repr__(self):
        return u"Dataset [%dR \u2179 %dC]" % (len(self._rows), len(self._headers))

    if PY2:
        def __str__(self):
            return self.__repr__().encode("utf-8")
    else:
        __str__ = __repr__


def _getitem(ds, i):
    rows = ds._rows
    if isinstance(i, slice):
        return [PyRow(ds, r) for r in rows[i]]
    if not isinstance(i, integer_types):
        raise TypeError("dataset rows are indexed by int, got %r; use ds[row][column]" % (i,))
    if i < 0:
        i += len(rows)
    if i < 0 or i >= len(rows):
        raise IndexError("row index out of range: %d (the dataset has %d rows)" % (i, len(rows)))
    return PyRow(ds, rows[i])


class PyRow(object):
    """One row of a PyDataSet: ``row[i]``, ``row["col"]``, ``len(row)``, iteration."""

    __slots__ = ("_ds", "_values")

    def __init__(self, ds, values):
        self._ds = ds
        self._values = values

    def __getitem__(self, key):
        if isinstance(key, string_types):
            c = self._ds.getColumnIndex(key)
            if c < 0:
                raise KeyError("column %r not found; columns are: %s"
                               % (key, ", ".join(self._ds._headers)))
            return self._values[c]
        return self._values[key]

    def __len__(self):
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other):
        if isinstance(other, PyRow):
            return list(self._values) == list(other._values)
        if isinstance(other, (list, tuple)):
            return list(self._values) == list(other)
        return NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None

    def __repr__(self):
        return repr(list(self._values))


class PyDataSet(object):
    """Python-friendly wrapper of a dataset (what ``runPrepQuery`` returns).

    ``len(pds)``, ``pds[i]`` -> PyRow, ``pds[i][j]`` / ``pds[i]["col"]``,
    ``for row in pds``; and every Dataset method. ``getUnderlyingDataset()``
    gives the BasicDataset. ``PyDataSet(headers, rows)`` is accepted as a
    shortcut for ``PyDataSet(BasicDataset(headers, rows))``.
    """

    __slots__ = ("_ds",)

    def __init__(self, dataset, rows=None, types=None):
        if rows is not None or not isinstance(dataset, (BasicDataset, PyDataSet)):
            dataset = BasicDataset(dataset, rows if rows is not None else [], types)
        elif isinstance(dataset, PyDataSet):
            dataset = dataset._ds
        self._ds = dataset

    def getUnderlyingDataset(self):
        return self._ds

    def getRowCount(self):
        return len(self._ds._rows)

    def getColumnCount(self):
        return len(self._ds._headers)

    def getColumnName(self, col):
        return self._ds.getColumnName(col)

    def getColumnNames(self):
        return self._ds.getColumnNames()

    def getColumnIndex(self, name):
        return self._ds.getColumnIndex(name)

    def getColumnType(self, col):
        return self._ds.getColumnType(col)

    def getColumnTypes(self):
        return self._ds.getColumnTypes()

    def getValueAt(self, row, col):
        return self._ds.getValueAt(row, col)

    def getPrimitiveValueAt(self, row, col):
        return self._ds.getPrimitiveValueAt(row, col)

    def getQualityAt(self, row, col):
        return self._ds.getQualityAt(row, col)

    def getColumnAsList(self, col):
        return self._ds.getColumnAsList(col)

    rowCount = property(getRowCount)
    columnCount = property(getColumnCount)
    columnNames = property(getColumnNames)
    columnTypes = property(getColumnTypes)

    def __len__(self):
        return len(self._ds._rows)

    def __iter__(self):
        ds = self._ds
        return (PyRow(ds, r) for r in ds._rows)

    def __getitem__(self, i):
        return _getitem(self._ds, i)

    def __bool__(self):
        return True  # a Java object: truthy even when empty, as on a gateway

    __nonzero__ = __bool__

    def __repr__(self):
        return "<PyDataset rows:%d cols:%d>" % (len(self._ds._rows), len(self._ds._headers))

    __str__ = __repr__


def as_dataset(value, what="dataset"):
    """The BasicDataset behind a BasicDataset/PyDataSet, or TypeError naming ``what``."""
    if isinstance(value, BasicDataset):
        return value
    if isinstance(value, PyDataSet):
        return value._ds
    raise TypeError("%s must be a Dataset or PyDataSet, got %s" % (what, type(value).__name__))


_AIOOBE = []


def _index_error(message):
    """Java's ArrayIndexOutOfBoundsException (a Java exception, not a Python one)."""
    if not _AIOOBE:
        if IS_JYTHON:
            from java.lang import ArrayIndexOutOfBoundsException as cls
        else:
            from gateway_sim.java import lang

            cls = getattr(lang, "ArrayIndexOutOfBoundsException", None)
            if cls is None:
                class ArrayIndexOutOfBoundsException(lang.IndexOutOfBoundsException):
                    _java_name = "java.lang.ArrayIndexOutOfBoundsException"
                cls = ArrayIndexOutOfBoundsException
        _AIOOBE.append(cls)
    return _AIOOBE[0](message)
