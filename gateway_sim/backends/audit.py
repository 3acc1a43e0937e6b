"""Audit profiles of the simulated gateway (``system.util.audit`` / ``queryAuditLog``).

Records are kept in memory per profile name (any name is accepted; ``""`` or None is
the gateway's profile, stored as ``default``), with the columns of Ignition's audit
table (AUDIT_EVENTS_ID, ACTION, ACTION_TARGET, ACTION_VALUE, ACTOR, ACTOR_HOST,
EVENT_TIMESTAMP, ORIGINATING_CONTEXT, ORIGINATING_SYSTEM, STATUS_CODE). The most recent
``MAX_RECORDS`` per profile are kept.
Single-source 2.7/3.x. May import: the standard library.
"""
from __future__ import absolute_import, division, print_function

import collections
import threading

DEFAULT_PROFILE = "default"
MAX_RECORDS = 100000
COLUMNS = ["AUDIT_EVENTS_ID", "ACTION", "ACTION_TARGET", "ACTION_VALUE", "ACTOR", "ACTOR_HOST",
           "EVENT_TIMESTAMP", "ORIGINATING_CONTEXT", "ORIGINATING_SYSTEM", "STATUS_CODE"]
TYPES = ["Long", "String", "String", "String", "String", "String", "Date", "Integer",
         "String", "Integer"]


class AuditBackend(object):
    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.Lock()
        self._next_id = 1
        self.profiles = {}

    def add(self, profile, record):
        """Store ``record`` (a dict keyed by COLUMNS, id excluded); returns its id."""
        with self._lock:
            rec = dict(record)
            rec["AUDIT_EVENTS_ID"] = self._next_id
            self._next_id += 1
            self.profiles.setdefault(profile or DEFAULT_PROFILE,
                                     collections.deque(maxlen=MAX_RECORDS)).append(rec)
            return rec["AUDIT_EVENTS_ID"]

    def records(self, profile):
        with self._lock:
            return list(self.profiles.get(profile or DEFAULT_PROFILE, ()))
