"""``system.historian`` (Ignition 8.3 only; absent on 8.1): the 8.3 historian API on the
simulator's in-memory tag history (``gw.tags.history``, shared with 8.1-style
``system.tag.queryTagHistory``; the aggregation code is ``_tag_history``'s).

Paths: historical paths ``histprov:NAME:/sys:GW:/prov:PROVIDER:/tag:Folder/Tag`` (the
``sys`` part is ignored; ``/drv:GW:PROVIDER`` as in 8.1 also works) or plain tag paths
``[provider]Folder/Tag`` (queries: the first history provider holding the tag; stores:
the gateway's default history provider, ``Historian``).

* ``queryRawPoints``: the stored points in ``[startTime, endTime]``. ``returnFormat``
  (case-insensitive) ``Wide``: one column per path (its ``columnNames`` alias, else the
  path as given) then ``timestamp``, one row per distinct timestamp of any path, each
  cell the value in effect then; ``Tall``: ``path, value, quality, timestamp`` (quality
  as its int code), one row per point. ``returnSize`` > 0 caps the rows (the earliest
  first); -1 and 0 return them all. ``includeBounds`` adds the point before and after.
* ``queryAggregatedPoints``: ``aggregates`` (one name per path, or one for all; default
  Average; the names of ``_tag_history.AGGREGATES``) over ``returnSize`` equal windows
  of ``[startTime, endTime)`` (default 1: one row over the whole range); Wide/Tall as
  above, a row per window start; ``Calculation``: ``path, aggregate, value`` over the
  whole range.
* ``storeDataPoints(paths, values, [timestamps], [qualities])`` or
  ``storeDataPoints([types.dataPoint(...)])``: a list of QualityCode (Good per point).
* ``storeMetadata(paths, timestamps, properties)`` (properties: one dict for every path,
  or a list of dicts) or ``storeMetadata([types.metadataPoint(...)])``;
  ``queryMetadata(paths, [startDate], [endDate])``: Results of MetadataPoints.
* ``storeAnnotations(paths, startTimes, [endTimes], [types], [data], [storageIds],
  [deleted])`` or ``storeAnnotations([types.annotationPoint(...)])``: QualityCodes (a
  storage id the historian does not know is Bad_NotFound); ``queryAnnotations``:
  Results of AnnotationPoints (``getStorageId()``); ``deleteAnnotations(paths,
  storageIds)``: QualityCodes.
* ``browse(rootPath, ...)``: ``""`` lists the history providers (``histprov:NAME``),
  ``histprov:NAME`` its tag providers (``histprov:NAME:/prov:P``), below that folders and
  tags (``.../tag:Folder``); ``recursive=True`` lists every descendant; ``nameFilters``,
  ``maxSize``. Each result has ``getPath()``, ``getType()``, ``hasChildren()``.
* ``updateRegisteredNodePath(previousPath, currentPath)``: moves a node's points,
  metadata and annotations; ``currentPath`` None retires it (drops its points).

Ranges: ``endTime`` defaults to now (gateway clock), ``startTime`` to 8 hours before
``endTime`` (as ``system.tag.queryTagHistory``).

Unverified (no 8.3 gateway at hand): the Wide column order (the 8.3 manual lists
``[path1_val, path2_val, ..., timestamp]``; the timestamp column name ``timestamp`` is
ours), the Calculation layout, the Tall path column (the path as passed), the default
range, raw ``returnSize`` as a cap; ``fillModes`` (earlier 8.3 manual) is checked but
not applied (values hold until the next point, as in queryTagHistory), nor is
``excludeObservations`` (the simulator stores no periodic observations) nor
``extendedProperties``; the browse node types (``historian``, ``provider``, ``folder``,
``tag``) and the shapes of the metadata/annotation Results. ``includeBounds``,
``excludeObservations`` and ``fillModes`` are accepted by keyword as the earlier 8.3
manual documents (the 8.3.10 stubs lack them: see the surface test's DEVIATIONS).
May import: ``gateway_sim`` core (runtime, quality, registry, jvm, dataset, backends.tags,
system._tag_history).
"""
from __future__ import absolute_import, division, print_function

