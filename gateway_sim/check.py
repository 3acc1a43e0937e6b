"""``gateway-sim check``: what of a real project runs on the simulator, module by module.

The first thing an integrator runs on a project folder: it loads the project (with its
parents), imports every script module, lists statically every ``system.*``, ``java.*`` and
Ignition SDK name the scripts use that the simulated gateway lacks, starts the project and
fires each gateway event once, then each Perspective session event once against one
simulated session of the project (a page at ``/``; rows ``session startup``,
``session message <Name>``...). The result is a report (a JSON-able dict): one row per
module / event with ``OK`` or the one-line cause, plus the missing names.

Single-source 2.7/3.x: the same check runs in-process on CPython and inside the Jython
host (``gateway_sim.jython_host``), which prints the report as JSON.
May import: ``gateway_sim`` core modules and the standard library.
"""
from __future__ import absolute_import, division, print_function

import os
import re
import shutil
import sys
import tempfile
import traceback

from gateway_sim._compat import IS_JYTHON, text_type
from gateway_sim.check_py2 import (PY2_HINT, PY2_MODULES, looks_python2,  # noqa: F401
                                   python2_sources)

OK, FAIL, SKIP = "OK", "FAIL", "SKIP"

_SYSTEM_CALL = re.compile(r"(?<![\w.])system\.([a-z]\w*)\.([A-Za-z_]\w*)")



def _catchable():
    try:
        from gateway_sim.jvm import Throwable
        return (Exception, Throwable)
    except Exception:  # no java layer at all: plain Python exceptions only
        return (Exception,)


def _catch_all():
    """Everything a script can raise, including the simulator's loud gaps."""
    out = list(_catchable())
    try:
        from gateway_sim.errors import NotImplementedInSimulator
        out.append(NotImplementedInSimulator)
    except ImportError:
        pass
    return tuple(out)


def java_names(text):
    """The ``java.*`` / ``javax.*`` / Ignition SDK names a script imports."""
    from gateway_sim.java.scan import references
    return set(name for _, name in references(text))


def system_names(text):
    return set("system.%s.%s" % m for m in _SYSTEM_CALL.findall(text))


def _system_status(name):
    """None if the simulated gateway has ``name`` and implements it, else the reason."""
    import gateway_sim.system as system_pkg
    from gateway_sim import registry
    parts = name.split(".")
    ns = getattr(system_pkg, parts[1], None)
    if ns is None:
        return "absent (no system.%s on an Ignition %s gateway%s)" % (
            parts[1], _current_version(), _elsewhere(name))
    fn = getattr(ns, parts[2], None)
    if fn is None:
        why = _elsewhere(name)
        return "absent on an Ignition %s gateway%s" % (_current_version(),
                                                       " (%s)" % why[2:] if why else "")
    if not callable(fn) or name in registry.implemented_names():
        return None
    if name in registry.client_names():
        return "client scope only (a gateway script gets an AttributeError)"
    if name in registry.missing_names():
        return "not implemented by the simulator (raises NotImplementedInSimulator)"
    return None


def _elsewhere(name):
    """``; it exists on Ignition 8.3: ...`` when another simulated version has ``name``
    (the usual cause: a project written for that version, checked with the default one)."""
    from gateway_sim import catalog
    ns, _, fn = name.rpartition(".")
    others = [v for v in catalog.versions_of(ns, fn) if v != _current_version()]
    if not others:
        return ""
    return ("; it exists on Ignition %s: if the project is for %s, check it with --ignition %s"
            % (" and ".join(others), others[-1], others[-1]))


def _current_version():
    from gateway_sim import runtime
    gw = runtime.active()
    return gw.version if gw is not None else "?"


def _java_status(dotted):
    """None if ``dotted`` (a class or package) imports here, else the one-line reason.

    The import itself is the test (not ``java.scan.resolve``): it is true for whichever
    interpreter runs the check, real ``java.*`` on Jython included."""
    mod, _, attr = dotted.rpartition(".")
    try:
        # level 0: an absolute import. Without it Jython 2.7's __import__ first tries the
        # name relative to this package (gateway_sim.java...) and reports real JDK
        # classes such as java.time.Instant as missing.
        # fromlist names the class, never "*" (a star import of the simulator's SDK
        # package recurses on Jython)
        owner, _, cls = mod.rpartition(".")
        if attr[:1].isupper():
            m = __import__(mod, {}, {}, [str(attr)], 0)
        elif owner and cls[:1].isupper():
            # ``from java.lang.System import nanoTime``: a static member of a class
            # (valid in Jython), not a module
            m = getattr(__import__(owner, {}, {}, [str(cls)], 0), cls)
            if not hasattr(m, attr):
                return "no %s in %s" % (attr, mod)
        else:
            m = __import__(dotted, {}, {}, [], 0)
            for part in dotted.split(".")[1:]:
                m = getattr(m, part)
        if attr[:1].isupper() and not hasattr(m, attr):
            return "no %s in %s" % (attr, mod)
        return None
    except _catchable() as exc:  # ImportError, or a Java error loading the class
        return _one_line(exc)


