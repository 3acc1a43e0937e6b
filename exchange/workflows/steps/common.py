"""Helpers shared by the built-in steps: JSON-safe values, argument checks, poll waits.

Step outputs are checkpointed as JSON, so values read from tags or databases
(Java dates, datasets, Java collections, longs) are converted to plain JSON
types here. Waits go through ``engine.context.sleep`` so they are cancel-aware
and timed by the gateway clock (a virtual clock in tests).

May import: the standard library, ``exchange.workflows.compat`` and, lazily,
``exchange.workflows.engine.host`` / ``engine.context``.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat

_MAX_DEPTH = 32


def jsonSafe(value, _depth=0):
    """``value`` as JSON-serializable data (dates -> epoch ms, datasets -> columns/rows)."""
    if value is None or isinstance(value, (bool, float)) or isinstance(value, compat.string_types):
        return value
    if isinstance(value, compat.integer_types):
        return int(value)
    if _depth > _MAX_DEPTH:
        return compat.to_text(value)
    nxt = _depth + 1
    if isinstance(value, dict):
        return dict((compat.to_text(k), jsonSafe(v, nxt)) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonSafe(v, nxt) for v in value]
    if hasattr(value, "getTime") and callable(getattr(value, "getTime")):
        try:  # java.util.Date / java.sql.Timestamp (real or simulated)
            return int(value.getTime())
        except compat.CATCHABLE:
            pass
    if hasattr(value, "getColumnNames") and hasattr(value, "getRowCount"):
        return _datasetToJson(value, nxt)
    if hasattr(value, "keySet") and hasattr(value, "get"):  # java.util.Map
        try:
            return dict((compat.to_text(k), jsonSafe(value.get(k), nxt)) for k in value.keySet())
        except compat.CATCHABLE:
            pass
    if hasattr(value, "getValue") and hasattr(value, "getQuality"):  # a QualifiedValue
        return jsonSafe(value.getValue(), nxt)
    try:  # Java arrays/collections are iterable under Jython
        if not isinstance(value, compat.binary_type) and hasattr(value, "__iter__"):
            return [jsonSafe(v, nxt) for v in value]
    except compat.CATCHABLE:
        pass
    try:
        return float(value) if hasattr(value, "__float__") else compat.to_text(value)
    except compat.CATCHABLE:
        return compat.to_text(value)


def _datasetToJson(ds, depth):
    cols = [compat.to_text(c) for c in ds.getColumnNames()]
    rows = []
    for r in range(int(ds.getRowCount())):
        rows.append([jsonSafe(ds.getValueAt(r, c), depth) for c in range(len(cols))])
    return {"columns": cols, "rows": rows}


def valuesEqual(actual, expected):
    """Equality that tolerates the tag's type coercion (``"5"`` written, ``5`` read)."""
    if actual == expected:
        return True
    numbers = compat.integer_types + (float,)
    pair = (actual, expected)
    if any(isinstance(v, bool) for v in pair):
        return False
    if all(isinstance(v, numbers) for v in pair):
        return float(actual) == float(expected)
    for a, b in (pair, (expected, actual)):
        if isinstance(a, compat.string_types) and isinstance(b, numbers):
            try:
                return float(a.strip()) == float(b)
            except ValueError:
                return False
    return False


def requirePath(step, path, name="path"):
    if not isinstance(path, compat.string_types) or not path.strip():
        raise ValueError("%s: %s must be a non-empty tag path such as '[default]Folder/Tag', "
                         "got %r" % (step, name, path))
    return path


def requireMs(step, name, value, allowZero=True):
    """``value`` as a non-negative (or positive) number of milliseconds."""
    try:
        ms = float(value)
    except (TypeError, ValueError):
        raise ValueError("%s: %s must be a number of milliseconds, got %r" % (step, name, value))
    if ms < 0 or (ms == 0 and not allowZero) or ms != ms:
        need = ">= 0" if allowZero else "> 0"
        raise ValueError("%s: %s must be %s milliseconds, got %r" % (step, name, need, value))
    return ms


def nowMs():
    from exchange.workflows.engine import host
    return int(host.now_ms())


def sleepMs(ms):
    """Cancel-aware sleep of ``ms`` gateway-clock milliseconds (raises Cancelled)."""
    from exchange.workflows.engine import context
    if ms > 0:
        context.sleep(ms / 1000.0)


def qualityText(quality):
    from exchange.workflows.engine import host
    return compat.to_text(host.tag_quality_text(quality))


def isGoodQuality(quality):
    """True for a Good quality code (real QualityCode or its text form)."""
    checker = getattr(quality, "isGood", None)
    if callable(checker):
        try:
            return bool(checker())
        except compat.CATCHABLE:
            pass
    return qualityText(quality).split("(")[0].strip().startswith("Good")


def readOne(path):
    """``(value, quality text, timestamp text)`` of one tag, value JSON-safe."""
    from exchange.workflows.engine import host
    qv = host.read_tags([path])[0]
    value = _attr(qv, "value", "getValue")
    quality = _attr(qv, "quality", "getQuality")
    stamp = _attr(qv, "timestamp", "getTimestamp")
    return (jsonSafe(value), qualityText(quality),
            compat.to_text(stamp) if stamp is not None else None)


def _attr(obj, attr, getter):
    fn = getattr(obj, getter, None)
    if callable(fn):
        return fn()
    return getattr(obj, attr, None)