import fnmatch

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.backends.tags.browse import Results
from gateway_sim.backends.tags.history import tag_key
from gateway_sim.dataset import BasicDataset
from gateway_sim.jvm import Date
from gateway_sim.quality import QualityCode
from gateway_sim.registry import implements
from gateway_sim.system._tag_history import (
    _aggregate, _ms, _paths, _range, _tall, _window, parse_path, raw_picks, tall_window_rows,
    wide_raw_rows, window_rows)
from gateway_sim.system.historian.types import AnnotationPoint, DataPoint, MetadataPoint

FORMATS = ("Wide", "Tall", "Calculation")


def _history():
    return runtime.current().tags.history


def _format(returnFormat, allowed=FORMATS):
    fmt = str(returnFormat).lower() if isinstance(returnFormat, string_types) else None
    for f in allowed:
        if f.lower() == fmt:
            return f
    raise ValueError("returnFormat must be one of %s (any case), got %r"
                     % (", ".join(allowed), returnFormat))


def _per_path(seq, n, what, item_check=None):
    if seq is None:
        return None
    seq = [seq] if isinstance(seq, string_types) else list(seq)
    if len(seq) != n:
        raise ValueError("%s has %d items for %d paths: give one per path" % (what, len(seq), n))
    if item_check:
        for x in seq:
            item_check(x)
    return seq


def _flag(v, what):
    if not isinstance(v, (bool, int)) and v is not None:
        raise TypeError("%s must be True or False, got %r" % (what, v))
    return bool(v)


def _size(returnSize):
    if isinstance(returnSize, bool) or not isinstance(returnSize, int) or returnSize < -1:
        raise ValueError("returnSize must be -1 (on change), 0 (natural) or a row count > 0, "
                         "got %r" % (returnSize,))
    return returnSize


def _series(paths):
    out = []
    hist = _history()
    for p in paths:
        h, prov, rel = parse_path(p)
        pts, _ = hist.find(tag_key(prov, rel), h)
        out.append(pts or [])
    return out


def _wide(names, rows):
    types = None if rows else ["java.lang.Object"] * len(names) + ["java.util.Date"]
    return BasicDataset(list(names) + ["timestamp"], [list(v) + [Date(t)] for t, v in rows],
                        types)


# --- queries -------------------------------------------------------------------------
@implements("system.historian.queryRawPoints")
def queryRawPoints(paths, startTime=None, endTime=None, columnNames=None, returnFormat="Wide",
                   returnSize=-1, includeBounds=False, excludeObservations=False):
    """Raw history as a Dataset (see the module docstring)."""
    paths = _paths(paths)
    start, end = _range(startTime, endTime, None, None, None)
    fmt = _format(returnFormat)
    if fmt == "Calculation":
        raise ValueError("returnFormat 'Calculation' gives one value per aggregate: use "
                         "system.historian.queryAggregatedPoints, or 'Wide'/'Tall' here")
    names = _per_path(columnNames, len(paths), "columnNames") or list(paths)
    size = _size(returnSize)
    _flag(excludeObservations, "excludeObservations")
    series = _series(paths)
    picked = raw_picks(series, start, end, _flag(includeBounds, "includeBounds"))
    if fmt == "Tall":
        rows = []
        for p, sel in zip(paths, picked):
            rows.extend([p, v, q.getCode(), Date(t)] for t, v, q in sel)
        rows.sort(key=lambda r: r[3].getTime())
        return _tall(rows[:size] if size > 0 else rows)
    rows = wide_raw_rows(series, picked)
    return _wide(names, rows[:size] if size > 0 else rows)


