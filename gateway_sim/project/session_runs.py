"""Running a project's Perspective session events against simulated sessions.

``LoadedProject`` calls these: open a session for the project (its ``onStartup``, then
``onPageStartup`` for each page), run one session event with the session (and page)
attached to the thread, deliver ``system.util.sendMessage`` messages with scope ``S`` to
the session message handlers of the project's open sessions (each on its own thread, as a
gateway runs message handlers), and build the arguments ``gateway-sim check`` fires each
kind with.

Unverified (no source found; written down here as the simulator's choices): the device
events' ``data`` / ``context`` shapes (barcode ``{"text", ...}``, accelerometer
``{"x", "y", "z", ...}``, NFC ``{"records": []}``, bluetooth ``{}``), the key event's
``event`` fields (browser KeyboardEvent names), the auth challenge ``result`` object
(``isSuccess()`` / ``isError()`` / ``getAsSuccess()`` / ``getAsError()``), the form
submission arguments, which session filters of ``sendMessage`` apply to sessions
(``clientSessionId`` = session id, ``user`` = user name, ``hasRole`` = a role of the
session, ``hostName`` = its address), and that ``onStartup`` runs with no page attached.
May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim.backends.perspective_props import PropTree

_ids = [0]
_ids_lock = threading.Lock()


def perspective(gateway):
    from gateway_sim import surface_config
    return surface_config.backend(gateway, "perspective")


def primary_view(proj, path):
    """The view the project's page config maps ``path`` to ('' when none)."""
    try:
        from gateway_sim.system._perspective_project import _page_configs
        for page in _page_configs(list(getattr(proj.resolved, "chain", None) or [proj.info])):
            if page["url"] == path:
                return page["primaryView"] or ""
    except Exception:  # a broken page config is not this module's report
        pass
    return ""


class AuthChallengeResult(object):
    """The ``result`` of ``onAuthChallengeCompleted`` (unverified shape): a success."""

    def __init__(self, success=True, attributes=None, error=None):
        self._success = success
        self._attributes = dict(attributes or {})
        self._error = error

    def isSuccess(self):
        return self._success

    def isError(self):
        return not self._success

    def getAsSuccess(self):
        return _AuthSuccess(self._attributes) if self._success else None

    def getAsError(self):
        return None if self._success else _AuthError(self._error or "")


class _AuthSuccess(object):
    def __init__(self, attributes):
        self._attributes = attributes

    def getIdpAttributes(self):
        return PropTree(self._attributes)


class _AuthError(object):
    def __init__(self, message):
        self._message = message

    def getMessage(self):
        return self._message


def check_args(event, session, page, now_ms):
    """Plausible empty arguments to fire ``event`` once (``gateway-sim check``)."""
    kind = event.kind
    s = session.script
    if kind in ("startup", "shutdown"):
        return (s,)
    if kind == "page-startup":
        return (page.script,)
    if kind == "message":
        return (s, {})
    if kind == "auth-challenge":
        return (s, {}, AuthChallengeResult())
    if kind == "barcode":
        return (s, PropTree({"text": "", "timestamp": now_ms}), PropTree({}))
    if kind == "bluetooth":
        return (s, PropTree({}))
    if kind == "accelerometer":
        return (s, PropTree({"x": 0.0, "y": 0.0, "z": 0.0, "timestamp": now_ms}),
                PropTree({}))
    if kind == "nfc-scan":
        return (s, PropTree({"records": []}), PropTree({}))
    if kind == "key-event":
        return (page.script, PropTree({"key": "", "code": "", "altKey": False,
                                       "ctrlKey": False, "shiftKey": False, "metaKey": False,
                                       "repeat": False, "location": 0,
                                       "isComposing": False}))
    if kind == "form-submission":
        return (s, event.name, PropTree({}), [], PropTree({}), PropTree({}), False)
    return (s,)


def ordered(session_events):
    """The session events in a session's order of life (``session_events.ORDER``), by name."""
    from gateway_sim.project.session_events import ORDER
    return sorted(session_events.values(),
                  key=lambda e: (ORDER.index(e.kind) if e.kind in ORDER else 99, e.name))


def open_session(proj, spec):
    """``LoadedProject.open_session``: add the session, run onStartup, then onPageStartup
    for each page (its ``primaryView`` from the project's page config)."""
    spec = dict(spec)
    spec["project"] = proj.name
    pages = [dict(p) for p in spec.get("pages") or [{"path": "/"}]]
    for p in pages:
        p.setdefault("primaryView", primary_view(proj, p.get("path") or "/"))
    spec["pages"] = pages
    b = perspective(proj.gateway)
    sid = b.add_session(**spec)
    session = b.sessions[sid]
    proj._run_session_kind("startup", session, None, session.script)
    for pid in sorted(session.pages):
        page = session.pages[pid]
        proj._run_session_kind("page-startup", session, page, page.script)
    return sid


def fire(proj, kind, session_id, name, args):
    """``LoadedProject.fire_session_event``."""
    from gateway_sim.backends.perspective_props import wrap
    from gateway_sim.errors import ConfigError
    from gateway_sim.project.session_events import PAGE_KINDS
    event = proj.session_events.get((kind, name or kind))
    if event is None:
        raise ConfigError("project %s has no session %s event %r (session events: %s)"
                          % (proj.name, kind, name or kind,
                             ", ".join(e.label for e in ordered(proj.session_events))
                             or "none"))
    session = perspective(proj.gateway).session(session_id, "fire_session_event")
    page = session.pages[sorted(session.pages)[0]] if session.pages and \
        kind in PAGE_KINDS else None
    if not args:
        args = check_args(event, session, page, proj.gateway.clock.now_ms())
    elif kind not in ("message", "auth-challenge", "form-submission"):
        args = tuple(wrap(a) if isinstance(a, dict) else a for a in args)
    return proj.run_session_event(event, session, page, *args)


def _matches(session, clientSessionId, user, hasRole, hostName):
    if clientSessionId is not None and session.id != clientSessionId:
        return False
    if user is not None and (not session.authorized or session.username != user):
        return False
    if hasRole is not None and ("Authenticated/Roles/%s" % hasRole) not in \
            session.security_levels:
        return False
    if hostName is not None and session.client_address != hostName:
        return False
    return True


def deliver_message(gateway, project, name, payload, clientSessionId=None, user=None,
                    hasRole=None, hostName=None):
    """Run the session message handler ``name`` of the started project ``project`` for each
    of its open sessions the filters let through, each on its own thread. Returns the ids
    of the sessions it went to (none when the project or handler is not there)."""
    from gateway_sim.errors import ConfigError
    if not gateway.has_backend("projects"):
        return []
    try:
        proj = gateway.projects.get(project)
    except ConfigError:
        return []
    event = proj.session_events.get(("message", name))
    if not proj.started or event is None or not event.enabled:
        return []
    b = perspective(gateway)
    with b._lock:
        targets = [b.sessions[k] for k in sorted(b.sessions)
                   if b.sessions[k].project == proj.name]
    targets = [s for s in targets if _matches(s, clientSessionId, user, hasRole, hostName)]
    for s in targets:
        with _ids_lock:
            _ids[0] += 1
            n = _ids[0]

        def body(session=s):
            proj.run_session_event(event, session, None, session.script, payload)
        gateway.util.start_thread(body, "session-message-%s-%s-%d" % (name, s.id, n))
    return [s.id for s in targets]
