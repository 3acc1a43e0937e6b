"""Advanced dataset functions: sortDataset, columnRename, columnRearrange; and the
qualified-value helpers qualifiedValue and timestampOf.

``sortDataset(dataset, column[, ascending=true])`` (column by index or name; nulls
first ascending, unverified); ``columnRename(dataset, name...)`` needs exactly one
name per column; ``columnRearrange(dataset, name...)`` keeps the named columns in
that order. ``qualifiedValue(value[, quality])`` behaves like ``forceQuality`` (unverified);
``timestampOf({ref})`` is the timestamp of the tag behind a reference (or of a
``tag()`` read), the evaluation time for any other value (unverified).
May import: stdlib, siblings, ``gateway_sim.dataset``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.expression.ast import Call, ExprError, Ref, _cmp_key, qeval, text, truthy
from gateway_sim.expression.fn_aggregate import _column


def _need_ds(ds, name):
    if ds is None or not hasattr(ds, "getRowCount"):
        raise ExprError("%s(): 1st argument must be a dataset, got %r" % (name, ds))
    return ds


def _rows(ds):
    return [[ds.getValueAt(r, c) for c in range(ds.getColumnCount())] for r in range(ds.getRowCount())]


def _types(ds):
    try:
        return [ds.getColumnType(c) for c in range(ds.getColumnCount())]
    except (AttributeError, TypeError):
        return None


def _make(headers, rows, types):
    from gateway_sim.dataset import BasicDataset
    return BasicDataset(headers, rows, types)


def _sort(ctx, ds, column, ascending=True):
    ds = _need_ds(ds, "sortDataset")
    c = _column(ds, column, "sortDataset")
    rows = _rows(ds)

    def key(row):
        v = row[c]
        return (v is not None, _cmp_key(v) if v is not None else 0)
    try:
        rows.sort(key=key, reverse=not truthy(ascending))
    except TypeError:
        raise ExprError("sortDataset(): column %s mixes values that cannot be compared" % (column,))
    return _make(list(ds.getColumnNames()), rows, _types(ds))


def _rename(ctx, ds, *names):
    ds = _need_ds(ds, "columnRename")
    if len(names) != ds.getColumnCount():
        raise ExprError("columnRename(): %d names for %d columns; give one name per column"
                        % (len(names), ds.getColumnCount()))
    return _make([text(n) for n in names], _rows(ds), _types(ds))


def _rearrange(ctx, ds, *names):
    ds = _need_ds(ds, "columnRearrange")
    idx = [_column(ds, text(n), "columnRearrange") for n in names]
    rows = [[row[i] for i in idx] for row in _rows(ds)]
    types = _types(ds)
    return _make([ds.getColumnName(i) for i in idx], rows, [types[i] for i in idx] if types else None)


def _timestamp_of(ctx, args, call):
    from gateway_sim import jvm
    if len(args) != 1:
        raise ExprError("timestampOf() takes 1 argument, got %d" % len(args))
    node = args[0]
    reader = getattr(ctx, "read_tag", None)
    if reader is not None and isinstance(node, Ref):
        return reader(node.text).getTimestamp()
    if reader is not None and isinstance(node, Call) and node.key == "tag" and len(node.args) == 1:
        return reader(text(node.args[0].eval(ctx))).getTimestamp()
    qeval(node, ctx)
    return jvm.Date(ctx.now_ms())


def _qualified_value(ctx, args, call):
    from gateway_sim.expression.fn_tags import LAZY as TAG_LAZY
    return TAG_LAZY["forcequality"](ctx, args, call)


LAZY = {"timestampof": _timestamp_of, "qualifiedvalue": _qualified_value}

FUNCTIONS = {
    "sortdataset": _sort,
    "columnrename": _rename,
    "columnrearrange": _rearrange,
}