@implements("system.historian.queryAggregatedPoints")
def queryAggregatedPoints(paths, startTime=None, endTime=None, aggregates=None,
                          columnNames=None, returnFormat="Wide", returnSize=1,
                          extendedProperties=None, fillModes=None, includeBounds=False,
                          excludeObservations=False):
    """Aggregated history as a Dataset (see the module docstring)."""
    paths = _paths(paths)
    n = len(paths)
    start, end = _range(startTime, endTime, None, None, None)
    fmt = _format(returnFormat)
    if aggregates is None:
        aggs = ["Average"] * n
    else:
        raw = [aggregates] if isinstance(aggregates, string_types) else list(aggregates)
        if len(raw) == 1:
            raw = raw * n
        aggs = [_aggregate(a, "aggregates item") for a in _per_path(raw, n, "aggregates")]
    names = _per_path(columnNames, n, "columnNames") or list(paths)

    def fill_check(m):
        if not isinstance(m, string_types):
            raise TypeError("fillModes items must be fill mode names (strings), got %r" % (m,))
    if fillModes is not None:
        fills = [fillModes] if isinstance(fillModes, string_types) else list(fillModes)
        _per_path(fills * n if len(fills) == 1 else fills, n, "fillModes", fill_check)
    if extendedProperties is not None and not isinstance(extendedProperties, dict):
        raise TypeError("extendedProperties must be a dictionary, got %r" % (extendedProperties,))
    _flag(includeBounds, "includeBounds")
    _flag(excludeObservations, "excludeObservations")
    size = _size(returnSize)
    series = _series(paths)
    if fmt == "Calculation":
        if "MinMax" in aggs:
            raise ValueError("aggregate 'MinMax' gives two values: with returnFormat "
                             "'Calculation' ask for 'Minimum' and 'Maximum' instead")
        b = max(end, start + 1)
        rows = [[name, agg, _window(pts, start, b, agg, False)]
                for name, agg, pts in zip(names, aggs, series)]
        return BasicDataset(["path", "aggregate", "value"], rows)
    count = size if size > 0 else 1
    rows = window_rows(series, aggs, start, end, count, (end - start) / float(count), False)
    if fmt == "Tall":
        return _tall(tall_window_rows(paths, rows))
    return _wide(names, rows)


# --- storing -------------------------------------------------------------------------
def _bind(fname, params, args, kwargs):
    if len(args) > len(params):
        raise TypeError("%s takes at most %d arguments (%s), got %d"
                        % (fname, len(params), ", ".join(params), len(args)))
    out = dict(zip(params, args))
    for k, v in kwargs.items():
        if k not in params:
            raise TypeError("%s got an unexpected keyword argument %r: it takes %s"
                            % (fname, k, ", ".join(params)))
        if k in out:
            raise TypeError("%s got multiple values for %r" % (fname, k))
        out[k] = v
    return out


def _objects(args, kwargs, cls, kw):
    """The list of ``cls`` objects of the object form (``f([obj, ...])``), else None."""
    if kw in kwargs and not args and len(kwargs) == 1:
        items = kwargs[kw]
    elif len(args) == 1 and not kwargs:
        items = args[0]
    else:
        return None
    if isinstance(items, cls):
        items = [items]
    if isinstance(items, string_types) or not hasattr(items, "__iter__"):
        return None
    items = list(items)
    if items and all(isinstance(i, cls) for i in items):
        return items
    if any(isinstance(i, cls) for i in items):
        raise TypeError("%s must hold only system.historian.types objects, got %r" % (kw, items))
    return None


def _target(path):
    """``(history provider, tag provider, rel path)`` to store into."""
    h, prov, rel = parse_path(path)
    return h or _history().default_provider, prov, rel


