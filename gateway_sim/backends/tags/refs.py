"""Resolved tag paths: what a path points at and how to read/write it.

The backend caches one ref per absolute path string, so a repeated
``readBlocking`` costs a dict lookup plus ``ref.read()``. Refs never raise:
every failure is a QualifiedValue / QualityCode. May import: stdlib,
``gateway_sim.quality``, ``gateway_sim.jvm``, tag siblings.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.jvm import Date
from gateway_sim.quality import QualifiedValue, QualityCode

_GOOD = QualityCode.Good

# Properties that are runtime state, not config; all others map to config keys.
RUNTIME_PROPS = ("value", "quality", "timestamp", "name", "tagtype", "path", "fullpath")
READ_ONLY_PROPS = ("quality", "timestamp", "name", "tagtype", "path", "fullpath")

# Defaults of common properties when the config omits them (Ignition omits defaults).
PROP_DEFAULTS = {
    "datatype": "Int4", "valuesource": "memory", "documentation": "", "engunit": "",
    "enabled": True, "readonly": False, "tooltip": "", "taggroup": "Default",
    "formatstring": "#,##0.##", "englow": 0.0, "enghigh": 100.0, "executionmode": "EventDriven",
    "executionrate": 1000, "historyenabled": False, "expression": "", "sourcetagpath": "",
    "opcitempath": "", "opcserver": "", "query": "", "datasource": "", "deadband": 0.0,
    "alarmevalenabled": True, "typeid": "", "valuepersistence": "Inherit",
}


class FixedRef(object):
    """A path that resolved to an error (bad syntax, missing tag/provider)."""
    __slots__ = ("quality", "backend")

    def __init__(self, backend, quality):
        self.backend = backend
        self.quality = quality

    def read(self):
        return QualifiedValue(None, self.quality, Date(self.backend.clock.now_ms()))

    def write(self, value):
        return self.quality

    node = None


class ValueRef(object):
    """``path`` or ``path.Value`` of an atomic tag (the hot path)."""
    __slots__ = ("node", "backend", "index")

    def __init__(self, backend, node, index=None):
        self.backend = backend
        self.node = node
        self.index = index

    def read(self):
        n = self.node
        if not n.enabled:
            return QualifiedValue(None, QualityCode.Bad_Disabled, n.qv.timestamp)
        if self.index is None:
            return n.qv
        qv = n.qv
        v = qv.value
        try:
            return QualifiedValue(v[self.index], qv.quality, qv.timestamp)
        except (TypeError, IndexError, KeyError):
            return QualifiedValue(None, QualityCode.Bad_OutOfRange.derive(
                "index %d is outside the value of %s" % (self.index, n.full_path())), qv.timestamp)

    def write(self, value):
        if self.index is None:
            return self.backend.write_node(self.node, value)
        return self.backend.write_element(self.node, self.index, value)


class LiveRef(ValueRef):
    """A tag whose value is computed at read time (``[System]Gateway/CurrentDateTime``)."""
    __slots__ = ()

    def read(self):
        v = self.node.live()
        # A metric this machine cannot measure is None: Uncertain, not a made-up Good.
        return QualifiedValue(v, _GOOD if v is not None else QualityCode.Uncertain,
                              Date(self.backend.clock.now_ms()))


class FolderRef(object):
    """A folder, provider root or UDT instance read as a value."""
    __slots__ = ("node", "backend")

    def __init__(self, backend, node):
        self.backend = backend
        self.node = node

    def read(self):
        n = self.node
        now = Date(self.backend.clock.now_ms())
        if n.tag_type == "UdtInstance":
            # Reading a UDT instance gives a document-like snapshot of its members.
            snap = {}
            for c in n.iter_children():
                if c.tag_type == "AtomicTag":
                    snap[c.name] = c.qv.value
            return QualifiedValue(snap, _GOOD, now)
        return QualifiedValue(None, QualityCode.Bad_Unsupported.derive(
            "%s is a %s; it has no value" % (n.full_path(), n.tag_type)), now)

    def write(self, value):
        return QualityCode.Bad_Unsupported.derive(
            "%s is a %s; write to a tag inside it" % (self.node.full_path(), self.node.tag_type))


class PropRef(object):
    """``path.Property`` of any node."""
    __slots__ = ("node", "backend", "prop")

    def __init__(self, backend, node, prop):
        self.backend = backend
        self.node = node
        self.prop = prop

    def read(self):
        n = self.node
        p = self.prop.lower()
        ts = getattr(n, "qv", None)
        ts = ts.timestamp if ts is not None and ts.timestamp is not None else Date(self.backend.clock.now_ms())
        if p == "quality":
            q = n.qv.quality if n.tag_type == "AtomicTag" else _GOOD
            if n.tag_type == "AtomicTag" and not n.enabled:
                q = QualityCode.Bad_Disabled
            return QualifiedValue(q, _GOOD, ts)
        if p == "timestamp":
            return QualifiedValue(n.qv.timestamp if n.tag_type == "AtomicTag" else ts, _GOOD, ts)
        if p == "name":
            return QualifiedValue(n.name, _GOOD, ts)
        if p == "tagtype":
            return QualifiedValue(n.tag_type, _GOOD, ts)
        if p in ("path", "fullpath"):
            return QualifiedValue(n.full_path(), _GOOD, ts)
        if p == "datatype" and n.tag_type == "AtomicTag":
            return QualifiedValue(n.data_type, _GOOD, ts)
        if p == "valuesource" and n.tag_type == "AtomicTag":
            return QualifiedValue(n.value_source, _GOOD, ts)
        if p == "enabled" and n.tag_type == "AtomicTag":
            return QualifiedValue(n.enabled, _GOOD, ts)
        key = config_key(n.config, self.prop)
        if key is not None:
            v = n.config[key]
            if isinstance(v, dict) and v.get("bindType"):
                v = v.get("binding")
            return QualifiedValue(v, _GOOD, ts)
        if p == "parameters" and n.tag_type == "UdtInstance":
            return QualifiedValue(dict(n.parameters), _GOOD, ts)
        if p in PROP_DEFAULTS and (n.tag_type == "AtomicTag" or p in ("documentation", "tooltip", "enabled")):
            return QualifiedValue(PROP_DEFAULTS[p], _GOOD, ts)
        return QualifiedValue(None, QualityCode.Bad_NotFound.derive(
            "Path '%s.%s' not found." % (n.full_path(), self.prop)), ts)

    def write(self, value):
        p = self.prop.lower()
        if p == "value":
            return self.backend.write_node(self.node, value)
        if p in READ_ONLY_PROPS:
            return QualityCode.Bad_ReadOnly.derive("property %s is read-only" % self.prop)
        return self.backend.write_property(self.node, self.prop, value)


def config_key(config, prop):
    """The config key matching property ``prop`` case-insensitively, or None."""
    if prop in config:
        return prop
    low = prop.lower()
    for k in config:
        if k.lower() == low:
            return k
    return None


def canonical_prop(prop):
    """``EngUnit`` -> ``engUnit`` (Ignition's JSON names are lowerCamel)."""
    return prop[:1].lower() + prop[1:] if prop else prop
