"""What each project event script did last: ``EventRuns`` (per event key: last fire,
duration, outcome, last error), kept by ``LoadedProject.run_event`` for every kind
(timers, scheduled, tag-change, message handlers, startup / shutdown).

Ignition shows a gateway event script's last run only in its status pages and logs; the
exact fields there are unverified here. These are the simulator's own, for the operator
console and tests: times are the gateway clock's epoch milliseconds (a virtual clock gives
virtual times), ``outcome`` is ``"ok"`` or ``"error"``, ``lastError`` the one-line cause.
Thread-safe (timers and tag subscriptions fire on several threads; Jython has no GIL).
May import: the standard library.
"""
from __future__ import absolute_import, division, print_function

import threading


class EventRuns(object):
    """Per event key ``(kind, name)``: runs, errors, last fire / duration / outcome / error."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_key = {}

    def record(self, key, started_ms, ended_ms, error=None):
        """One finished run of the event ``key``; ``error``: its one-line cause, or None."""
        with self._lock:
            st = self._by_key.get(key)
            if st is None:
                st = self._by_key[key] = {"runs": 0, "errors": 0, "lastErrorMs": None,
                                          "lastError": None}
            st["runs"] += 1
            st["lastFireMs"] = int(started_ms)
            st["lastDurationMs"] = max(0, int(ended_ms) - int(started_ms))
            st["lastOutcome"] = "ok" if error is None else "error"
            if error is not None:
                st["errors"] += 1
                st["lastErrorMs"] = int(ended_ms)
                st["lastError"] = error

    def get(self, key):
        """A copy of the record of ``key``, or None when it never ran."""
        with self._lock:
            st = self._by_key.get(key)
            return dict(st) if st is not None else None

    def snapshot(self):
        """{key: record copy} of every event that ran."""
        with self._lock:
            return dict((k, dict(v)) for k, v in self._by_key.items())
