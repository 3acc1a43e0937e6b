"""``system.util.jsonEncode`` / ``jsonDecode``.

Encoding follows Ignition's documented mapping as far as it is documented:
dict -> object, list/tuple/set and Java collections -> array, str -> string,
int/float/bool/None -> number/true/false/null. Compact (no whitespace) unless
``indentFactor`` is given. ``java.util.Date`` -> epoch milliseconds and
datasets -> ``{"columns": [{"name", "type"}], "rows": [[...]]}`` [unverified
shapes]; other objects -> ``str(obj)``. Single-source 2.7/3.x.
May import: the standard library and ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import decimal
import json

from gateway_sim import jvm
from gateway_sim._compat import integer_types, string_types, text_type
from gateway_sim.registry import implements


def _is_dataset(obj):
    return all(hasattr(obj, a) for a in ("getColumnCount", "getRowCount", "getValueAt",
                                         "getColumnName"))


def _to_plain(obj, depth=0):
    if depth > 200:
        raise jvm.make_java_exception(jvm.IllegalArgumentException,
                                      "jsonEncode(): structure too deep (cycle?)")
    if obj is None or isinstance(obj, (bool,) + string_types):
        return obj
    if isinstance(obj, integer_types) or isinstance(obj, float):
        return obj
    if isinstance(obj, decimal.Decimal):
        return float(obj)
    if isinstance(obj, dict):
        return dict((text_type(k) if not isinstance(k, string_types) else k,
                     _to_plain(v, depth + 1)) for k, v in list(obj.items()))
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [_to_plain(v, depth + 1) for v in obj]
    if hasattr(obj, "getTime") and callable(obj.getTime):  # java.util.Date and subclasses
        return obj.getTime()
    if _is_dataset(obj):
        ds = obj
        if hasattr(ds, "getUnderlyingDataset"):
            ds = ds.getUnderlyingDataset()
        ncols = ds.getColumnCount()
        cols = []
        for c in range(ncols):
            ctype = ds.getColumnType(c) if hasattr(ds, "getColumnType") else None
            tname = ctype.getName() if hasattr(ctype, "getName") else text_type(ctype)
            cols.append({"name": ds.getColumnName(c), "type": tname})
        rows = [[_to_plain(ds.getValueAt(r, c), depth + 1) for c in range(ncols)]
                for r in range(ds.getRowCount())]
        return {"columns": cols, "rows": rows}
    if hasattr(obj, "entrySet") or (hasattr(obj, "keySet") and hasattr(obj, "get")):
        return dict((text_type(k), _to_plain(obj.get(k), depth + 1)) for k in list(obj.keySet()))
    if hasattr(obj, "toArray") and callable(obj.toArray):
        return [_to_plain(v, depth + 1) for v in list(obj.toArray())]
    if hasattr(obj, "__iter__") and hasattr(obj, "__len__"):
        try:
            return [_to_plain(v, depth + 1) for v in list(obj)]
        except TypeError:
            pass
    return text_type(obj)


@implements("system.util.jsonEncode")
def jsonEncode(pyObj, indentFactor=None):
    """Encode ``pyObj`` as JSON text; compact unless ``indentFactor`` (spaces) is given."""
    if indentFactor is not None and (not isinstance(indentFactor, integer_types)
                                     or isinstance(indentFactor, bool) or indentFactor < 0):
        raise jvm.make_java_exception(jvm.IllegalArgumentException,
                                      "jsonEncode(): indentFactor must be an int >= 0, got %r"
                                      % (indentFactor,))
    plain = _to_plain(pyObj)
    try:
        if indentFactor:
            return text_type(json.dumps(plain, indent=indentFactor, separators=(",", ": "),
                                        ensure_ascii=False, allow_nan=False))
        return text_type(json.dumps(plain, separators=(",", ":"), ensure_ascii=False,
                                    allow_nan=False))
    except ValueError as exc:
        raise jvm.make_java_exception(jvm.IllegalArgumentException,
                                      "jsonEncode(): %s (JSON has no NaN/Infinity)" % (exc,))


@implements("system.util.jsonDecode")
def jsonDecode(jsonString):
    """Decode JSON text to dict/list/unicode/int/float/bool/None."""
    if jsonString is None:
        return None
    if not isinstance(jsonString, string_types):
        raise TypeError("jsonDecode(): 1st arg can't be coerced to String (got %s)"
                        % type(jsonString).__name__)
    try:
        return json.loads(jsonString)
    except ValueError as exc:
        snippet = jsonString if len(jsonString) <= 60 else jsonString[:57] + "..."
        raise jvm.make_java_exception(jvm.IllegalArgumentException,
                                      "jsonDecode(): invalid JSON (%s) in %r" % (exc, snippet))
