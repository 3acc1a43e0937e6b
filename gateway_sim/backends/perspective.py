"""Simulated Perspective sessions and what gateway scripts asked of them.

A gateway has no browsers, so sessions come from the config::

    "perspective": {"sessions": [
        {"id": "s1", "project": "Plant", "username": "ada", "userAgent": "test",
         "clientAddress": "10.0.0.5", "sessionScope": "browser", "authorized": true,
         "securityLevels": ["Authenticated", "Authenticated/Roles/Operator"],
         "pages": [{"id": "p1", "path": "/"}]}
    ]}

or ``gw_perspective(gateway).add_session(...)``. Every ``system.perspective`` call
a script makes is recorded (``actions``, ``actions_of("navigate")``) so a test can
assert it; calls that change what a real session shows (navigate, popups, docks,
theme, closing pages and sessions) also update the simulated session.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import collections
import threading
import uuid

from gateway_sim._compat import string_types
from gateway_sim.errors import ConfigError

MAX_ACTIONS = 10000
_SESSION_KEYS = ("id", "project", "username", "userAgent", "clientAddress", "sessionScope",
                 "authorized", "securityLevels", "pages", "props")


class Page(object):
    def __init__(self, page_id, path="/"):
        self.id = page_id
        self.path = path
        self.history = [path]
        self.position = 0
        self.popups = {}          # id -> {"view":..., "params":...}
        self.docks = {}           # id -> {"open": bool, "params":..., "config":...}


class Session(object):
    def __init__(self, spec, now_ms):
        self.id = spec.get("id") or uuid.uuid4().hex[:8]
        self.project = spec.get("project") or ""
        self.username = spec.get("username") or "Unauthenticated"
        self.user_agent = spec.get("userAgent") or "gateway_sim"
        self.client_address = spec.get("clientAddress") or "127.0.0.1"
        self.scope = spec.get("sessionScope") or "browser"
        self.authorized = bool(spec.get("authorized", spec.get("username") is not None))
        self.security_levels = list(spec.get("securityLevels") or [])
        self.props = dict(spec.get("props") or {})
        self.created_ms = now_ms
        self.theme = None
        self.closed_message = None
        self.pages = {}
        for p in spec.get("pages") or [{"id": uuid.uuid4().hex[:8], "path": "/"}]:
            page = Page(p.get("id") or uuid.uuid4().hex[:8], p.get("path") or "/")
            self.pages[page.id] = page

    def info(self, now_ms):
        """The dict ``system.perspective.getSessionInfo`` returns for this session."""
        return {"userAgent": self.user_agent, "id": self.id, "username": self.username,
                "project": self.project, "uptime": max(0, now_ms - self.created_ms),
                "clientAddress": self.client_address, "lastComm": 0,
                "sessionScope": self.scope, "activePages": len(self.pages),
                "recentBytesSent": 0, "totalBytesSent": 0,
                "pageIds": sorted(self.pages), "authorized": self.authorized}


class PerspectiveBackend(object):
    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.RLock()
        self.sessions = {}
        self.actions = collections.deque(maxlen=MAX_ACTIONS)   # a long run keeps the recent

    def configure(self, section, base_dir=None):
        if not isinstance(section, dict):
            raise ConfigError("perspective must be a mapping like {\"sessions\": [...]}",
                              node="perspective")
        unknown = sorted(set(section) - set(["sessions"]))
        if unknown:
            raise ConfigError("unknown key(s) %s; use sessions" % ", ".join(unknown),
                              node="perspective")
        for i, spec in enumerate(section.get("sessions") or []):
            node = "perspective.sessions[%d]" % i
            if not isinstance(spec, dict):
                raise ConfigError("a session is a mapping (id, project, username, pages...)",
                                  node=node)
            bad = sorted(set(spec) - set(_SESSION_KEYS))
            if bad:
                raise ConfigError("unknown key(s) %s; use %s" % (", ".join(bad),
                                                                 ", ".join(_SESSION_KEYS)),
                                  node=node)
            self.add_session(**spec)

    def add_session(self, **spec):
        """Open a simulated session; returns its id."""
        with self._lock:
            s = Session(spec, self.gateway.clock.now_ms())
            self.sessions[s.id] = s
            return s.id

    def record(self, function, **details):
        entry = dict(details)
        entry["function"] = function
        with self._lock:
            self.actions.append(entry)
        return entry

    def actions_of(self, function):
        """The recorded calls of ``system.perspective.<function>``, oldest first."""
        with self._lock:
            return [a for a in self.actions if a["function"] == function]

    def session(self, session_id, function):
        """The session a call targets; IllegalArgumentException when there is none."""
        from gateway_sim.jvm import IllegalArgumentException
        if session_id in (None, "current_session"):
            raise IllegalArgumentException(
                "system.perspective.%s: no Perspective session is attached to this thread "
                "(gateway scope); pass sessionId= (see getSessionInfo())" % function)
        if not isinstance(session_id, string_types):
            raise IllegalArgumentException("system.perspective.%s: sessionId must be a string, "
                                           "got %r" % (function, session_id))
        with self._lock:
            s = self.sessions.get(session_id)
        if s is None:
            raise IllegalArgumentException("system.perspective.%s: session %r not found "
                                           "(open sessions: %s)" % (
                                               function, session_id,
                                               ", ".join(sorted(self.sessions)) or "none"))
        return s

    def page(self, session, page_id, function):
        from gateway_sim.jvm import IllegalArgumentException
        if page_id in (None, "current_page"):
            raise IllegalArgumentException(
                "system.perspective.%s: no page is attached to this thread (gateway scope); "
                "pass pageId= (session %s has %s)" % (function, session.id,
                                                      ", ".join(sorted(session.pages))))
        p = session.pages.get(page_id)
        if p is None:
            raise IllegalArgumentException("system.perspective.%s: page %r not found in session "
                                           "%s (pages: %s)" % (function, page_id, session.id,
                                                               ", ".join(sorted(session.pages))))
        return p