def _one_line(exc, tb=None):
    """``Type: message (where)`` for the innermost frame in project code."""
    text = "%s: %s" % (type(exc).__name__, exc)
    text = text.splitlines()[0] if text else type(exc).__name__
    where = None
    if isinstance(exc, SyntaxError):
        where = "%s line %s" % (exc.filename, exc.lineno)
        if looks_python2(exc):
            text = "%s -- %s" % (text, PY2_HINT)
    elif isinstance(exc, ImportError) and not IS_JYTHON and \
            (getattr(exc, "name", None) or "").split(".")[0] in PY2_MODULES:
        text = "%s -- %s" % (text, PY2_HINT)
    if tb is not None and where is None:
        for frame in traceback.extract_tb(tb):
            fname = frame[0]
            if fname.startswith("<module:") or "Script" in fname or fname.startswith("<"):
                where = "%s line %s" % (fname, frame[1])
    if where:
        text = "%s (%s)" % (text, where)
    return text[:400]


def _event_args(event, gateway):
    kind = event.kind
    if kind == "update":
        return ("gateway-sim check", [])
    if kind == "message":
        return ({},)
    if kind == "tag-change":
        from gateway_sim.project.loaded import _TagChangeEvent
        path, qv = _first_path_value(event, gateway)
        return (True, qv, None, _TagChangeEvent(path, None, qv, True), 1)
    return ()


def _change_args(event, gateway):
    """A tag-change script's arguments for a later change of its first tag (not initial;
    previous and new value both its current one, the simulator holding no other); None
    when that tag does not exist (it never changes, on a gateway neither)."""
    from gateway_sim.project.loaded import _TagChangeEvent
    path, qv = _first_path_value(event, gateway)
    try:
        if qv is None or qv.quality.getName() == "Bad_NotFound":
            return None
    except _catchable():
        return None
    return (False, qv, qv, _TagChangeEvent(path, qv, qv, False), 2)


def _first_path_value(event, gateway):
    paths = [str(p) for p in event.attributes.get("paths") or []]
    path = paths[0] if paths else "[default]"
    try:
        return path, gateway.tags.read([path])[0]
    except _catchable():
        return path, None


class _Report(object):
    def __init__(self, project, interpreter, version):
        self.data = {"project": project, "interpreter": interpreter, "version": version,
                     "rows": [], "missing": {"system": {}, "java": {}}, "load": None,
                     "warnings": []}

    def row(self, kind, name, status, cause=""):
        self.data["rows"].append({"kind": kind, "name": name, "status": status,
                                  "cause": cause or ""})


def check_project(path, version="8.1", config=None, config_dir=None, fire_events=True,
                  projects_dirs=None):
    """Check the project folder ``path``; returns the report dict (see module doc).

    ``config``: an optional gateway config dict (datasources, tag providers...); the
    project itself is always the one at ``path`` and is not started by the config.
    """
    from gateway_sim.errors import GatewaySimError
    from gateway_sim.gateway import Gateway
    from gateway_sim.simulate import simulate
    interpreter = "jython" if IS_JYTHON else "cpython"
    path = os.path.abspath(path)
    rep = _Report(path, interpreter, version)
    cfg = dict(config or {})
    cfg.pop("project", None)
    if projects_dirs:
        cfg["projects"] = [os.path.abspath(d) for d in projects_dirs]
    data_dir = tempfile.mkdtemp(prefix="gateway_sim-check-")
    gw = None
    try:
        try:
            gw = Gateway(name="gateway-sim-check", data_dir=data_dir, version=version,
                         config=cfg or None, config_dir=config_dir or path)
            proj = gw.projects.load(path, start=False, allow_missing_parent=True)
        except _catch_all() as exc:
            rep.data["load"] = _one_line(exc, sys.exc_info()[2])
            return rep.data
        rep.data["project"] = proj.name
        if not str(version).startswith("8.3"):
            rep.data["warnings"].extend(_layout_83_warnings(path, version))
        rep.data["warnings"].extend(getattr(proj, "load_warnings", []))
        for parent in proj.missing_parents:
            rep.data["warnings"].append(
                "parent project %r is not on disk: its scripts, events and named queries are "
                "missing (pass the folder of projects with --projects)" % parent)
        with simulate(gw):
            proj.prepare()
            _check_modules(rep, proj)
            _check_names(rep, proj)
            if fire_events:
                _check_events(rep, proj, gw)
                _check_session_events(rep, proj, gw)
        return rep.data
    finally:
        if gw is not None:
            try:
                gw.shutdown()
            except _catch_all():
                pass
        shutil.rmtree(data_dir, True)