@implements("system.historian.storeDataPoints")
def storeDataPoints(*args, **kwargs):
    """Store points: ``(paths, values, [timestamps], [qualities])`` or ``(datapoints)``."""
    from gateway_sim.system.historian import types as t
    points = _objects(args, kwargs, DataPoint, "datapoints")
    if points is None:
        a = _bind("storeDataPoints", ("paths", "values", "timestamps", "qualities"), args, kwargs)
        if "paths" not in a or "values" not in a:
            raise TypeError("storeDataPoints needs (paths, values, [timestamps], [qualities]) "
                            "or a list of system.historian.types.dataPoint objects")
        paths = _paths(a["paths"])
        n = len(paths)
        values = _per_path(a["values"] if isinstance(a["values"], (list, tuple))
                           else [a["values"]], n, "values")
        times = _per_path(a.get("timestamps"), n, "timestamps") or [None] * n
        quals = _per_path(a.get("qualities"), n, "qualities") or [None] * n
        points = [t.dataPoint(p, v, ts, q) for p, v, ts, q in zip(paths, values, times, quals)]
    hist = _history()
    out = []
    for pt in points:
        h, prov, rel = _target(pt.getSource())
        hist.store(h, prov, [(rel, pt.getTimestamp().getTime(), pt.getValue(), pt.getQuality())])
        out.append(QualityCode.Good)
    return out


@implements("system.historian.storeMetadata")
def storeMetadata(*args, **kwargs):
    """Store metadata: ``(paths, timestamps, properties)`` or ``(metadata)``."""
    from gateway_sim.system.historian import types as t
    points = _objects(args, kwargs, MetadataPoint, "metadata")
    if points is None:
        a = _bind("storeMetadata", ("paths", "timestamps", "properties"), args, kwargs)
        if len(a) != 3:
            raise TypeError("storeMetadata needs (paths, timestamps, properties) or a list of "
                            "system.historian.types.metadataPoint objects")
        paths = _paths(a["paths"])
        n = len(paths)
        times = _per_path(a["timestamps"], n, "timestamps")
        props = a["properties"]
        props = [props] * n if isinstance(props, dict) else _per_path(props, n, "properties")
        points = [t.metadataPoint(p, pr, ts) for p, ts, pr in zip(paths, times, props)]
    notes = _history().notes
    out = []
    for pt in points:
        h, prov, rel = _target(pt.getSource())
        notes.store_metadata(h, tag_key(prov, rel), pt.getTimestamp().getTime(),
                             pt.getProperties())
        out.append(QualityCode.Good)
    return out


@implements("system.historian.queryMetadata")
def queryMetadata(paths, startDate=None, endDate=None):
    """Results of MetadataPoints of ``paths`` (in path order, then time order)."""
    paths = _paths(paths)
    if endDate is not None and startDate is None:
        raise ValueError("queryMetadata got an endDate without a startDate: give both, or "
                         "neither for all metadata")
    start, end = _ms(startDate, "startDate"), _ms(endDate, "endDate")
    notes = _history().notes
    out = []
    for p in paths:
        h, prov, rel = parse_path(p)
        for ms, props in notes.metadata(h, tag_key(prov, rel), start, end):
            out.append(MetadataPoint(p, props, Date(ms)))
    return Results(out)


@implements("system.historian.storeAnnotations")
def storeAnnotations(*args, **kwargs):
    """Store annotations: ``(paths, startTimes, [endTimes], [types], [data], [storageIds],
    [deleted])`` or ``(annotations)``."""
    from gateway_sim.system.historian import types as t
    points = _objects(args, kwargs, AnnotationPoint, "annotations")
    deleted = None
    if points is None:
        a = _bind("storeAnnotations", ("paths", "startTimes", "endTimes", "types", "data",
                                       "storageIds", "deleted"), args, kwargs)
        if "paths" not in a or "startTimes" not in a:
            raise TypeError("storeAnnotations needs (paths, startTimes, [endTimes], [types], "
                            "[data], [storageIds], [deleted]) or a list of "
                            "system.historian.types.annotationPoint objects")
        paths = _paths(a["paths"])
        n = len(paths)
        cols = [_per_path(a.get(k), n, k) or [None] * n
                for k in ("startTimes", "endTimes", "types", "data", "storageIds")]
        deleted = _per_path(a.get("deleted"), n, "deleted")
        points = [t.annotationPoint(p, s, e, ty, d, i) for p, s, e, ty, d, i in zip(paths, *cols)]
    notes = _history().notes
    out = []
    for i, pt in enumerate(points):
        h, prov, rel = parse_path(pt.getSource())
        key = tag_key(prov, rel)
        sid = pt.getStorageId()
        gone = bool(deleted[i]) if deleted else pt.isDeleted()
        if sid is not None and not _known(notes, key, sid):
            out.append(QualityCode.Bad_NotFound.derive(
                "no annotation with storage id %s for %s" % (sid, pt.getSource())))
            continue
        end = pt.getEndTime()
        notes.store_annotation(h, key, pt.getSource(), pt.getStartTime().getTime(),
                               end.getTime() if end is not None else None, pt.getType(),
                               pt.getData(), sid, gone)
        out.append(QualityCode.Good)
    return out


