"""``system.tag`` annotations (8.1; deprecated in 8.3 but still there):
``storeAnnotations``, ``queryAnnotations``, ``deleteAnnotations``.

They act on the same in-memory annotation store as 8.3's ``system.historian``
(``gw.tags.history.notes``, ``gateway_sim.backends.tags.history_notes``), so an
annotation stored one way is found the other way. Paths are tag-history query paths
(``[default]Tank/Level`` or ``histprov:...`` paths). ``storeAnnotations`` takes parallel
lists (one item per path; a None item leaves that field out), stores with a known
storage id update it, and answers one QualityCode per path (an unknown storage id is
Bad_NotFound). ``queryAnnotations`` answers ``Annotation`` objects (attributes
``path``, ``type``, ``data``, ``storageId``, ``startTime``, ``endTime``, ``deleted``,
and the matching getters) overlapping ``[startTime, endTime]`` (defaults: 12 hours ago,
now). ``deleteAnnotations`` removes by storage id: one QualityCode per id.
Unverified: the getter names of Annotation (the manual documents the properties);
that a deleted-flagged annotation is left out of queries; the exact QualityCode
diagnostics.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.backends.tags.history import tag_key
from gateway_sim.jvm import Date
from gateway_sim.quality import QualityCode
from gateway_sim.registry import implements
from gateway_sim.system._tag_history import _ms, _paths, parse_path

_HOURS_12 = 12 * 3600 * 1000


class Annotation(object):
    """An annotation of a tag's history, as ``system.tag.queryAnnotations`` returns it."""

    def __init__(self, path, type_, data, storageId, startTime, endTime, deleted=False):
        self.path, self.type, self.data, self.storageId = path, type_, data, storageId
        self.startTime, self.endTime, self.deleted = startTime, endTime, deleted

    def getPath(self):
        return self.path

    def getType(self):
        return self.type

    def getData(self):
        return self.data

    def getStorageId(self):
        return self.storageId

    def getStartTime(self):
        return self.startTime

    def getEndTime(self):
        return self.endTime

    def isDeleted(self):
        return self.deleted

    def __repr__(self):
        return "Annotation(%s, %s, %s, %s)" % (self.path, self.type, self.startTime,
                                               self.storageId)


def _notes():
    return runtime.current().tags.history.notes


def _column(seq, n, what):
    if seq is None:
        return [None] * n
    seq = [seq] if isinstance(seq, string_types) else list(seq)
    if len(seq) != n:
        raise ValueError("system.tag: %s has %d items for %d paths: give one per path (None "
                         "for an item that has no %s)" % (what, len(seq), n, what))
    return seq


@implements("system.tag.storeAnnotations")
def storeAnnotations(paths, startTimes=None, endTimes=None, types=None, data=None,
                     storageIds=None, deleted=None):
    """Store (or update, by storage id) one annotation per path: ``[QualityCode]``."""
    paths = _paths(paths)
    n = len(paths)
    cols = [_column(v, n, w) for v, w in ((startTimes, "startTimes"), (endTimes, "endTimes"),
                                          (types, "types"), (data, "data"),
                                          (storageIds, "storageIds"), (deleted, "deleted"))]
    now = runtime.current().clock.now_ms()
    notes = _notes()
    out = []
    for p, start, end, kind, datum, sid, gone in zip(paths, *cols):
        h, prov, rel = parse_path(p)
        key = tag_key(prov, rel)
        start_ms = now if start is None else _ms(start, "startTimes item")
        end_ms = _ms(end, "endTimes item")
        if end_ms is not None and end_ms < start_ms:
            raise ValueError("system.tag.storeAnnotations: the end time of %s (%s) is before "
                             "its start time (%s): swap them" % (p, Date(end_ms),
                                                                 Date(start_ms)))
        if sid is not None:
            with notes.lock:
                known = notes._notes.get(str(sid))
                known = known is not None and known["_key"][1] == key
            if not known:
                out.append(QualityCode.Bad_NotFound.derive(
                    "no annotation with storage id %s for %s" % (sid, p)))
                continue
        notes.store_annotation(h, key, p, start_ms, end_ms, kind, datum,
                               None if sid is None else str(sid), bool(gone))
        out.append(QualityCode.Good)
    return out


@implements("system.tag.queryAnnotations")
def queryAnnotations(paths, startTime=None, endTime=None, types=None):
    """Annotations of ``paths`` overlapping ``[startTime, endTime]`` (default: the last
    12 hours), optionally only those of ``types``."""
    paths = _paths(paths)
    now = runtime.current().clock.now_ms()
    end = now if endTime is None else _ms(endTime, "endTime")
    start = end - _HOURS_12 if startTime is None else _ms(startTime, "startTime")
    if end < start:
        raise ValueError("system.tag.queryAnnotations: endTime (%s) is before startTime (%s): "
                         "swap them" % (Date(end), Date(start)))
    wanted = None
    if types is not None:
        wanted = set([types] if isinstance(types, string_types) else list(types))
    notes = _notes()
    out = []
    for p in paths:
        h, prov, rel = parse_path(p)
        for a in notes.annotations(h, tag_key(prov, rel), start, end, wanted):
            out.append(Annotation(a["path"], a["type"], a["data"], a["storageId"],
                                  Date(a["startTime"]),
                                  None if a["endTime"] is None else Date(a["endTime"]),
                                  a["deleted"]))
    return out


@implements("system.tag.deleteAnnotations")
def deleteAnnotations(paths, storageIds):
    """Delete annotations by storage id (one per path): ``[QualityCode]``."""
    paths = _paths(paths)
    ids = _column(storageIds, len(paths), "storageIds")
    notes = _notes()
    out = []
    for p, sid in zip(paths, ids):
        h, prov, rel = parse_path(p)
        if sid is not None and notes.delete_annotation(tag_key(prov, rel), str(sid)):
            out.append(QualityCode.Good)
        else:
            out.append(QualityCode.Bad_NotFound.derive(
                "no annotation with storage id %s for %s" % (sid, p)))
    return out
