# -*- coding: utf-8 -*-
"""The 7.x-style ``system.tag`` calls an 8.1 gateway still runs (deprecated in 8.1.0):
read, readAll, write, writeAll, writeSynchronous, writeAllSynchronous, browseTags,
browseTagsSimple. ``system.tag`` re-exports them; the 8.3 stubs no longer list
them, so an 8.3 gateway's surface hides them (``gateway_sim.surface``).

Return types per the manual's Deprecated Pages: ``read`` -> QualifiedValue;
``readAll`` -> ``QualifiedValue[]`` (a Java array: indexable, iterable, ``len``);
``write`` -> int (0 failed immediately, 1 succeeded immediately, 2 pending);
``writeAll`` -> ``int[]``; ``writeSynchronous``/``writeAllSynchronous`` -> None and
raise when a write fails; ``browseTags``/``browseTagsSimple`` -> ``BrowseTag[]`` with
``name``, ``path``, ``fullPath``, ``type``, ``valueSource``, ``dataType`` and
``isFolder() isUDT() isOPC() isMemory() isExpression() isQuery()``.

Unverified choices: writes complete synchronously here, so ``write`` returns 1 or 0,
never 2; a failed synchronous write raises ``java.lang.Exception`` carrying the
quality; ``BrowseTag.type`` uses the 7.x tag-type names of the ``tagType`` filter
(``OPC MEMORY EXPRESSION QUERY DERIVED REFERENCE Folder UDT_INST UDT_DEF``);
``tagPath`` filters the path without provider (``*``/``?`` wildcards,
case-insensitive); ``udtParentType`` keeps UDT instances of that type (and, when
recursive, what they hold); browse order is depth-first, each folder sorted by
name. Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import fnmatch

from gateway_sim import jvm, runtime
from gateway_sim._compat import string_types
from gateway_sim.registry import implements

QV_CLASS = "com.inductiveautomation.ignition.common.model.values.QualifiedValue"
BROWSE_TAG_CLASS = "com.inductiveautomation.ignition.common.script.builtin.legacy.BrowseTag"


class JavaArray(list):
    """A Java array as Jython shows it: ``array(<class>, [...])``."""

    def __init__(self, java_class, items):
        list.__init__(self, items)
        self.java_class = java_class

    def __repr__(self):
        return "array(%s, [%s])" % (self.java_class, ", ".join(repr(x) for x in self))

    __str__ = __repr__


def _tags():
    return runtime.current().tags


def _paths(tagPaths, fn):
    if isinstance(tagPaths, string_types) or tagPaths is None:
        raise TypeError("%s(): tagPaths must be a sequence of tag paths, got %r; for one tag "
                        "use system.tag.%s" % (fn, tagPaths, "read" if fn == "readAll" else "write"))
    return ["%s" % (p,) for p in tagPaths]


@implements("system.tag.read")
def read(tagPath):
    """The QualifiedValue at ``tagPath`` (8.1 legacy)."""
    return _tags().read(["%s" % (tagPath,)])[0]


@implements("system.tag.readAll")
def readAll(tagPaths):
    """``QualifiedValue[]``, one per path (8.1 legacy)."""
    return JavaArray(QV_CLASS, _tags().read(_paths(tagPaths, "readAll")))


def _code(q):
    return 1 if q.isGood() else 0


@implements("system.tag.write")
def write(tagPath, value, suppressErrors=False):
    """1 if the write succeeded, 0 if it failed (8.1 legacy)."""
    return _code(_tags().write(["%s" % (tagPath,)], [value])[0])


@implements("system.tag.writeAll")
def writeAll(tagPaths, values):
    """``int[]`` of write results, one per path (8.1 legacy)."""
    paths = _paths(tagPaths, "writeAll")
    values = list(values)
    if len(values) != len(paths):
        raise ValueError("writeAll(): %d tag paths but %d values; pass one value per path"
                         % (len(paths), len(values)))
    return JavaArray("int", [_code(q) for q in _tags().write(paths, values)])


def _raise_failed(path, q):
    raise jvm.make_java_exception(
        jvm.JavaException, "Error writing to tag '%s': %s" % (path, q))


@implements("system.tag.writeSynchronous")
def writeSynchronous(tagPath, value, timeout=45000):
    """Write and wait; raises if the write fails (8.1 legacy)."""
    q = _tags().write(["%s" % (tagPath,)], [value])[0]
    if not q.isGood():
        _raise_failed(tagPath, q)


@implements("system.tag.writeAllSynchronous")
def writeAllSynchronous(tagPaths, values, timeout=45000):
    """Write all and wait; raises naming the first failed path (8.1 legacy)."""
    paths = _paths(tagPaths, "writeAllSynchronous")
    values = list(values)
    if len(values) != len(paths):
        raise ValueError("writeAllSynchronous(): %d tag paths but %d values; pass one value "
                         "per path" % (len(paths), len(values)))
    for p, q in zip(paths, _tags().write(paths, values)):
        if not q.isGood():
            _raise_failed(p, q)


_LEGACY_TYPE = {"opc": "OPC", "memory": "MEMORY", "expr": "EXPRESSION", "db": "QUERY",
                "derived": "DERIVED", "reference": "REFERENCE"}


class BrowseTag(object):
    """One legacy browse result."""

    def __init__(self, node):
        self.name = node.name
        self.path = node.rel_path()
        self.fullPath = node.full_path()
        self.valueSource = getattr(node, "value_source", None)
        self.dataType = getattr(node, "data_type", None)
        if node.tag_type == "AtomicTag":
            self.type = _LEGACY_TYPE.get(str(self.valueSource).lower(), str(self.valueSource).upper())
        elif node.tag_type == "UdtInstance":
            self.type = "UDT_INST"
        elif node.tag_type == "UdtType":
            self.type = "UDT_DEF"
        else:
            self.type = "Folder"
        self._type_id = node.config.get("typeId") if node.tag_type == "UdtInstance" else None

    def isFolder(self):
        return self.type == "Folder"

    def isUDT(self):
        return self.type in ("UDT_INST", "UDT_DEF")

    def isOPC(self):
        return self.type == "OPC"

    def isMemory(self):
        return self.type == "MEMORY"

    def isExpression(self):
        return self.type == "EXPRESSION"

    def isQuery(self):
        return self.type == "QUERY"

    def __repr__(self):
        return self.fullPath

    __str__ = __repr__


def _sort(sort):
    s = "ASC" if sort is None else str(sort).upper()
    if s not in ("ASC", "DESC"):
        raise ValueError("sort must be 'ASC' or 'DESC', got %r" % (sort,))
    return s == "DESC"


def _folder(parentPath, fn):
    backend = _tags()
    text = ("%s" % (parentPath,)).strip() if parentPath else ""
    if not text:
        text = "[%s]" % backend.default_name
    node = getattr(backend.resolve(text), "node", None)
    if node is None or not node.is_folder:
        raise ValueError("%s(): %r is not a folder or UDT instance; pass a folder path such as "
                         "'[default]Line1' ('' for the provider root)" % (fn, parentPath))
    return node


def _type_match(type_id, want):
    a = str(type_id or "").lower().strip("/")
    b = str(want).lower().strip("/")
    return a == b or a.endswith("/" + b)


def _browse(node, desc, recursive, keep):
    out = []
    kids = sorted(node.iter_children(), key=lambda n: n.name.lower(), reverse=desc)
    for n in kids:
        if keep(n):
            out.append(BrowseTag(n))
        if recursive and n.is_folder:
            out.extend(_browse(n, desc, recursive, keep))
    return out


@implements("system.tag.browseTags")
def browseTags(parentPath, tagPath=None, tagType=None, dataType=None, udtParentType=None,
               recursive=False, sort="ASC"):
    """``BrowseTag[]`` under ``parentPath``, filtered (8.1 legacy)."""
    node = _folder(parentPath, "browseTags")
    desc = _sort(sort)

    def keep(n):
        bt = None
        if tagPath:
            if not fnmatch.fnmatchcase(n.rel_path().lower(), str(tagPath).lower()):
                return False
        if tagType:
            bt = BrowseTag(n)
            if bt.type.lower() != str(tagType).lower():
                return False
        if dataType:
            if str(getattr(n, "data_type", "")).lower() != str(dataType).lower():
                return False
        if udtParentType:
            owner = n if n.tag_type == "UdtInstance" else getattr(n, "udt_owner", None)
            if owner is None or not _type_match(owner.config.get("typeId"), udtParentType):
                return False
        return True
    return JavaArray(BROWSE_TAG_CLASS, _browse(node, desc, bool(recursive), keep))


@implements("system.tag.browseTagsSimple")
def browseTagsSimple(parentPath, sort):
    """``BrowseTag[]`` of the folder's direct children, sorted (8.1 legacy)."""
    node = _folder(parentPath, "browseTagsSimple")
    return JavaArray(BROWSE_TAG_CLASS, _browse(node, _sort(sort), False, lambda n: True))