def _known(notes, key, sid):
    with notes.lock:
        a = notes._notes.get(sid)
        return a is not None and a["_key"][1] == key


@implements("system.historian.queryAnnotations")
def queryAnnotations(paths, startDate=None, endDate=None, allowedTypes=None):
    """Results of AnnotationPoints of ``paths`` overlapping the range (not deleted)."""
    paths = _paths(paths)
    start, end = _ms(startDate, "startDate"), _ms(endDate, "endDate")
    if start is not None and end is not None and end < start:
        raise ValueError("endDate (%s) is before startDate (%s): swap them"
                         % (Date(end), Date(start)))
    types = None
    if allowedTypes is not None:
        types = set([allowedTypes] if isinstance(allowedTypes, string_types)
                    else list(allowedTypes))
    notes = _history().notes
    out = []
    for p in paths:
        h, prov, rel = parse_path(p)
        for a in notes.annotations(h, tag_key(prov, rel), start, end, types):
            out.append(AnnotationPoint(a["path"], Date(a["startTime"]),
                                       Date(a["endTime"]) if a["endTime"] is not None else None,
                                       a["type"], a["data"], a["storageId"]))
    return Results(out)


@implements("system.historian.deleteAnnotations")
def deleteAnnotations(paths, storageIds):
    """Delete annotations by storage id: one QualityCode per id."""
    paths = _paths(paths)
    ids = _per_path(storageIds, len(paths), "storageIds")
    notes = _history().notes
    out = []
    for p, sid in zip(paths, ids):
        h, prov, rel = parse_path(p)
        if notes.delete_annotation(tag_key(prov, rel), str(sid)):
            out.append(QualityCode.Good)
        else:
            out.append(QualityCode.Bad_NotFound.derive(
                "no annotation with storage id %s for %s" % (sid, p)))
    return out


@implements("system.historian.updateRegisteredNodePath")
def updateRegisteredNodePath(previousPath, currentPath):
    """Move (or, ``currentPath`` None, retire) a historical node: ``[QualityCode]``."""
    if not isinstance(previousPath, string_types) or not previousPath.strip():
        raise TypeError("previousPath must be a historical path string, got %r" % (previousPath,))
    h, prov, rel = parse_path(previousPath)
    new_key = new_path = None
    if currentPath is not None:
        if not isinstance(currentPath, string_types) or not currentPath.strip():
            raise TypeError("currentPath must be a historical path string (or None to retire "
                            "the node), got %r" % (currentPath,))
        h2, prov2, rel2 = parse_path(currentPath)
        if h and h2 and h.lower() != h2.lower():
            raise ValueError("currentPath names history provider %r, previousPath %r: a node "
                             "cannot move between historians" % (h2, h))
        new_key, new_path = tag_key(prov2, rel2), "[%s]%s" % (prov2, rel2)
    moved = _history().rename(h, tag_key(prov, rel), new_key, new_path)
    if not moved:
        return [QualityCode.Bad_NotFound.derive("no stored history for %s" % previousPath)]
    return [QualityCode.Good]


# --- browse ----------------------------------------------------------------------------
class BrowseResult(object):
    """One node of ``system.historian.browse``."""
    __slots__ = ("_name", "_path", "_type", "_children")

    def __init__(self, name, path, kind, children):
        self._name, self._path, self._type, self._children = name, path, kind, children

    def getName(self):
        return self._name

    def getPath(self):
        return self._path

    def getType(self):
        return self._type

    def hasChildren(self):
        return self._children

    def __repr__(self):
        return "BrowseResult{path=%s, type=%s, hasChildren=%s}" % (
            self._path, self._type, self._children)


