"""Jython's Java bean properties for the pure-Python stand-ins of Java objects.

Jython lets a script read ``obj.dataDir`` for ``obj.getDataDir()`` and ``obj.enabled``
for ``obj.isEnabled()``. ``JavaBean`` gives a stand-in class the same: an attribute it
does not have is looked up as ``getX()`` / ``isX()`` (first letter upper-cased) and the
getter's result returned. An unknown name is an ``AttributeError`` naming the class and
what it offers (``_missing_hint`` may add the ``system.*`` alternative).
May import: the standard library.
"""
from __future__ import absolute_import, division, print_function


class JavaBean(object):
    """Mixin: bean properties from the ``getX``/``isX`` methods of the class."""

    _java_name = "java.lang.Object"

    def __getattr__(self, attr):
        if attr.startswith("_") or not attr:
            raise AttributeError(attr)
        cap = attr[0].upper() + attr[1:]
        for prefix in ("get", "is"):
            getter = getattr(type(self), prefix + cap, None)
            if callable(getter):
                return getter(self)
        raise AttributeError(self._missing_hint(attr))

    def _missing_hint(self, attr):
        return ("%s has no method or bean property %r in gateway_sim (it offers: %s)"
                % (self._java_name, attr, ", ".join(bean_methods(type(self)))))


def bean_methods(cls):
    """The public Java-style methods of stand-in class ``cls``, sorted."""
    return sorted(n for n in dir(cls) if not n.startswith("_") and callable(getattr(cls, n))
                  and n[:1].islower())
