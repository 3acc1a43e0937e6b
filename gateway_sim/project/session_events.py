"""Perspective session event scripts: find them on disk (8.3 folders, 8.1 JSON data.bin).

Ignition 8.3 keeps one resource per session event under the Perspective module folder,
like gateway events: ``com.inductiveautomation.perspective/<folder>[/<Name>]/<function>.py``
with ``resource.json`` (attributes ``enabled``; ``threadType`` for message handlers).
Singletons: ``startup`` ``onStartup(session)``, ``shutdown`` ``onShutdown(session)``,
``page-startup`` ``onPageStartup(page)``, ``auth-challenge``
``onAuthChallengeCompleted(session, payload, result)``, ``barcode``
``onBarcodeDataReceived(session, data, context)``, ``bluetooth``
``onBluetoothReceived(session, data)``, ``accelerometer``
``onAccelerometerDataReceived(session, data, context)``, ``nfc-scan``
``onNdefDataReceived(session, data, context)``. Named: ``message/<Name>``
``handleMessage(session, payload)``, ``key-event/<Name>`` ``onKeyEvent(page, event)``,
``form-submission-handler/<Name>`` ``handleSubmission(session, name, data, files,
formContext, sessionContext, retry)`` (8.3 only). Source: the 8.3 manual's list of session
events and a third-party 8.3 tool's table of folders and signatures; the message handler's
``handleMessage(session, payload)`` is in real 8.3 project files.

Ignition 8.1 keeps them all in ``com.inductiveautomation.perspective/session-scripts/data.bin``,
plain UTF-8 JSON (not gzip): ``{"onStartup": "<body>", "onPageStartup": ...,
"messageHandlers": [{"name":, "enabled":, "script":}]}``, each script the tab-indented body
of its function (seen in real 8.1 projects). Unverified: a message handler's
``threadType`` key there (read when present), and key events (read from a
``"keyEvents"`` list shaped like ``messageHandlers``, when present).

A file may hold the full ``def`` line or only a body; both are accepted. One bad resource
costs one warning line naming its path and the fix, never the project.
May import: the standard library, ``gateway_sim.errors``, ``gateway_sim.project`` data modules.
"""
from __future__ import absolute_import, division, print_function

import io
import json
import os

from gateway_sim._compat import string_types
from gateway_sim.errors import ConfigError
from gateway_sim.project.events import EventScript, default_warn
from gateway_sim.project.model import read_resource, read_text

PERSPECTIVE_DIR = "com.inductiveautomation.perspective"
DATA_BIN = PERSPECTIVE_DIR + "/session-scripts/data.bin"

# kind -> (folder, handler function, parameters, singleton?, 8.1 data.bin key)
SESSION_KINDS = {
    "startup": ("startup", "onStartup", ("session",), True, "onStartup"),
    "shutdown": ("shutdown", "onShutdown", ("session",), True, "onShutdown"),
    "page-startup": ("page-startup", "onPageStartup", ("page",), True, "onPageStartup"),
    "auth-challenge": ("auth-challenge", "onAuthChallengeCompleted",
                       ("session", "payload", "result"), True, "onAuthChallengeCompleted"),
    "barcode": ("barcode", "onBarcodeDataReceived", ("session", "data", "context"), True,
                "onBarcodeDataReceived"),
    "bluetooth": ("bluetooth", "onBluetoothReceived", ("session", "data"), True,
                  "onBluetoothReceived"),
    "accelerometer": ("accelerometer", "onAccelerometerDataReceived",
                      ("session", "data", "context"), True, "onAccelerometerDataReceived"),
    "nfc-scan": ("nfc-scan", "onNdefDataReceived", ("session", "data", "context"), True,
                 "onNdefDataReceived"),
    "message": ("message", "handleMessage", ("session", "payload"), False, "messageHandlers"),
    "key-event": ("key-event", "onKeyEvent", ("page", "event"), False, "keyEvents"),
    "form-submission": ("form-submission-handler", "handleSubmission",
                        ("session", "name", "data", "files", "formContext", "sessionContext",
                         "retry"), False, None),
}

