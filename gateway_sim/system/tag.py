# -*- coding: utf-8 -*-
"""``system.tag``: Ignition's tag functions (API surface; state in ``gw.tags``).

Names, argument order, defaults and return types follow Ignition 8.1/8.3
(reference section 1). Behaviour choices where Ignition is not documented:

* A missing tag never raises: ``value=None``, ``Bad_NotFound("Path '[p]A/B' not found.")``.
* An unknown provider gives ``Bad_NotFound`` for reads **and writes** (a third-party
  note says real writes throw; the simulator keeps "one bad path never stops the
  others" and returns the code, with the configured providers in the message).
* A malformed path gives ``Error_InvalidPathSyntax``, never an exception.
* Writing an expression tag or a db (query) tag gives ``Bad_ReadOnly``; a tag with
  ``readOnly: true`` gives ``Bad_ReadOnly``; an unconvertible value gives
  ``Error_TypeConversion``; a disabled tag gives ``Bad_Disabled``.
* ``configure`` with policy ``a`` on an existing tag raises ``IllegalArgumentException``.

May import: ``gateway_sim`` core (runtime, quality, registry, jvm, backends.tags).
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.backends.tags.context import carry_context
from gateway_sim.quality import QualifiedValue, QualityCode  # noqa: F401 (re-exported for scripts)
from gateway_sim.registry import declare_missing, implements

DEFAULT_TIMEOUT_MILLIS = 45000


def _tags():
    return runtime.current().tags


def _as_list(paths, what="tagPaths"):
    if isinstance(paths, string_types):
        return [paths], True
    if paths is None:
        raise TypeError("%s must be a tag path or a list of tag paths, got None" % what)
    if isinstance(paths, (list, tuple)):
        out, single = list(paths), False
    elif _is_path_like(paths) or isinstance(paths, (dict, set, frozenset)):
        out, single = [paths], True
    else:
        try:
            out, single = list(paths), False  # a Java List / PySequence of paths
        except TypeError:
            out, single = [paths], True
    for i, p in enumerate(out):
        if not isinstance(p, string_types):
            # Not a path: reads as Error_InvalidPathSyntax like any malformed path (an
            # unhashable item must not reach the path cache).
            out[i] = str(p) if _is_path_like(p) else _NotAPath(p)
    return out, single


class _NotAPath(object):
    """A list item that is no tag path (a number, a dict...): resolves as invalid syntax."""
    __slots__ = ("item",)

    def __init__(self, item):
        self.item = item

    def __repr__(self):
        return repr(self.item)

    __str__ = __repr__


def _is_path_like(p):
    """A tag path: a string, or an object standing for one (a TagPath has toStringFull)."""
    return isinstance(p, string_types) or hasattr(p, "toStringFull")


def _check_timeout(timeout):
    if timeout is None:
        return
    try:
        int(timeout)
    except (TypeError, ValueError):
        raise TypeError("timeout must be milliseconds (an int), got %r" % (timeout,))


@implements("system.tag.readBlocking")
def readBlocking(tagPaths, timeout=DEFAULT_TIMEOUT_MILLIS):
    """Read tags; returns a list of QualifiedValue in the order of ``tagPaths``."""
    _check_timeout(timeout)
    paths, _ = _as_list(tagPaths)
    return _tags().read(paths)


@implements("system.tag.readAsync")
def readAsync(tagPaths, callback):
    """Read tags on another thread; ``callback(listOfQualifiedValues)`` gets the result."""
    paths, _ = _as_list(tagPaths)
    backend = _tags()

    def run():
        callback(backend.read(paths))
    _start(carry_context(run), "tag-readAsync")


def _write_values(paths, single, values, func):
    """The values of a write, one per path. One path takes a bare value too, whether it
    came alone or in a list (``writeBlocking(["[.]Cycles"], n)``, as in Inductive
    Automation's own Exchange demos)."""
    if single and not (isinstance(values, (list, tuple)) and len(values) == 1):
        return [values]
    if isinstance(values, (list, tuple)):
        return list(values)
    if isinstance(values, string_types) or not hasattr(values, "__iter__"):
        if len(paths) == 1:
            return [values]
        raise TypeError("%s: %d tag paths but one value %r: pass a list with one value per "
                        "path" % (func, len(paths), values))
    return list(values)  # a Java List / PySequence of values


@implements("system.tag.writeBlocking")
def writeBlocking(tagPaths, values, timeout=DEFAULT_TIMEOUT_MILLIS):
    """Write tags; returns a list of QualityCode, one per path."""
    _check_timeout(timeout)
    paths, single = _as_list(tagPaths)
    return _tags().write(paths, _write_values(paths, single, values,
                                              "system.tag.writeBlocking"))


@implements("system.tag.writeAsync")
def writeAsync(tagPaths, values, callback=None):
    """Write tags on another thread; ``callback(listOfQualityCodes)`` if given."""
    paths, single = _as_list(tagPaths)
    values = _write_values(paths, single, values, "system.tag.writeAsync")
    backend = _tags()

    def run():
        res = backend.write(paths, values)
        if callback is not None:
            callback(res)
    _start(carry_context(run), "tag-writeAsync")


def _start(fn, name):
    t = threading.Thread(target=fn, name=name)
    t.daemon = True
    t.start()


@implements("system.tag.exists")
def exists(tagPath):
    """True if the tag (or folder) exists: a read of its ``.Name`` (as Ignition does)."""
    if not isinstance(tagPath, string_types):
        tagPath = "%s" % (tagPath,)
    path = tagPath.strip()
    if "." not in path.rsplit("/", 1)[-1].split("]", 1)[-1]:
        path = path + ".Name"
    return _tags().read([path])[0].quality.isGood()


# The configuration/browse functions live in ``gateway_sim.backends.tags.ops``.
@implements("system.tag.browse")
def browse(path, filter=None):
    """Browse a folder; returns Results (``getResults()``, ``getReturnedSize()``...).

    ``browse("")`` lists the tag providers (``fullPath`` ``[name]``, tagType ``Provider``),
    as an 8.1 script console shows (IgnitionNode-RED issue 40; a real project finds its
    provider this way). Filter keys other than ``name`` are ignored there (unverified)."""
    from gateway_sim.backends.tags import browse as b
    if path == "":
        return _browse_providers(b, filter)
    return b.browse(_tags(), path, filter)


def _browse_providers(b, filter):
    import fnmatch
    from gateway_sim.backends.tags.paths import TagPath
    want = (filter or {}).get("name")
    nodes = []
    for name in _tags().provider_names():
        if want is not None and not fnmatch.fnmatchcase(name.lower(), str(want).lower()):
            continue
        node = b.BrowseNode()
        node["fullPath"] = TagPath(name, [])
        node["name"] = name
        node["tagType"] = "Provider"
        node["hasChildren"] = True
        nodes.append(node)
    return b.Results(nodes)


@implements("system.tag.configure")
def configure(basePath, tags, collisionPolicy="o"):
    """Create/edit tags under folder ``basePath``; returns a list of QualityCode."""
    from gateway_sim.backends.tags import ops
    return ops.configure(_tags(), basePath, tags, collisionPolicy)


@implements("system.tag.getConfiguration")
def getConfiguration(basePath, recursive=False, overridesOnly=False):
    """Config dicts of the node at ``basePath`` (children under ``tags``)."""
    from gateway_sim.backends.tags import ops
    return ops.get_configuration(_tags(), basePath, recursive)


@implements("system.tag.deleteTags")
def deleteTags(tagPaths):
    from gateway_sim.backends.tags import ops
    return ops.delete_tags(_tags(), _as_list(tagPaths)[0])


@implements("system.tag.exportTags")
def exportTags(filePath=None, tagPaths=None, recursive=True, exportType="json"):
    """Export as Ignition JSON; returns the text when ``filePath`` is None."""
    from gateway_sim.backends.tags import ops
    return ops.export_tags(_tags(), filePath, tagPaths, recursive, exportType)


@implements("system.tag.importTags")
def importTags(filePath, basePath, collisionPolicy="o"):
    from gateway_sim.backends.tags import ops
    return ops.import_tags(_tags(), filePath, basePath, collisionPolicy)


@implements("system.tag.copy")
def copy(tags, destination, collisionPolicy="o"):
    from gateway_sim.backends.tags import ops
    return ops.copy_tags(_tags(), _as_list(tags)[0], destination, collisionPolicy, move=False)


@implements("system.tag.move")
def move(tags, destination, collisionPolicy="o"):
    from gateway_sim.backends.tags import ops
    return ops.copy_tags(_tags(), _as_list(tags)[0], destination, collisionPolicy, move=True)


@implements("system.tag.rename")
def rename(tag, newName, collisionPolicy="a"):
    from gateway_sim.backends.tags import ops
    return ops.rename(_tags(), tag, newName, collisionPolicy)


@implements("system.tag.query")
def query(provider=None, query=None, limit=None, continuation=None):
    """Query a tag provider like the Tag Report Tool (8.1.19+, 8.3): a Results of rows
    with ``fullPath`` and the ``returnProperties``; see ``backends.tags.report``."""
    from gateway_sim.backends.tags import report
    return report.run(_tags(), provider, query, limit, continuation)


# 7.x-style calls an 8.1 gateway still runs (absent on 8.3): see _tag_legacy.
from gateway_sim.system._tag_legacy import (  # noqa: E402,F401
    browseTags, browseTagsSimple, read, readAll, write, writeAll, writeAllSynchronous,
    writeSynchronous)

# Tag history (the gateway's in-memory historian): see _tag_history.
from gateway_sim.system._tag_history import (  # noqa: E402,F401
    browseHistoricalTags, queryTagCalculations, queryTagHistory, storeTagHistory)

# 8.1 annotations (same store as system.historian's): see _tag_annotations.
from gateway_sim.system._tag_annotations import (  # noqa: E402,F401
    deleteAnnotations, queryAnnotations, storeAnnotations)

declare_missing(globals(), "system.tag", [
    "queryTagHistory", "queryTagCalculations", "queryTagDensity", "storeTagHistory",
    "queryAnnotations", "storeAnnotations", "deleteAnnotations", "requestGroupExecution",
    "getAttribute", "isOverlaysEnabled", "setOverlaysEnabled",
    "addTag", "editTag", "removeTag", "getTagPath",
])
