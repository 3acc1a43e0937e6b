"""``com.inductiveautomation.ignition.common.config.BoundValue``: a bound tag property.

A tag property bound to a UDT parameter or an expression (``{"bindType": "parameter",
"binding": "{PLC}Motor"}`` in an export) is, in a script, a ``BoundValue``: real
libraries import the class to tell bound ``opcItemPath`` values from plain ones
(``isinstance(cfg["opcItemPath"], BoundValue)``), read ``getBinding()`` /
``.binding`` and ``.bindType``, and build one (``BoundValue("parameter", path)``) to
write a binding back with ``system.tag.configure``.

The stand-in is a ``dict`` holding exactly the export's two keys, so the tag backend
takes a script-made ``BoundValue`` in ``system.tag.configure`` as the bound property it
is. Unverified (no javadoc or stub lists the class): the constructor's argument order
``(bindType, binding)`` is the one real libraries call; ``str()`` shows
``{bindType=parameter, binding=...}`` as a Java map does. May import: the standard
library.
"""
from __future__ import absolute_import, division, print_function


class BoundValue(dict):
    """``BoundValue(bindType, binding)``: ``getBindType()``, ``getBinding()``."""

    _java_name = "com.inductiveautomation.ignition.common.config.BoundValue"

    def __init__(self, bindType, binding):
        dict.__init__(self, bindType=bindType, binding=binding)

    def getBindType(self):
        return self["bindType"]

    def getBinding(self):
        return self["binding"]

    bindType = property(getBindType)
    binding = property(getBinding)

    def __str__(self):
        return "{bindType=%s, binding=%s}" % (self["bindType"], self["binding"])

    __repr__ = __str__