_BROWSE = ("snapshotTime", "nameFilters", "maxSize", "recursive", "continuationPoint",
           "includeMetadata")


@implements("system.historian.browse")
def browse(rootPath, *args, **kwargs):
    """Browse the historians (see the module docstring); a Results object."""
    params = _BROWSE
    if args and (isinstance(args[0], (list, tuple)) or isinstance(args[0], string_types)):
        params = _BROWSE[1:]        # the newer manual's order (no snapshotTime)
    a = _bind("browse", params, args, kwargs)
    if not isinstance(rootPath, string_types):
        raise TypeError("rootPath must be '' or a historical path like 'histprov:NAME', got %r"
                        % (rootPath,))
    recursive = _flag(a.get("recursive"), "recursive")
    hist = _history()
    text = rootPath.strip()
    nodes = []
    if not text:
        nodes = [BrowseResult(n, "histprov:%s" % n, "historian", True)
                 for n in hist.provider_names()]
        if recursive:
            for n in hist.provider_names():
                nodes.extend(_below(hist, n, None, "", True))
    else:
        if not text.lower().startswith("histprov:"):
            raise ValueError("rootPath must be '' or start with 'histprov:NAME', got %r"
                             % (rootPath,))
        parts = dict((k.lower(), r) for k, _, r in (p.partition(":") for p in text.split(":/")))
        name = parts.get("histprov", "")
        if hist.tags_of(name) is None:
            raise ValueError("no history provider %r: known ones are %s"
                             % (name, ", ".join(hist.provider_names()) or "(none yet)"))
        prov = parts.get("prov") or (parts["drv"].split(":")[-1] if "drv" in parts else None)
        nodes = _below(hist, name, prov, parts.get("tag", "").strip("/"), recursive)
    filters = a.get("nameFilters")
    if filters:
        pats = [filters] if isinstance(filters, string_types) else list(filters)
        nodes = [n for n in nodes
                 if any(fnmatch.fnmatchcase(n.getName().lower(), str(f).lower()) for f in pats)]
    total = len(nodes)
    size = a.get("maxSize")
    if size is not None:
        if isinstance(size, bool) or not isinstance(size, int):
            raise TypeError("maxSize must be an integer, got %r" % (size,))
        if size >= 0:
            nodes = nodes[:size]
    return Results(nodes, total=total)


def _below(hist, name, prov, folder, recursive):
    """Nodes under ``histprov:name`` (``prov`` None: its tag providers)."""
    tags = [tp[1:].partition("]") for tp in hist.tags_of(name)]
    base = "histprov:%s" % name
    if prov is None:
        provs = sorted(set(t[0] for t in tags), key=lambda p: p.lower())
        out = []
        for p in provs:
            out.append(BrowseResult(p, "%s:/prov:%s" % (base, p), "provider", True))
            if recursive:
                out.extend(_below(hist, name, p, "", True))
        return out
    seen, out = set(), []
    prefix = folder.lower() + "/" if folder else ""
    for tprov, _, rel in tags:
        if tprov.lower() != prov.lower() or not rel.lower().startswith(prefix):
            continue
        rest = rel[len(prefix):].split("/")
        depth = len(rest) if recursive else 1
        for i in range(depth):
            sub = "/".join(rel.split("/")[:len(prefix.split("/")) - 1 + i + 1]) if prefix \
                else "/".join(rest[:i + 1])
            if sub.lower() in seen:
                continue
            seen.add(sub.lower())
            leaf = i == len(rest) - 1
            out.append(BrowseResult(rest[i], "%s:/prov:%s:/tag:%s" % (base, tprov, sub),
                                    "tag" if leaf else "folder", not leaf))
    return out


__all__ = ["browse", "deleteAnnotations", "queryAggregatedPoints", "queryAnnotations",
           "queryMetadata", "queryRawPoints", "storeAnnotations", "storeDataPoints",
           "storeMetadata", "updateRegisteredNodePath"]
