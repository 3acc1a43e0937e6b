"""``gw.tags.history``: the in-memory tag historian of one gateway.

Points are ``(epoch_ms, value, QualityCode)`` kept per history provider and per tag
(keyed by ``[tagprovider]path``, lower-cased). They come from two places:

* recording: an atomic tag whose config has ``historyEnabled: true`` records each
  change of value or quality (the backend calls ``record`` from its write core),
  into the provider named by its ``historyProvider`` (else ``default_provider``);
* ``system.tag.storeTagHistory`` (``store``).

Deadband: ``historicalDeadband`` (default 0) with ``historicalDeadbandMode``
``Absolute`` (default) or ``Percent`` (of ``engHigh - engLow``): a numeric value is
recorded only when it moved more than the deadband from the last recorded value, or
its quality changed. Simplified (unverified against a real historian): every
``historicalDeadbandStyle`` (Auto/Analog/Discrete) acts as Discrete (no swinging-door
compression); ``sampleMode`` Periodic/TagGroup is treated as OnChange; ``historyMaxAge``
is not applied (the store keeps the newest ``MAX_POINTS`` points per tag instead). The
first change of a tag also records the value it had before (at its own timestamp),
standing for the value a real historian stores when the tag starts.
Thread-safe (one lock). May import: stdlib, ``gateway_sim`` core, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import bisect
import threading

from gateway_sim._compat import string_types
from gateway_sim.backends.tags.history_notes import HistoryNotes

MAX_POINTS = 100000
DEFAULT_HISTORY_PROVIDER = "Historian"   # unverified: a gateway names its own historians


class Series(object):
    """The points of one tag in one history provider, in time order."""
    __slots__ = ("path", "times", "points")

    def __init__(self, path):
        self.path = path          # display path "[default]Folder/Tag"
        self.times = []           # epoch ms, sorted (for bisect)
        self.points = []          # (ms, value, QualityCode)

    def add(self, ms, value, quality):
        i = bisect.bisect_right(self.times, ms)
        self.times.insert(i, ms)
        self.points.insert(i, (ms, value, quality))
        if len(self.points) > MAX_POINTS:
            drop = len(self.points) - MAX_POINTS
            del self.times[:drop]
            del self.points[:drop]

    def snapshot(self):
        return list(self.points)


def tag_key(tag_provider, path):
    return ("[%s]%s" % (tag_provider, path.strip("/"))).lower()


class TagHistory(object):
    """All history providers of one gateway: ``{provider_lower: {tag_key: Series}}``."""

    def __init__(self, backend):
        self.backend = backend
        self.lock = threading.Lock()
        self.default_provider = DEFAULT_HISTORY_PROVIDER
        self._providers = {}      # lower name -> (display name, {tag_key: Series})
        self._last = {}           # (provider, tag_key) -> (value, quality) last recorded
        self.notes = HistoryNotes()   # metadata and annotations (8.3's system.historian)

    # --- writing ---------------------------------------------------------------
    def _series(self, provider, tag_provider, path):
        name, tags = self._providers.setdefault(provider.lower(), (provider, {}))
        key = tag_key(tag_provider, path)
        s = tags.get(key)
        if s is None:
            s = tags[key] = Series("[%s]%s" % (tag_provider, path.strip("/")))
        return key, s

    def record(self, node, old, new):
        """A history-enabled tag changed from QualifiedValue ``old`` to ``new``."""
        cfg = node.config
        provider = cfg.get("historyProvider") or self.default_provider
        if not isinstance(provider, string_types):
            provider = self.default_provider    # a UDT binding left unresolved
        with self.lock:
            key, s = self._series(provider, node.provider.name, node.rel_path())
            lk = (provider.lower(), key)
            if not s.points and old is not None and old.timestamp is not None \
                    and old.value is not None:
                s.add(old.timestamp.getTime(), old.value, old.quality)
                self._last[lk] = (old.value, old.quality)
            last = self._last.get(lk)
            if last is not None and not _beyond_deadband(cfg, last, new.value, new.quality):
                return
            s.add(new.timestamp.getTime(), new.value, new.quality)
            self._last[lk] = (new.value, new.quality)

    def store(self, provider, tag_provider, points):
        """Append ``points``: ``[(path, ms, value, QualityCode)]``."""
        with self.lock:
            for path, ms, value, quality in points:
                self._series(provider, tag_provider, path)[1].add(ms, value, quality)

    def rename(self, provider, old_key, new_key, new_path):
        """Move a node's points (in ``provider``, or every provider holding it) to
        ``new_key`` (display path ``new_path``); ``new_key`` None retires the node
        (its points are dropped). Returns how many providers held it."""
        moved = 0
        with self.lock:
            for lower, (name, tags) in self._providers.items():
                if (provider and lower != provider.lower()) or old_key not in tags:
                    continue
                s = tags.pop(old_key)
                last = self._last.pop((lower, old_key), None)
                moved += 1
                if new_key is None:
                    continue
                target = tags.get(new_key)
                if target is None:
                    s.path = new_path
                    tags[new_key] = s
                else:
                    for ms, value, quality in s.points:
                        target.add(ms, value, quality)
                if last is not None:
                    self._last[(lower, new_key)] = last
        if new_key is not None:
            self.notes.rename(provider, old_key, new_key)
        return moved

    # --- reading ---------------------------------------------------------------
    def provider_names(self):
        with self.lock:
            return sorted(name for name, _ in self._providers.values())

    def find(self, key, provider=None):
        """Copy of the points of tag ``key`` (``tag_key(...)``) and the provider holding
        it; the named provider only, else the first provider (by name) that has it."""
        with self.lock:
            names = [provider.lower()] if provider else sorted(self._providers)
            for n in names:
                entry = self._providers.get(n)
                if entry is not None and key in entry[1]:
                    return entry[1][key].snapshot(), entry[0]
        return None, None

    def tags_of(self, provider):
        """Display paths of the tags with history in ``provider`` (sorted)."""
        with self.lock:
            entry = self._providers.get(provider.lower())
            return sorted(s.path for s in entry[1].values()) if entry else None


def _num(v):
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(v) if type(v).__name__ == "long" else None
    except (TypeError, ValueError):
        return None


def _beyond_deadband(cfg, last, value, quality):
    last_value, last_quality = last
    if quality != last_quality:
        return True
    a, b = _num(last_value), _num(value)
    if a is None or b is None:
        return last_value != value
    try:
        db = float(cfg.get("historicalDeadband") or 0)
    except (TypeError, ValueError):
        db = 0.0
    if str(cfg.get("historicalDeadbandMode", "Absolute")).lower() == "percent":
        try:
            span = float(cfg.get("engHigh", 100)) - float(cfg.get("engLow", 0))
        except (TypeError, ValueError):
            span = 100.0
        db = abs(span) * db / 100.0
    if db <= 0:
        return a != b
    return abs(b - a) > db
