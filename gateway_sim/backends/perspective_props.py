"""Perspective property trees as scripts see them: ``session.props``, ``session.custom``,
``page.props``.

In Ignition a script reads a property tree through a wrapper that offers attribute access
(``session.custom.line.speed``), item access (``session.custom["line"]``), and the dict
methods real scripts call (``has_key``, ``keys``, ``get``, ``in``); a dict or list read
from it is wrapped again, so ``custom.kanoa[pageId].navigation.history[0]["path"]`` works
on values a script stored as plain dicts. A write stores the plain value in the session's
own dict, so it is seen by every later read, from any script, on any thread.

Reading a property that does not exist raises ``AttributeError`` (``KeyError`` for item
access). Unverified: the exact wrapper class and the error text a gateway gives; scripts
in the field guard with ``has_key`` before reading, which works the same here.
Single-source 2.7/3.x. May import: the standard library.
"""
from __future__ import absolute_import, division, print_function


def wrap(value):
    """``value`` as scripts see it: a dict as a PropTree, a list as a PropList (both views
    over the same object, so writes go through); anything else as it is."""
    if isinstance(value, dict):
        return PropTree(value)
    if isinstance(value, list):
        return PropList(value)
    return value


def unwrap(value):
    """The plain value behind a PropTree / PropList (a script may assign one elsewhere)."""
    if isinstance(value, (PropTree, PropList)):
        return value._data
    return value


def plain(value):
    """A deep plain copy (dicts, lists, scalars) of ``value``, wrapped or not."""
    value = unwrap(value)
    if isinstance(value, dict):
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class _View(object):
    """What a tree node and an array node share: a view over one container (``_data``)."""

    __slots__ = ("_data",)

    def __init__(self, data):
        object.__setattr__(self, "_data", data)

    def __len__(self):
        return len(self._data)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None

    def __repr__(self):
        return repr(self._data)

    def __str__(self):
        return str(self._data)


class PropTree(_View):
    """An object node of a property tree (a view over one dict)."""

    __slots__ = ()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        data = object.__getattribute__(self, "_data")
        try:
            return wrap(data[name])
        except KeyError:
            raise AttributeError("property %r not found (properties here: %s)"
                                 % (name, ", ".join(sorted(str(k) for k in data)) or "none"))

    def __setattr__(self, name, value):
        self._data[name] = unwrap(value)

    def __delattr__(self, name):
        try:
            del self._data[name]
        except KeyError:
            raise AttributeError(name)

    def __getitem__(self, key):
        return wrap(self._data[key])

    def __setitem__(self, key, value):
        self._data[key] = unwrap(value)

    def __delitem__(self, key):
        del self._data[key]

    def __contains__(self, key):
        return key in self._data

    def __iter__(self):
        return iter(list(self._data))

    def __eq__(self, other):
        return self._data == unwrap(other)

    def has_key(self, key):
        return key in self._data

    def get(self, key, default=None):
        return wrap(self._data.get(key, default))

    def keys(self):
        return list(self._data.keys())

    def values(self):
        return [wrap(v) for v in list(self._data.values())]

    def items(self):
        return [(k, wrap(v)) for k, v in list(self._data.items())]

    def iteritems(self):
        return iter(self.items())

    def iterkeys(self):
        return iter(self.keys())

    def itervalues(self):
        return iter(self.values())

    def setdefault(self, key, default=None):
        return wrap(self._data.setdefault(key, unwrap(default)))

    def update(self, other=None, **kwargs):
        for k, v in dict(unwrap(other) or {}, **kwargs).items():
            self._data[k] = unwrap(v)

    def pop(self, key, *default):
        return wrap(self._data.pop(key, *default))


class PropList(_View):
    """An array node of a property tree (a view over one list)."""

    __slots__ = ()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [wrap(v) for v in self._data[index]]
        return wrap(self._data[index])

    def __setitem__(self, index, value):
        self._data[index] = unwrap(value)

    def __delitem__(self, index):
        del self._data[index]

    def __iter__(self):
        return iter([wrap(v) for v in list(self._data)])

    def __contains__(self, value):
        return unwrap(value) in self._data

    def __eq__(self, other):
        other = unwrap(other)
        return self._data == (list(other) if isinstance(other, tuple) else other)

    def append(self, value):
        self._data.append(unwrap(value))

    def extend(self, values):
        self._data.extend(unwrap(v) for v in values)

    def insert(self, index, value):
        self._data.insert(index, unwrap(value))

    def pop(self, *index):
        return wrap(self._data.pop(*index))

    def remove(self, value):
        self._data.remove(unwrap(value))

    def index(self, value):
        return self._data.index(unwrap(value))

    def count(self, value):
        return self._data.count(unwrap(value))
