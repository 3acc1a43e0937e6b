"""``gw.tags.history.notes``: the metadata and annotations of the in-memory historian.

Kept beside the data points of ``gateway_sim.backends.tags.history`` and keyed the same
way (history provider, ``tag_key``). Metadata: ``(epoch ms, {property: value})`` per
node, in time order. Annotations: dicts with ``storageId`` (a UUID string), ``path``,
``startTime``/``endTime`` (ms or None), ``type``, ``data`` and ``deleted``; storing one
with a known ``storageId`` updates it. Thread-safe (one lock). May import: stdlib.
"""
from __future__ import absolute_import, division, print_function

import bisect
import threading
import uuid


class HistoryNotes(object):
    """Metadata and annotations of every history provider of one gateway."""

    def __init__(self):
        self.lock = threading.Lock()
        self._meta = {}        # (provider lower, tag key) -> [(ms, props)] sorted
        self._notes = {}       # storageId -> annotation dict (with "_key")

    # --- metadata ----------------------------------------------------------------
    def store_metadata(self, provider, key, ms, props):
        with self.lock:
            seq = self._meta.setdefault((provider.lower(), key), [])
            i = bisect.bisect_right([m for m, _ in seq], ms)
            seq.insert(i, (ms, dict(props)))

    def metadata(self, provider, key, start, end):
        """``[(ms, props)]`` of a node in ``[start, end]`` (None: unbounded); provider
        None: the first provider (by name) holding it."""
        with self.lock:
            seq = self._pick(self._meta, provider, key)
            return [(m, dict(p)) for m, p in seq
                    if (start is None or m >= start) and (end is None or m <= end)]

    # --- annotations -------------------------------------------------------------
    def store_annotation(self, provider, key, path, start, end, kind, data, storage_id,
                         deleted):
        """Add (or, for a known ``storage_id``, update) one annotation; its storage id."""
        with self.lock:
            sid = storage_id or str(uuid.uuid4())
            self._notes[sid] = {"storageId": sid, "path": path, "startTime": start,
                                "endTime": end, "type": kind, "data": data,
                                "deleted": bool(deleted),
                                "_key": (provider.lower() if provider else None, key)}
            return sid

    def annotations(self, provider, key, start, end, types):
        with self.lock:
            out = []
            for a in self._notes.values():
                p, k = a["_key"]
                if k != key or (provider and p and p != provider.lower()) or a["deleted"]:
                    continue
                a_end = a["endTime"] if a["endTime"] is not None else a["startTime"]
                if (end is not None and a["startTime"] > end) or \
                        (start is not None and a_end < start):
                    continue
                if types and a["type"] not in types:
                    continue
                out.append(dict((n, v) for n, v in a.items() if n != "_key"))
            return sorted(out, key=lambda a: (a["startTime"], a["storageId"]))

    def delete_annotation(self, key, storage_id):
        """True when the annotation existed for that node (and is now gone)."""
        with self.lock:
            a = self._notes.get(storage_id)
            if a is None or a["_key"][1] != key:
                return False
            del self._notes[storage_id]
            return True

    def rename(self, provider, old_key, new_key):
        with self.lock:
            for (p, k) in list(self._meta):
                if k == old_key and (provider is None or p == provider.lower()):
                    self._meta[(p, new_key)] = self._meta.pop((p, k))
            for a in self._notes.values():
                if a["_key"][1] == old_key:
                    a["_key"] = (a["_key"][0], new_key)

    @staticmethod
    def _pick(table, provider, key):
        if provider:
            return list(table.get((provider.lower(), key), ()))
        for p in sorted(p for p, k in table if k == key):
            return list(table[(p, key)])
        return []