def _layout_83_warnings(path, version):
    """What an 8.1 check of a project written in Ignition 8.3's layout would miss."""
    from gateway_sim.project.session_events import PERSPECTIVE_DIR
    out = []
    for what, folders, old in (
            ("gateway events", ["ignition/%s/" % f for f in _event_folders_83(path)],
             "ignition/event-scripts/data.bin"),
            ("Perspective session events",
             ["%s/%s/" % (PERSPECTIVE_DIR, f) for f in _session_folders_83(path)],
             PERSPECTIVE_DIR + "/session-scripts/data.bin")):
        if folders:
            out.append("the project keeps its %s in Ignition 8.3 folders (%s), which an Ignition "
                       "%s gateway does not read (it keeps them in %s): check it with "
                       "--ignition 8.3" % (what, ", ".join(folders), version, old))
    return out


def _event_folders_83(path):
    """The 8.3 per-event folders (``timer``, ``message``...) present under ``ignition/``."""
    from gateway_sim.project.events import KINDS
    base = os.path.join(path, "ignition")
    return sorted(set(k[0] for k in KINDS.values()
                      if os.path.isdir(os.path.join(base, k[0]))))


def _session_folders_83(path):
    """The 8.3 session event folders (``startup``, ``message``...) under the Perspective
    module folder."""
    from gateway_sim.project.session_events import PERSPECTIVE_DIR, SESSION_KINDS
    base = os.path.join(path, PERSPECTIVE_DIR)
    return sorted(set(k[0] for k in SESSION_KINDS.values()
                      if os.path.isdir(os.path.join(base, k[0]))))


def _check_modules(rep, proj):
    ns = proj.namespace
    for dotted in sorted(proj.resolved.modules):
        try:
            ns.get(dotted)
            rep.row("module", dotted, OK)
        except _catch_all() as exc:
            rep.row("module", dotted, FAIL, _one_line(exc, sys.exc_info()[2]))
        except SystemExit as exc:  # a module calling sys.exit() at import
            rep.row("module", dotted, FAIL, "SystemExit: %s" % (exc,))


def _texts(proj):
    for dotted in sorted(proj.resolved.modules):
        src = proj.resolved.modules[dotted]
        yield "module %s" % dotted, _bmp_only(getattr(src, "text", "") or "")
    for key in sorted(proj.events):
        ev = proj.events[key]
        yield "event %s %s" % key, _bmp_only(ev.text or "")
    for key in sorted(proj.session_events):
        ev = proj.session_events[key]
        yield "event %s" % ev.label, _bmp_only(ev.text or "")


def _bmp_only(text):
    """``text`` with each character above U+FFFF (an emoji in a comment) replaced by ``?``.

    Jython 2.7's ``re`` reports match and group offsets in UTF-16 units while its unicode
    strings index by code point: after one such character every name the scan pulls out
    is shifted by one (``system.perspective.getSessionInfo`` came out as
    ``.perspectiv`` / ``.getSessionInf`` and was listed as missing). The names scanned
    for are ASCII, so nothing they match is lost."""
    if not IS_JYTHON or not isinstance(text, text_type):
        return text
    try:
        text.encode("ascii")
        return text
    except UnicodeError:
        pass
    return u"".join(c if ord(c) < 0x10000 else u"?" for c in text)


def _check_names(rep, proj):
    sys_missing = rep.data["missing"]["system"]
    java_missing = rep.data["missing"]["java"]
    seen_sys, seen_java = {}, {}
    for where, text in _texts(proj):
        for name in system_names(text):
            seen_sys.setdefault(name, []).append(where)
        for name in java_names(text):
            seen_java.setdefault(name, []).append(where)
    for name in sorted(seen_sys):
        why = _system_status(name)
        if why:
            sys_missing[name] = {"why": why, "used_in": seen_sys[name]}
    for name in sorted(seen_java):
        why = _java_status(name)
        if why:
            java_missing[name] = {"why": why, "used_in": seen_java[name]}