# Kinds whose first argument is a page (the page is attached while they run).
PAGE_KINDS = ("page-startup", "key-event")
# The order ``gateway-sim check`` fires them in: a session's life.
ORDER = ("startup", "page-startup", "auth-challenge", "message", "key-event", "barcode",
         "bluetooth", "accelerometer", "nfc-scan", "form-submission", "shutdown")
THREAD_TYPES = ("Shared", "Dedicated")


class SessionEventScript(EventScript):
    """One Perspective session event of a project (kind from ``SESSION_KINDS``)."""

    @property
    def key(self):
        # apart from the gateway events' keys (both have a "startup"), in handler caches
        # and ``event_runs``
        return ("session " + self.kind, self.name)

    kinds = SESSION_KINDS

    @property
    def singleton(self):
        return self.kinds[self.kind][3]

    @property
    def label(self):
        """``session startup``, ``session message <Name>``: how check and logs name it."""
        if self.singleton:
            return "session %s" % self.kind
        return "session %s %s" % (self.kind, self.name)

    @property
    def logger_name(self):
        # unverified: the logger a gateway reports session event errors on
        return "perspective.SessionScripts"

    def code_name(self, project_name):
        # unverified: how a gateway names session event code in tracebacks
        if self.singleton:
            return "<SessionScript:%s/%s>" % (project_name, self.handler)
        return "<SessionScript:%s/%s/%s>" % (project_name, self.kind, self.name)

    def __repr__(self):
        return "<SessionEventScript %s from %s>" % (self.label, self.display_path)


def scan_session_events(info, warn=None, strict=False):
    """Every session event of one project (not merged with parents): 8.3 folders, then the
    8.1 ``session-scripts/data.bin`` (a folder event wins over the same data.bin one).
    ``warn`` gets each warning line; ``strict`` raises ConfigError instead."""
    warn = warn or default_warn
    base = os.path.join(info.path, PERSPECTIVE_DIR)
    found = {}
    data_bin = os.path.join(base, "session-scripts", "data.bin")
    if os.path.isfile(data_bin):
        for ev in read_session_data_bin(info, data_bin, warn, strict):
            found[ev.key] = ev
    for kind in sorted(SESSION_KINDS):
        folder, _, _, singleton, _ = SESSION_KINDS[kind]
        root = os.path.join(base, folder)
        if not os.path.isdir(root):
            continue
        subs = [(kind, root)] if singleton else [
            (name, os.path.join(root, name)) for name in sorted(os.listdir(root))
            if os.path.isdir(os.path.join(root, name))]
        for name, sub in subs:
            ev = _guarded(info, warn, strict, sub, _read_folder, info, kind, name, sub)
            if ev is not None:
                found[ev.key] = ev
    return [found[k] for k in sorted(found)]


def _guarded(info, warn, strict, where, fn, *args):
    try:
        return fn(*args)
    except ConfigError as exc:
        if strict:
            raise
        warn("project %s: %s; the session event is skipped" % (info.name, exc))
    except (IOError, OSError, ValueError) as exc:
        if strict:
            raise ConfigError(str(exc), source=where)
        warn("project %s: session event in %s not loaded: %s; fix or re-export it from the "
             "Designer" % (info.name, where, exc))
    return None


