"""``system.tag.browse``: Results and browse nodes (reference section 1.7).

Each result is dict-like with ``fullPath`` (a TagPath; use ``str()``), ``name``,
``tagType``, ``hasChildren``, and for atomic tags ``dataType``, ``valueSource``
and ``value`` (a QualifiedValue); UDT instances carry ``typeId``. Filter keys:
``name`` (``*`` wildcard, case-insensitive), ``dataType``, ``valueSource``,
``tagType``, ``typeId``, ``recursive`` (bool), ``maxResults``, ``quality`` (a level
such as ``Good``/``Bad`` or a full name such as ``Bad_Stale``). Recursive browses
return full paths (the 2021 report of bare names is not reproduced).
May import: stdlib, ``gateway_sim`` core, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import fnmatch

from gateway_sim.backends.tags.paths import TagPath, to_text_path
from gateway_sim.quality import QualityCode

FILTER_KEYS = ("name", "dataType", "valueSource", "tagType", "typeId", "recursive", "maxResults",
               "quality")


class BrowseNode(dict):
    """One browse result (dict-like; ``node['name']`` and ``node.get('fullPath')``)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)


class Results(object):
    """``com.inductiveautomation.ignition.common.browsing.Results``."""

    def __init__(self, results, quality=QualityCode.Good, total=None):
        self._results = results
        self._quality = quality
        self._total = len(results) if total is None else total

    def getResults(self):
        return self._results

    def getReturnedSize(self):
        return len(self._results)

    def getTotalAvailableSize(self):
        return self._total

    def getContinuationPoint(self):
        return None

    def getResultQuality(self):
        return self._quality

    results = property(getResults)
    returnedSize = property(getReturnedSize)
    totalAvailableSize = property(getTotalAvailableSize)
    continuationPoint = property(getContinuationPoint)
    resultQuality = property(getResultQuality)

    def __iter__(self):
        return iter(self._results)

    def __len__(self):
        return len(self._results)

    def __repr__(self):
        return "Results(%d results, %s)" % (len(self._results), self._quality)


def _node_dict(node):
    d = BrowseNode()
    d["fullPath"] = TagPath(node.provider.name, node.segments())
    d["name"] = node.name
    d["tagType"] = node.tag_type
    d["hasChildren"] = bool(node.is_folder and node.children)
    if node.tag_type == "AtomicTag":
        d["dataType"] = node.data_type
        d["valueSource"] = node.value_source
        d["value"] = node.qv
    if node.tag_type == "UdtInstance":
        d["typeId"] = node.config.get("typeId")
    return d


def _matches(node, flt):
    name = flt.get("name")
    if name is not None and not fnmatch.fnmatchcase(node.name.lower(), str(name).lower()):
        return False
    for key, attr in (("dataType", "data_type"), ("valueSource", "value_source")):
        want = flt.get(key)
        if want is not None:
            have = getattr(node, attr, None)
            if have is None or str(have).lower() != str(want).lower():
                return False
    tt = flt.get("tagType")
    if tt is not None and node.tag_type.lower() != str(tt).lower():
        return False
    q = flt.get("quality")
    if q is not None:
        if node.tag_type != "AtomicTag":
            return False
        have = node.qv.quality
        want = str(q).lower()
        # "Good"/"Bad"/... match the level; a full name like "Bad_Stale" matches exactly.
        if want != have.getName().lower() and want != str(have.getLevel()).lower():
            return False
    tid = flt.get("typeId")
    if tid is not None:
        have = node.config.get("typeId") if node.tag_type == "UdtInstance" else None
        if have is None or _type_rel(have) != _type_rel(tid):
            return False
    return True


def _type_rel(type_id):
    t = str(type_id).strip().lower()
    if t.startswith("["):
        t = t[t.find("]") + 1:]
    if t.startswith("_types_/"):
        t = t[len("_types_/"):]
    return t


def browse(backend, path, flt=None):
    flt = dict(flt or {})
    unknown = sorted(k for k in flt if k not in FILTER_KEYS)
    if unknown:
        raise ValueError("unknown browse filter key(s) %s; known: %s"
                         % (", ".join(unknown), ", ".join(FILTER_KEYS)))
    text = to_text_path(path) if path else "[%s]" % backend.default_name
    r = backend.resolve(text)
    node = getattr(r, "node", None)
    if node is None:
        return Results([], r.read().quality)
    if not node.is_folder:
        return Results([], QualityCode.Good)
    recursive = bool(flt.get("recursive", False))
    out = []
    stack = list(node.iter_children())
    while stack:
        n = stack.pop(0)
        if _matches(n, flt):
            out.append(_node_dict(n))
        if recursive and n.is_folder:
            stack[0:0] = n.iter_children()
    total = len(out)
    mx = flt.get("maxResults")
    if mx:
        out = out[:int(mx)]
    return Results(out, QualityCode.Good, total)
