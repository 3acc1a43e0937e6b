"""SDK dataset classes: ``Dataset``, ``BasicDataset``, ``DatasetBuilder``, ``DatasetUtilities``.

``BasicDataset`` is the simulator's own ``gateway_sim.dataset.BasicDataset`` (the class
``system.dataset.toDataSet`` and queries return), which also accepts the SDK
constructors through ``sdk_form``: ``BasicDataset()``, ``BasicDataset(dataset)``,
``BasicDataset(names, types)``, ``BasicDataset(names, types, data)`` with ``data``
column-major (``data[col][row]``, as the SDK's ``Object[][]``) or a dataset to copy.
``Dataset`` is the interface: ``isinstance(x, Dataset)`` holds for every BasicDataset;
a ``PyDataSet`` is not one (in Ignition it wraps a Dataset without implementing it).
``DatasetBuilder`` follows its javadoc (``newBuilder().colNames(...).colTypes(...)
.addRow(...).build()``); a row of the wrong length is an ``IllegalArgumentException``
(text unverified). May import: ``gateway_sim.dataset``, ``gateway_sim.errors``,
``gateway_sim.java``, ``gateway_sim.sdk.typeutils``.
"""
from __future__ import absolute_import, division, print_function

import abc

from gateway_sim.dataset import BasicDataset, PyDataSet
from gateway_sim.sdk.typeutils import TypeUtilities, java_class_name  # noqa: F401 - re-exported

Dataset = abc.ABCMeta("Dataset", (object,), {
    "__doc__": "``com.inductiveautomation.ignition.common.Dataset`` (interface).",
    "_java_name": "com.inductiveautomation.ignition.common.Dataset"})
Dataset.register(BasicDataset)


def _is_class_like(t):
    return java_class_name(t) is not None


def _as_list(x):
    if isinstance(x, (list, tuple)):
        return list(x)
    if hasattr(x, "toArray") and hasattr(x, "size"):  # a java.util.List
        return list(x.toArray())
    return None


def _is_dataset(x):
    return isinstance(x, (BasicDataset, PyDataSet))


def sdk_form(headers, rows, types, quality):
    """``(headers, rows, types)`` for an SDK-style ``BasicDataset(...)`` call, or None when
    the arguments are the simulator's own ``(headers, rows, types=None, version=None)``.

    Called by ``BasicDataset.__init__`` with its positional arguments."""
    if headers is None and rows is None:
        return [], [], []
    if rows is None:
        if _is_dataset(headers):
            ds = headers.getUnderlyingDataset() if isinstance(headers, PyDataSet) else headers
            return list(ds._headers), [list(r) for r in ds._rows], ds.getColumnTypes()
        return None
    if isinstance(rows, (list, tuple)) and (not rows or not _is_class_like(rows[0])):
        return None  # rows of values: the simulator's form (checked before copying anything)
    names = _as_list(headers)
    col_types = _as_list(rows)
    if names is None or col_types is None or not col_types or len(col_types) != len(names):
        return None
    if not all(_is_class_like(t) for t in col_types):
        return None
    if quality is not None:
        from gateway_sim.errors import NotImplementedInSimulator
        raise NotImplementedInSimulator(
            "BasicDataset(columnNames, columnTypes, data, quality) (per-cell qualities)")
    type_names = [java_class_name(t) for t in col_types]
    data = types
    if data is None:
        return names, [], type_names
    if _is_dataset(data):
        ds = data.getUnderlyingDataset() if isinstance(data, PyDataSet) else data
        if ds.getColumnCount() != len(names):
            from gateway_sim.jvm import IllegalArgumentException
            raise IllegalArgumentException(
                "BasicDataset(names, types, dataset): %d column names for a dataset of %d "
                "columns" % (len(names), ds.getColumnCount()))
        return names, [list(r) for r in ds._rows], type_names
    columns = _as_list(data)
    if columns is None or len(columns) != len(names):
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException(
            "BasicDataset(names, types, data): data is column-major (data[col][row]) and "
            "needs %d columns, got %s" % (len(names), "none" if columns is None else len(columns)))
    columns = [_as_list(c) or [] for c in columns]
    heights = set(len(c) for c in columns)
    if len(heights) > 1:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("BasicDataset(names, types, data): the columns of data "
                                       "have different lengths %s" % sorted(heights))
    nrows = heights.pop() if heights else 0
    return names, [[c[r] for c in columns] for r in range(nrows)], type_names


class DatasetBuilder(object):
    """``com.inductiveautomation.ignition.common.util.DatasetBuilder``."""

    _java_name = "com.inductiveautomation.ignition.common.util.DatasetBuilder"

    def __init__(self):
        self.names = None
        self.types = None
        self.rows = []

    @staticmethod
    def newBuilder():
        return DatasetBuilder()

    def colNames(self, *names):
        if len(names) == 1 and _as_list(names[0]) is not None:
            names = _as_list(names[0])
        self.names = list(names)
        return self

    def colTypes(self, *types):
        if len(types) == 1 and _as_list(types[0]) is not None:
            types = _as_list(types[0])
        bad = [t for t in types if not _is_class_like(t)]
        if bad:
            raise TypeError("DatasetBuilder.colTypes needs Java classes (e.g. from java.lang "
                            "import String, Integer), got %r" % (bad[0],))
        self.types = [java_class_name(t) for t in types]
        return self

    def checkConfig(self):
        from gateway_sim.jvm import IllegalStateException
        if self.names is None or self.types is None:
            raise IllegalStateException("DatasetBuilder: call colNames(...) and colTypes(...) "
                                        "before addRow/build")
        if len(self.names) != len(self.types):
            raise IllegalStateException("DatasetBuilder: %d column names but %d column types"
                                        % (len(self.names), len(self.types)))

    def addRow(self, *values):
        self.checkConfig()
        if len(values) == 1 and _as_list(values[0]) is not None:
            # one list argument is the Object[] itself, as Jython passes it to varargs
            values = _as_list(values[0])
        if len(values) != len(self.names):
            from gateway_sim.jvm import IllegalArgumentException
            raise IllegalArgumentException("DatasetBuilder.addRow: %d values for %d columns (%s)"
                                           % (len(values), len(self.names), ", ".join(self.names)))
        self.rows.append(list(values))
        return self

    def build(self):
        self.checkConfig()
        return BasicDataset(list(self.names), [list(r) for r in self.rows], list(self.types))


class DatasetUtilities(object):
    """``com.inductiveautomation.ignition.common.script.builtin.DatasetUtilities``: scripts
    reach it for its nested ``PyDataSet`` class (``isinstance(x, DatasetUtilities.PyDataSet)``)."""

    _java_name = "com.inductiveautomation.ignition.common.script.builtin.DatasetUtilities"
    PyDataSet = PyDataSet

    @staticmethod
    def toPyDataSet(dataset):
        return dataset if isinstance(dataset, PyDataSet) else PyDataSet(dataset)
