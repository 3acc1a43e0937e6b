"""``system.perspective`` from gateway scope: simulated sessions, recorded actions.

A gateway script has no current session: calls that act on a session need
``sessionId`` (and page-level ones ``pageId``), else they raise
``IllegalArgumentException`` saying so (the exact text a gateway uses is unverified).
Sessions are simulated (``gateway_sim.backends.perspective``, config ``perspective``);
each call is recorded so a test can assert it, and navigation, popups, docks, theme
and closing pages/sessions change the simulated session. ``print`` writes to the
gateway log (logger ``perspective.print``, unverified name) unless it targets a
session's browser console (``destination="client"`` with a session).
``getProjectInfo`` reads the loaded project (``gateway_sim.system._perspective_project``).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim import runtime
from gateway_sim.registry import implements

CURRENT_SESSION = "current_session"
CURRENT_PAGE = "current_page"
_MESSAGE_SCOPES = ("page", "session", "view")


def _backend():
    from gateway_sim import surface_config
    return surface_config.backend(runtime.current(), "perspective")


def _act(function, sessionId, pageId=None, page_level=True, **details):
    b = _backend()
    with b._lock:
        session = b.session(sessionId, function)
        page = b.page(session, pageId, function) if page_level else None
        b.record(function, sessionId=session.id, pageId=page.id if page else None, **details)
    return session, page


@implements("system.perspective.getSessionInfo")
def getSessionInfo(usernameFilter=None, projectFilter=None):
    """Info dicts of the open sessions (filters are regular expressions, full match)."""
    b = _backend()
    now = runtime.current().clock.now_ms()
    with b._lock:
        sessions = [b.sessions[k] for k in sorted(b.sessions)]
    out = []
    for s in sessions:
        if usernameFilter and not re.match("(?:%s)$" % usernameFilter, s.username):
            continue
        if projectFilter and not re.match("(?:%s)$" % projectFilter, s.project):
            continue
        out.append(s.info(now))
    return out


@implements("system.perspective.print")
def print(message, sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE, destination="client"):  # noqa: A001
    """Gateway log (``destination`` gateway/all, or no session), else the session console."""
    if destination not in ("client", "gateway", "all"):
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("system.perspective.print: destination must be 'client', "
                                       "'gateway' or 'all', got %r" % (destination,))
    b = _backend()
    text = u"%s" % (message,)
    to_session = sessionId not in (None, CURRENT_SESSION)
    if to_session:
        b.session(sessionId, "print")
    b.record("print", sessionId=sessionId if to_session else None,
             pageId=pageId if pageId != CURRENT_PAGE else None, message=text,
             destination=destination)
    if destination != "client" or not to_session:
        runtime.current().util.log("perspective.print", "INFO", text)


@implements("system.perspective.sendMessage")
def sendMessage(messageType, payload, scope="page", sessionId=CURRENT_SESSION,
                pageId=CURRENT_PAGE):
    """Record a message to a session's component message handlers (``scope`` page, session
    or view). As the manual says, it never reaches the project's *session* message handlers
    (Session Events > Message), even with ``scope="session"``: ``system.util.sendMessage``
    with a scope holding ``S`` does."""
    if scope not in _MESSAGE_SCOPES:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("system.perspective.sendMessage: scope must be one of %s, "
                                       "got %r" % (", ".join(_MESSAGE_SCOPES), scope))
    _act("sendMessage", sessionId, pageId, scope != "session", messageType=messageType,
         payload=payload, scope=scope)


@implements("system.perspective.navigate")
def navigate(page, url=None, view=None, params=None, sessionId=CURRENT_SESSION,
             pageId=CURRENT_PAGE, newTab=False):
    """Navigate a page to a page path, a URL or a view (recorded; the page's path moves)."""
    _, p = _act("navigate", sessionId, pageId, page=page, url=url, view=view, params=params,
                newTab=newTab)
    target = page if page is not None else (url if url is not None else view)
    if not newTab and target is not None:
        del p.history[p.position + 1:]
        p.history.append(target)
        p.position = len(p.history) - 1
        p.path = target


@implements("system.perspective.navigateBack")
def navigateBack(sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE):
    _, p = _act("navigateBack", sessionId, pageId)
    if p.position > 0:
        p.position -= 1
        p.path = p.history[p.position]


@implements("system.perspective.navigateForward")
def navigateForward(sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE):
    _, p = _act("navigateForward", sessionId, pageId)
    if p.position < len(p.history) - 1:
        p.position += 1
        p.path = p.history[p.position]


@implements("system.perspective.openPopup")
def openPopup(id, view, params=None, title="", position=None, showCloseIcon=True,  # noqa: A002
              draggable=True, resizable=False, modal=False, overlayDismiss=False,
              sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE, viewPortBound=False):
    _, p = _act("openPopup", sessionId, pageId, id=id, view=view, params=params, title=title,
                position=position, modal=modal)
    p.popups[id] = {"view": view, "params": params, "title": title}


@implements("system.perspective.closePopup")
def closePopup(id, sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE):  # noqa: A002
    _, p = _act("closePopup", sessionId, pageId, id=id)
    p.popups.pop(id, None)


@implements("system.perspective.togglePopup")
def togglePopup(id, view, params, title="", position=None, showCloseIcon=True,  # noqa: A002
                draggable=True, resizable=False, modal=False, overlayDismiss=False,
                sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE, viewPortBound=False):
    _, p = _act("togglePopup", sessionId, pageId, id=id, view=view, params=params)
    if id in p.popups:
        p.popups.pop(id)
    else:
        p.popups[id] = {"view": view, "params": params, "title": title}


def _dock(function, id, sessionId, pageId, state, params=None, config=None):  # noqa: A002
    _, p = _act(function, sessionId, pageId, id=id, params=params, config=config)
    dock = p.docks.setdefault(id, {"open": False, "params": None, "config": None})
    dock["open"] = (not dock["open"]) if state is None else state
    if params is not None:
        dock["params"] = params
    if config is not None:
        dock["config"] = config


@implements("system.perspective.openDock")
def openDock(id, sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE, params=None):  # noqa: A002
    _dock("openDock", id, sessionId, pageId, True, params)


@implements("system.perspective.closeDock")
def closeDock(id, sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE):  # noqa: A002
    _dock("closeDock", id, sessionId, pageId, False)


@implements("system.perspective.toggleDock")
def toggleDock(id, sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE, params=None):  # noqa: A002
    _dock("toggleDock", id, sessionId, pageId, None, params)


@implements("system.perspective.alterDock")
def alterDock(dockId, config=None, sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE):
    _, p = _act("alterDock", sessionId, pageId, dockId=dockId, config=config)
    p.docks.setdefault(dockId, {"open": False, "params": None, "config": None})["config"] = config


@implements("system.perspective.closePage")
def closePage(message=None, sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE):
    s, p = _act("closePage", sessionId, pageId, message=message)
    with _backend()._lock:
        s.pages.pop(p.id, None)


@implements("system.perspective.closeSession")
def closeSession(message=None, sessionId=CURRENT_SESSION):
    s, _ = _act("closeSession", sessionId, None, False, message=message)
    s.closed_message = message
    _backend().remove_session(s.id)   # the project's session shutdown script runs


@implements("system.perspective.refresh")
def refresh(sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE):
    _act("refresh", sessionId, pageId)


@implements("system.perspective.setTheme")
def setTheme(name, sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE):
    s, _ = _act("setTheme", sessionId, None, False, name=name)
    s.theme = name


@implements("system.perspective.download")
def download(filename, data, contentType=None, sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE):
    _act("download", sessionId, pageId, filename=filename, data=data, contentType=contentType)


@implements("system.perspective.vibrateDevice")
def vibrateDevice(duration, sessionId=CURRENT_SESSION):
    _act("vibrateDevice", sessionId, None, False, duration=duration)


@implements("system.perspective.isAuthorized")
def isAuthorized(isAllOf, securityLevels, sessionId=CURRENT_SESSION):
    """Whether the session holds all (``isAllOf``) or any of ``securityLevels`` (paths such
    as ``"Authenticated/Roles/Operator"``; a level implies its parents)."""
    s, _ = _act("isAuthorized", sessionId, None, False, isAllOf=isAllOf,
                securityLevels=list(securityLevels))
    held = set()
    for level in s.security_levels:
        parts = level.split("/")
        for i in range(1, len(parts) + 1):
            held.add("/".join(parts[:i]))
    checks = [lvl in held for lvl in securityLevels]
    return all(checks) if isAllOf else any(checks)


@implements("system.perspective.login")
def login(sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE, forceAuth=False):
    _act("login", sessionId, None, False, forceAuth=forceAuth)


@implements("system.perspective.logout")
def logout(sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE, message="default message"):
    s, _ = _act("logout", sessionId, None, False, message=message)
    s.username, s.authorized, s.security_levels = "Unauthenticated", False, []


@implements("system.perspective.authenticationChallenge")
def authenticationChallenge(sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE, idp="",
                            forceAuth=False, timeout=2, payload=None, framing="self"):
    _act("authenticationChallenge", sessionId, None, False, idp=idp, forceAuth=forceAuth,
         timeout=timeout, payload=payload, framing=framing)


@implements("system.perspective.alterLogging")
def alterLogging(remoteLoggingEnabled=False, level="info", remoteLoggingLevel="warn",
                 sessionId=CURRENT_SESSION, pageId=CURRENT_PAGE):
    _act("alterLogging", sessionId, None, False, remoteLoggingEnabled=remoteLoggingEnabled,
         level=level, remoteLoggingLevel=remoteLoggingLevel)


from gateway_sim.system._perspective_project import getProjectInfo  # noqa: E402,F401