def _check_events(rep, proj, gw):
    order = {"startup": 0, "update": 1, "timer": 2, "scheduled": 3, "tag-change": 4,
             "message": 5, "shutdown": 9}
    keys = sorted(proj.events, key=lambda k: (order.get(k[0], 5), k[1]))
    for key in keys:
        event = proj.events[key]
        label = "%s %s" % (event.kind, event.name) if event.name != event.kind else event.kind
        if not event.enabled:
            rep.row("event", label, SKIP, "disabled in the project")
            continue
        when = ""
        try:
            fn = proj.handler(event)
            fn(*_event_args(event, gw))
            change = _change_args(event, gw) if event.kind == "tag-change" else None
            if change is not None:
                # the first call is the subscription's initial one, which scripts often
                # return from at once: a value change runs the body too
                when = "on a value change: "
                fn(*change)
            rep.row("event", label, OK)
        except _catch_all() as exc:
            rep.row("event", label, FAIL, when + _one_line(exc, sys.exc_info()[2]))
        except SystemExit as exc:
            rep.row("event", label, FAIL, "%sSystemExit: %s" % (when, exc))


def _check_session_events(rep, proj, gw):
    """Fire each session event once, in a session's order of life, against one simulated
    session of the project opened for the check (page ``/``), attached to the thread."""
    from gateway_sim.project.session_events import PAGE_KINDS
    from gateway_sim.project.session_runs import check_args, ordered, perspective, primary_view
    events = ordered(proj.session_events)
    if not events:
        return
    b = perspective(gw)
    sid = b.add_session(project=proj.name, username="gateway-sim-check",
                        securityLevels=["Authenticated"],
                        pages=[{"path": "/", "primaryView": primary_view(proj, "/")}])
    session = b.sessions[sid]
    page = session.pages[sorted(session.pages)[0]]
    for event in events:
        if not event.enabled:
            rep.row("event", event.label, SKIP, "disabled in the project")
            continue
        on_page = page if event.kind in PAGE_KINDS else None
        try:
            fn = proj.handler(event)
            args = check_args(event, session, page, gw.clock.now_ms())
            with b.attach(session, on_page):
                fn(*args)
            rep.row("event", event.label, OK)
        except _catch_all() as exc:
            rep.row("event", event.label, FAIL, _one_line(exc, sys.exc_info()[2]))
        except SystemExit as exc:
            rep.row("event", event.label, FAIL, "SystemExit: %s" % (exc,))
    with b._lock:
        b.sessions.pop(sid, None)   # closed without its shutdown script firing again


def failed(report):
    """True if the report has a load error or a failing row."""
    return bool(report.get("load")) or any(r["status"] == FAIL for r in report["rows"])


def summary(report):
    rows = report["rows"]
    counts = {}
    for r in rows:
        k = (r["kind"], r["status"])
        counts[k] = counts.get(k, 0) + 1
    return counts


def render(report):
    """The report as text lines: a table, then the missing names."""
    out = []
    if report.get("load"):
        out.extend("note: " + n for n in report.get("notes") or ())
        out.append("project %s: could not load: %s" % (report["project"], report["load"]))
        return out
    out.append("project %s on Ignition %s (%s)" % (report["project"], report["version"],
                                                  report["interpreter"]))
    for n in report.get("notes") or ():
        out.append("  note: " + n)
    for w in report.get("warnings") or ():
        out.append("  warning: " + w)
    width = max([len(r["name"]) for r in report["rows"]] + [4])
    for r in report["rows"]:
        line = "  %-6s %-*s  %-4s" % (r["kind"], width, r["name"], r["status"])
        if r["cause"]:
            line += "  " + r["cause"]
        out.append(line.rstrip())
    for kind, title in (("system", "system.* names"), ("java", "java / SDK names")):
        miss = report["missing"][kind]
        if miss:
            out.append("%s the simulator lacks:" % title)
            for name in sorted(miss):
                used = miss[name]["used_in"]
                out.append("  %s: %s (used in %s%s)" % (name, miss[name]["why"], used[0],
                                                        " and %d more" % (len(used) - 1)
                                                        if len(used) > 1 else ""))
    c = summary(report)
    parts = []
    for kind in ("module", "event"):
        ok = c.get((kind, OK), 0)
        bad = c.get((kind, FAIL), 0)
        if ok or bad:
            parts.append("%ss %d/%d OK" % (kind, ok, ok + bad))
    out.append("; ".join(parts) or "nothing to check")
    return out

