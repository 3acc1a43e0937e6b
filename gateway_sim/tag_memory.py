"""Memory tag values kept across a restart of ``gateway-sim run`` (``<dataDir>/tags/memory-values.json``).

In Ignition 8 a memory tag's current value is part of the tag's configuration in the
(internal) tag provider, so a gateway restart brings the tag back with the last value
written, not the value of the original import. ``gateway-sim run`` does the same under
its data folder: ``save`` on stop writes the Good values of every memory tag (UDT
definitions excluded), ``restore`` on start puts them back before the project's
startup script runs. Values that are not plain JSON (datasets, dates, documents) are not
kept (unverified detail: Ignition keeps those too; here they come back from the config).
Only the CLI's ``run`` uses this: a ``Gateway()`` in a test starts from its config.
May import: the standard library and ``gateway_sim`` core modules (CPython-side adapter).
"""
from __future__ import absolute_import, division, print_function

import json
import os

FILE = os.path.join("tags", "memory-values.json")
_PLAIN = (bool, int, float, str, type(None))


def _memory_tags(gw):
    tags = gw.tags
    for name in tags.provider_names():
        if name.lower() == "system":  # [System] tags are the gateway's own, computed live
            continue
        provider = tags.provider(name)
        for node in provider.root.walk():
            if node.tag_type != "AtomicTag" or node.inert or node.value_source != "memory" \
                    or node.read_only:
                continue
            if node.sim is not None or node.runtime is not None:
                continue
            yield node


def save(gw):
    """Write the memory tag values of ``gw`` to its data folder; returns how many."""
    if not gw.has_backend("tags"):
        return 0
    values = {}
    for node in _memory_tags(gw):
        qv = node.qv
        if str(qv.quality).startswith("Good") and isinstance(qv.value, _PLAIN):
            values[node.full_path()] = qv.value
    path = os.path.join(gw.data_dir, FILE)
    if not os.path.isdir(os.path.dirname(path)):
        os.makedirs(os.path.dirname(path))
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"version": 1, "values": values}, f, indent=1, sort_keys=True)
    os.replace(tmp, path)  # atomic: a crash mid-write keeps the previous file
    return len(values)


def restore(gw, data_dir=None):
    """Put saved values back on memory tags that still exist (from ``data_dir``, default the
    gateway's own); returns how many."""
    path = os.path.join(data_dir or gw.data_dir, FILE)
    if not os.path.isfile(path):
        return 0
    try:
        with open(path) as f:
            values = (json.load(f) or {}).get("values") or {}
    except ValueError:
        return 0  # a damaged file: start from the config, as a fresh provider would
    memory = dict((n.full_path().lower(), n) for n in _memory_tags(gw))
    n = 0
    for tag_path, value in sorted(values.items()):
        if tag_path.lower() in memory:
            if str(gw.tags.set_value(tag_path, value)).startswith("Good"):
                n += 1
    return n


class Keeper(object):
    """Saves the memory tag values every ``interval`` seconds when they changed, so a gateway
    that is killed (SIGKILL, power loss) loses at most that much, like a provider that
    stores each write; ``stop()`` saves a last time."""

    def __init__(self, gw, interval=1.0):
        import threading
        self.gw = gw
        self.interval = interval
        self._stop = threading.Event()
        self._last = None
        self.thread = threading.Thread(target=self._loop, name="gateway-sim-tag-keeper")
        self.thread.daemon = True

    def start(self):
        self.thread.start()
        return self

    def _snapshot(self):
        return dict((n.full_path(), n.qv.value) for n in _memory_tags(self.gw)
                    if isinstance(n.qv.value, _PLAIN))

    def _loop(self):
        while not self._stop.wait(self.interval):
            try:
                snap = self._snapshot()
                if snap != self._last:
                    save(self.gw)
                    self._last = snap
            except Exception:  # a tag tree changing under us: try again next time
                pass

    def stop(self):
        self._stop.set()
        if self.thread.is_alive():
            self.thread.join(5)
        save(self.gw)
