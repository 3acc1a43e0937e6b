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

A project's session event scripts get the script-facing objects: ``Session.script``
(``session.props``, ``session.custom``) and ``Page.script`` (``page.props``,
``page.session``). While one runs, its session (and page, for page events) is attached to
the thread (``attach``), so ``system.perspective`` calls without ``sessionId`` /
``pageId`` act on them, as they do in a session event on a gateway.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import collections
import contextlib
import threading
import uuid

from gateway_sim._compat import string_types
from gateway_sim.backends.perspective_props import PropTree
from gateway_sim.errors import ConfigError

MAX_ACTIONS = 10000
_SESSION_KEYS = ("id", "project", "username", "userAgent", "clientAddress", "sessionScope",
                 "authorized", "securityLevels", "pages", "props", "custom")


class Page(object):
    def __init__(self, page_id, path="/", session=None, primary_view=""):
        self.id = page_id
        self.path = path
        self.history = [path]
        self.position = 0
        self.popups = {}          # id -> {"view":..., "params":...}
        self.docks = {}           # id -> {"open": bool, "params":..., "config":...}
        self.session = session
        # ``page.props`` (unverified beyond path, primaryView and pageId, which real
        # scripts read); ``path`` follows navigation
        self.props = {"pageId": page_id, "path": path, "primaryView": primary_view or ""}
        self.script = ScriptPage(self)


class ScriptPage(object):
    """The ``page`` argument of page session events: ``page.props``, ``page.session``."""

    def __init__(self, page):
        self._page = page

    @property
    def props(self):
        self._page.props["path"] = self._page.path
        return PropTree(self._page.props)

    @property
    def session(self):
        return self._page.session.script

    def __repr__(self):
        return "<Page %s %s>" % (self._page.id, self._page.path)


class ScriptSession(object):
    """The ``session`` argument of session events: ``session.props`` (the session's
    property tree) and ``session.custom`` (its custom properties, writable)."""

    def __init__(self, session):
        self._session = session

    @property
    def props(self):
        return PropTree(self._session.props)

    @property
    def custom(self):
        return PropTree(self._session.custom)

    def __repr__(self):
        return "<Session %s project=%s>" % (self._session.id, self._session.project)


def _security_tree(levels):
    """``auth.securityLevels``: the session's level paths (``Authenticated/Roles/Operator``)
    as the nested ``{"name", "children"}`` list (unverified shape)."""
    root = []
    for level in levels:
        nodes = root
        for part in [p for p in level.split("/") if p]:
            node = next((n for n in nodes if n["name"] == part), None)
            if node is None:
                node = {"name": part, "children": []}
                nodes.append(node)
            nodes = node["children"]
    return root


def _merge(base, extra):
    for k, v in (extra or {}).items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            _merge(base[k], v)
        else:
            base[k] = v
    return base


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
        self.created_ms = now_ms
        self.props = _merge(self._default_props(now_ms), spec.get("props"))
        self.custom = dict(spec.get("custom") or {})
        self.theme = None
        self.closed_message = None
        self.script = ScriptSession(self)
        self.pages = {}
        for p in spec.get("pages") or [{"id": uuid.uuid4().hex[:8], "path": "/"}]:
            self.add_page(p.get("id"), p.get("path") or "/", p.get("primaryView") or "")

    def add_page(self, page_id=None, path="/", primary_view=""):
        page = Page(page_id or uuid.uuid4().hex[:8], path, self, primary_view)
        self.pages[page.id] = page
        return page

    def _default_props(self, now_ms):
        """The session's property tree. Unverified beyond the names real session scripts
        read (id, host, timeZoneId, device.identifier / userAgent, gateway.address,
        auth.user.userName); the values are the simulated session's."""
        roles = sorted(set(lvl.split("/")[2] for lvl in self.security_levels
                           if lvl.startswith("Authenticated/Roles/") and len(lvl.split("/")) > 2))
        user = self.username if self.authorized else None
        return {
            "id": self.id, "host": self.client_address, "address": self.client_address,
            "device": {"type": self.scope, "userAgent": self.user_agent,
                       "identifier": "gateway_sim-%s" % self.id},
            "auth": {"authenticated": self.authorized, "idp": "default",
                     "user": {"id": user, "userName": user, "firstName": "", "lastName": "",
                              "roles": roles},
                     "securityLevels": _security_tree(self.security_levels)},
            "gateway": {"address": "http://localhost:8088", "connected": True,
                        "timezone": {"id": "UTC", "name": "Coordinated Universal Time",
                                     "utcOffset": 0}},
            "geolocation": {"permissionGranted": False, "data": {}},
            "locale": "en-US", "timeZoneId": "UTC", "theme": "light", "title": "",
            "lastActivity": now_ms,
        }

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
        self._local = threading.local()   # the session / page a session event runs for
        self._close_listeners = []

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

    def remove_session(self, session_id):
        """Close a session: it leaves ``sessions``, then each ``on_session_closed`` listener
        gets it (a project runs its session shutdown script). Returns it, or None."""
        with self._lock:
            s = self.sessions.pop(session_id, None)
            listeners = list(self._close_listeners)
        if s is not None:
            for fn in listeners:
                fn(s)
        return s

    def on_session_closed(self, fn):
        """Call ``fn(session)`` when a session closes; returns the function that stops it."""
        with self._lock:
            self._close_listeners.append(fn)

        def undo():
            with self._lock:
                if fn in self._close_listeners:
                    self._close_listeners.remove(fn)
        return undo

    @contextlib.contextmanager
    def attach(self, session, page=None):
        """Within the block, this thread runs for ``session`` (and ``page``): calls without
        ``sessionId`` / ``pageId`` target them, as in a session event on a gateway."""
        prev = getattr(self._local, "current", None)
        self._local.current = (session, page)
        try:
            yield
        finally:
            self._local.current = prev

    def attached(self):
        """``(session, page)`` attached to this thread, or ``(None, None)``."""
        return getattr(self._local, "current", None) or (None, None)

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
            current = self.attached()[0]
            if current is not None:
                return current
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
            current = self.attached()
            if current[1] is not None and current[0] is session:
                return current[1]
            raise IllegalArgumentException(
                "system.perspective.%s: no page is attached to this thread (gateway scope, "
                "or a session event that has no page); "
                "pass pageId= (session %s has %s)" % (function, session.id,
                                                      ", ".join(sorted(session.pages))))
        p = session.pages.get(page_id)
        if p is None:
            raise IllegalArgumentException("system.perspective.%s: page %r not found in session "
                                           "%s (pages: %s)" % (function, page_id, session.id,
                                                               ", ".join(sorted(session.pages))))
        return p