def _read_folder(info, kind, name, folder):
    handler = SESSION_KINDS[kind][1]
    res = read_resource(folder)
    files = [f for f in (res.get("files") or []) if f.endswith(".py")]
    script = None
    for fname in [handler + ".py"] + files + sorted(f for f in os.listdir(folder)
                                                    if f.endswith(".py")):
        if os.path.isfile(os.path.join(folder, fname)):
            script = fname
            break
    if script is None:
        if not res:
            return None
        raise ConfigError("session %s event %r has a resource.json but no %s.py; add the "
                          "script file or delete the folder" % (kind, name, handler),
                          source=folder)
    attrs = res.get("attributes") or {}
    if not isinstance(attrs, dict):
        raise ConfigError("\"attributes\" must be a JSON object", source=os.path.join(
            folder, "resource.json"))
    attrs = dict(attrs)
    check_attributes(kind, name, attrs, os.path.join(folder, "resource.json"))
    rel = os.path.relpath(os.path.join(folder, script), info.path).replace(os.sep, "/")
    return SessionEventScript(kind, name, read_text(os.path.join(folder, script)), attrs,
                              info.name, "%s/%s" % (info.name, rel))


def check_attributes(kind, name, attrs, source):
    """Raise ConfigError (naming ``source`` and the fix) when an event's settings are invalid."""
    enabled = attrs.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError("session %s %r: \"enabled\" must be true or false, got %r"
                          % (kind, name, enabled), source=source)
    if kind == "message":
        tt = attrs.get("threadType", "Shared")
        if tt not in THREAD_TYPES:
            raise ConfigError("session message handler %r: threadType must be \"Shared\" or "
                              "\"Dedicated\" (case-sensitive), got %r" % (name, tt),
                              source=source)


def read_session_data_bin(info, path, warn=None, strict=False):
    """The session events of an 8.1 ``session-scripts/data.bin`` (JSON text)."""
    warn = warn or default_warn
    disp = "%s/%s" % (info.name, DATA_BIN)
    try:
        with io.open(path, "rb") as f:
            raw = f.read()
        if raw[:2] == b"\x1f\x8b":
            raise ConfigError("it is gzip, not the JSON text Ignition 8.1 writes for session "
                              "events; re-save the session events in the Designer",
                              source=path)
        data = json.loads(raw.decode("utf-8-sig"))
        if not isinstance(data, dict):
            raise ConfigError("it must hold a JSON object", source=path)
    except (ConfigError, ValueError, IOError, OSError) as exc:
        if strict:
            raise ConfigError(str(exc), source=path)
        warn("project %s: its Perspective session events (%s) were not loaded: %s; fix the "
             "JSON or re-save the session events in the Designer" % (info.name, DATA_BIN, exc))
        return []
    out = []
    for kind in sorted(SESSION_KINDS):
        _, _, _, singleton, key = SESSION_KINDS[kind]
        if key is None or key not in data:
            continue
        if singleton:
            text = data[key]
            if text is None:
                continue
            if not isinstance(text, string_types):
                _bad(info, warn, strict, path, "%r must be the script text, got %s"
                     % (key, type(text).__name__))
                continue
            out.append(SessionEventScript(kind, kind, text, {}, info.name,
                                          "%s#%s" % (disp, key)))
            continue
        entries = data[key]
        if not isinstance(entries, list):
            _bad(info, warn, strict, path, "%r must be a list of {\"name\", \"enabled\", "
                 "\"script\"}" % key)
            continue
        for i, entry in enumerate(entries):
            node = "%s[%d]" % (key, i)
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), string_types) \
                    or not entry.get("name") \
                    or not isinstance(entry.get("script", ""), string_types):
                _bad(info, warn, strict, path, "%s needs a \"name\" and a \"script\" (text)"
                     % node)
                continue
            attrs = dict((k, v) for k, v in entry.items() if k not in ("name", "script"))
            try:
                check_attributes(kind, entry["name"], attrs, "%s %s" % (path, node))
            except ConfigError as exc:
                if strict:
                    raise
                warn("project %s: %s; the session event is skipped" % (info.name, exc))
                continue
            out.append(SessionEventScript(kind, entry["name"], entry.get("script") or "",
                                          attrs, info.name, "%s#%s" % (disp, node)))
    return out


def _bad(info, warn, strict, path, text):
    if strict:
        raise ConfigError(text, source=path)
    warn("project %s: %s: %s; that session event is skipped (fix the JSON or re-save the "
         "session events in the Designer)" % (info.name, DATA_BIN, text))
