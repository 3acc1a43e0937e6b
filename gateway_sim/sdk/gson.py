"""Gson ``JsonElement`` stand-in behind ``TypeUtilities.pyToGson`` / ``gsonToPy``.

Scripts use the pair to turn a (Perspective) property object into plain Python
(``gsonToPy(pyToGson(obj))``, a forum idiom met in a real project library) or to get
JSON text (``pyToGson(obj).toString()``). Without Ignition's Gson the element is a
small Python object holding the converted tree; ``toString()`` gives Gson's compact
JSON. Conversions: mappings (anything with ``keys()``) are objects, lists / tuples /
sets are arrays, text / numbers / booleans are primitives, None is JsonNull. Other
values (a Date, a Dataset...) raise TypeError naming the type: how Ignition encodes
them is unverified. ``gsonToPy`` gives dicts, lists, text, numbers, booleans, None
(unverified: a gateway gives PyDictionary / PyList, which read the same in scripts).
May import: ``gateway_sim._compat``.
"""
from __future__ import absolute_import, division, print_function

import json

from gateway_sim._compat import integer_types, string_types


class JsonElement(object):
    """A converted JSON tree (Gson's ``JsonElement``: object, array, primitive or null)."""

    _java_name = "com.google.gson.JsonElement"

    def __init__(self, tree):
        self._tree = tree

    def isJsonObject(self):
        return isinstance(self._tree, dict)

    def isJsonArray(self):
        return isinstance(self._tree, list)

    def isJsonNull(self):
        return self._tree is None

    def isJsonPrimitive(self):
        return not (self.isJsonObject() or self.isJsonArray() or self.isJsonNull())

    def toString(self):
        return json.dumps(self._tree, separators=(",", ":"), ensure_ascii=False)

    def __str__(self):
        return self.toString()

    def __repr__(self):
        return "JsonElement(%s)" % self.toString()

    def __eq__(self, other):
        return isinstance(other, JsonElement) and other._tree == self._tree

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None


def _tree(value, depth=0):
    if depth > 200:
        raise ValueError("pyToGson: the object nests deeper than 200 levels (a cycle?)")
    if value is None or isinstance(value, (bool,) + string_types + integer_types + (float,)):
        return value
    if isinstance(value, JsonElement):
        return value._tree
    if callable(getattr(value, "keys", None)):
        out = {}
        for key in list(value.keys()):
            out[u"%s" % (key,)] = _tree(value[key], depth + 1)
        return out
    if isinstance(value, (list, tuple, set, frozenset)) or (
            hasattr(value, "__iter__") and hasattr(value, "__len__")
            and not hasattr(value, "getRowCount")):
        return [_tree(v, depth + 1) for v in value]
    num = getattr(value, "doubleValue", None)   # a java.lang.Number
    if callable(num):
        return value.longValue() if num() == value.longValue() else num()
    raise TypeError("pyToGson: cannot convert a %s to JSON in gateway_sim (dicts, lists, "
                    "text, numbers, booleans and None convert); convert it first, e.g. a "
                    "date with system.date.toMillis(d)" % type(value).__name__)


def py_to_gson(value):
    return JsonElement(_tree(value))


def _copy(tree):
    if isinstance(tree, dict):
        return dict((k, _copy(v)) for k, v in tree.items())
    if isinstance(tree, list):
        return [_copy(v) for v in tree]
    return tree


def gson_to_py(element):
    if not isinstance(element, JsonElement):
        raise TypeError("gsonToPy: element must be a JsonElement (from TypeUtilities.pyToGson), "
                        "got %s" % type(element).__name__)
    return _copy(element._tree)
