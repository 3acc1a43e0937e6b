"""``Collections.newSetFromMap``: a ``java.util.Set`` view backed by a ``java.util.Map``.

Every operation goes to the map (``put`` / ``remove`` / ``containsKey``), so the set has
the map's concurrency: over a ``ConcurrentHashMap`` it is a thread-safe set, as in Java
(javadoc of ``Collections.newSetFromMap``). May import: ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.java.lang import IllegalArgumentException, NullPointerException
from gateway_sim.java.util._collections import Map, Set, _Iterator, _jstr


def new_set_from_map(m):
    """The set view of the empty map ``m`` (Java refuses a non-empty map)."""
    if m is None:
        raise NullPointerException("Collections.newSetFromMap(null): pass an empty map, "
                                   "e.g. ConcurrentHashMap()")
    if not isinstance(m, Map):
        raise TypeError("Collections.newSetFromMap needs a java.util.Map (e.g. "
                        "java.util.concurrent.ConcurrentHashMap()), got %s" % type(m).__name__)
    if not m.isEmpty():
        raise IllegalArgumentException("Map is non-empty")
    return SetFromMap(m)


class SetFromMap(Set):
    """A ``Set`` whose elements are the keys of a backing ``Map`` (values are ``True``)."""

    _java_name = "java.util.Collections$SetFromMap"

    def __init__(self, m):
        self._map = m

    def add(self, v):
        return self._map.put(v, True) is None

    def addAll(self, items):
        changed = False
        for v in list(items):
            changed = self.add(v) or changed
        return changed

    def remove(self, v):
        return self._map.remove(v) is not None

    def contains(self, v):
        return self._map.containsKey(v)

    def size(self):
        return self._map.size()

    def isEmpty(self):
        return self._map.isEmpty()

    def clear(self):
        self._map.clear()

    def iterator(self):
        return _Iterator(list(self._map.keySet()), self.remove)

    def toArray(self):
        return list(self._map.keySet())

    def __len__(self):
        return self._map.size()

    def __iter__(self):
        return iter(list(self._map.keySet()))

    def __contains__(self, v):
        return self._map.containsKey(v)

    def __eq__(self, other):
        mine = set(self._map.keySet())
        if isinstance(other, Set):
            return mine == set(other)
        return isinstance(other, (set, frozenset)) and mine == other

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None

    def toString(self):
        return "[" + ", ".join(_jstr(v) for v in list(self._map.keySet())) + "]"
