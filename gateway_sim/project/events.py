"""Gateway event scripts: find them on disk (8.3 folders, 8.1 data.bin or side file) and compile them.

8.3 keeps one resource per event (``ignition/timer/<Name>/handleTimerEvent.py``
with the ``def`` line, settings in ``resource.json`` attributes). 8.1 keeps all
events in ``ignition/event-scripts/data.bin`` (gzip + Ignition's binary
resource encoding), decoded by ``gateway_sim.project.events81`` into the same
``EventScript``s with the 8.3 attribute names. A side file
``gateway-events.yaml`` (or ``.json``) in the project folder remains an
alternative and, when present, replaces the data.bin (format in docs/simulator.md /
``SIDE_FILE_FORMAT``). A data.bin that cannot be decoded costs one warning
line, never the project; so does one event in it with bad settings.

A script file either holds the full handler (``def handleTimerEvent():`` + body)
or only the body; both are accepted (observed 8.3 exports differ on this).
May import: the standard library, ``gateway_sim.errors``, ``gateway_sim.project`` data modules.
"""
from __future__ import absolute_import, division, print_function

import os
import re

from gateway_sim._compat import integer_types, string_types
from gateway_sim.errors import ConfigError
from gateway_sim.project.model import read_json, read_resource, read_text

# kind -> (folder under ignition/, handler function, parameters, singleton?)
KINDS = {
    "startup": ("startup", "onStartup", (), True),
    "shutdown": ("shutdown", "onShutdown", (), True),
    "update": ("update", "onUpdate", ("actor", "resources"), True),
    "timer": ("timer", "handleTimerEvent", (), False),
    "scheduled": ("scheduled", "handleScheduleEvent", (), False),
    "tag-change": ("tag-change", "onTagChange",
                   ("initialChange", "newValue", "previousValue", "event", "executionCount"), False),
    "message": ("message", "handleMessage", ("payload",), False),
}

# How Ignition names the code of each event kind in tracebacks.
CODE_NAMES = {
    "startup": "StartupScript", "shutdown": "ShutdownScript", "update": "UpdateScript",
    "timer": "TimerScript", "scheduled": "ScheduledScript", "tag-change": "TagChangeScript",
    "message": "MessageHandlerScript",
}

CHANGE_TYPES = ("ValueChange", "QualityChange", "TimestampChange")
SIDE_FILES = ("gateway-events.yaml", "gateway-events.yml", "gateway-events.json")


class EventScript(object):
    """One gateway event: its kind, name, settings and script text."""

    def __init__(self, kind, name, text, attributes, project, display_path):
        self.kind = kind
        self.name = name
        self.text = text
        self.attributes = attributes
        self.project = project
        self.display_path = display_path

    @property
    def key(self):
        return (self.kind, self.name)

    kinds = KINDS  # kind -> (folder, handler, parameters, singleton?)

    @property
    def handler(self):
        return self.kinds[self.kind][1]

    @property
    def params(self):
        return self.kinds[self.kind][2]

    @property
    def enabled(self):
        return self.attributes.get("enabled", True) is not False

    def code_name(self, project_name):
        label = CODE_NAMES[self.kind]
        if KINDS[self.kind][3]:
            return "<%s:%s>" % (label, project_name)
        return "<%s:%s/%s>" % (label, project_name, self.name)

    def __repr__(self):
        return "<EventScript %s %s from %s>" % (self.kind, self.name, self.display_path)


def scan_events(info, side_file=None, strict=False, warn=None):
    """Every gateway event of one project (not merged with parents).

    ``strict``: a data.bin problem raises ConfigError instead of a warning (export).
    ``warn``: called with each warning line (default: the ``gateway_sim.project`` log).
    """
    out = []
    ign = os.path.join(info.path, "ignition")
    for kind in sorted(KINDS):
        folder, handler, _, singleton = KINDS[kind]
        base = os.path.join(ign, folder)
        if not os.path.isdir(base):
            continue
        if singleton:
            ev = _read_event_folder(info, kind, kind, base, warn, strict)
            if ev is not None:
                out.append(ev)
            continue
        for name in sorted(os.listdir(base)):
            sub = os.path.join(base, name)
            if os.path.isdir(sub):
                ev = _read_event_folder(info, kind, name, sub, warn, strict)
                if ev is not None:
                    out.append(ev)
    side = side_file or _find_side_file(info.path)
    if side:
        out.extend(read_side_file(info, side))
    elif os.path.isfile(os.path.join(ign, "event-scripts", "data.bin")):
        out[0:0] = read_data_bin(info, os.path.join(ign, "event-scripts", "data.bin"), warn,
                                  strict)
    return out


def _find_side_file(path):
    for fname in SIDE_FILES:
        cand = os.path.join(path, fname)
        if os.path.isfile(cand):
            return cand
    return None


def default_warn(line):
    """Where project-loading warnings go when the caller gives no ``warn``: Python logging."""
    import logging
    logging.getLogger("gateway_sim.project").warning("%s", line)


def read_data_bin(info, path, warn=None, strict=False):
    """The events of an 8.1 ``data.bin``; each problem is one ``warn`` line (raised if ``strict``)."""
    from gateway_sim.project import events81
    warn = warn or default_warn
    try:
        events, warnings = events81.read_events(info, path)
        if strict and warnings:
            raise ConfigError("; ".join(warnings), source=path)
    except ConfigError as exc:
        if strict:
            raise
        warn("project %s: its gateway events (ignition/event-scripts/data.bin) were not loaded: "
             "%s; describe them in %s/gateway-events.yaml instead (docs/simulator.md, "
             "'gateway events, 8.1 layout')" % (info.name, exc, info.path))
        return []
    for line in warnings:
        warn("project %s: %s" % (info.name, line))
    return events


def _read_event_folder(info, kind, name, folder, warn=None, strict=False):
    handler = KINDS[kind][1]
    res = read_resource(folder)
    files = [f for f in (res.get("files") or []) if f.endswith(".py")]
    candidates = [handler + ".py"] + files + sorted(f for f in os.listdir(folder) if f.endswith(".py"))
    script = None
    for fname in candidates:
        if os.path.isfile(os.path.join(folder, fname)):
            script = fname
            break
    if script is None:
        if not res:
            return None
        text = ("%s event %r has a resource.json but no %s.py; add the script file"
                % (kind, name, handler))
        if strict:
            raise ConfigError(text, source=folder)
        # one event without its script never sinks the project (seen in a real 8.3 export
        # whose startup folder holds only resource.json): it is skipped with a warning
        (warn or default_warn)("project %s: %s (in %s); the event is skipped"
                               % (info.name, text, folder))
        return None
    rel = os.path.relpath(os.path.join(folder, script), info.path).replace(os.sep, "/")
    attrs = dict(res.get("attributes") or {})
    try:
        check_attributes(kind, name, attrs, os.path.join(folder, "resource.json"))
    except ConfigError as exc:
        if strict:
            raise
        # one event with settings a gateway would refuse never sinks the project
        (warn or default_warn)("project %s: %s; the event is skipped" % (info.name, exc))
        return None
    return EventScript(kind, name, read_text(os.path.join(folder, script)), attrs, info.name,
                       "%s/%s" % (info.name, rel))


def check_attributes(kind, name, attrs, source):
    """Raise ConfigError (naming ``source`` and the fix) when an event's settings are invalid."""
    if kind == "timer":
        delay = attrs.get("delay", 10000)
        if not isinstance(delay, integer_types + (float,)) or isinstance(delay, bool) or delay <= 0:
            raise ConfigError("timer %r: delay must be a positive number of milliseconds, got %r"
                              % (name, delay), source=source)
    elif kind == "scheduled":
        if not attrs.get("cronExpression"):
            raise ConfigError("scheduled event %r needs a cronExpression such as \"0 2 * * *\""
                              % (name,), source=source)
        from gateway_sim.project.cron import CronSchedule
        CronSchedule(attrs["cronExpression"], source=source)
    elif kind == "tag-change":
        paths = attrs.get("paths")
        if not isinstance(paths, list) or not paths:
            raise ConfigError("tag-change event %r needs \"paths\": a list of tag paths" % (name,),
                              source=source)
        bad = [c for c in (attrs.get("changeTypes") or []) if c not in CHANGE_TYPES]
        if bad:
            raise ConfigError("tag-change event %r: unknown changeTypes %s; use %s"
                              % (name, bad, ", ".join(CHANGE_TYPES)), source=source)
    elif kind == "message":
        tt = attrs.get("threadType", "Shared")
        if tt not in ("Shared", "Dedicated"):
            raise ConfigError("message handler %r: threadType must be \"Shared\" or \"Dedicated\" "
                              "(case-sensitive), got %r" % (name, tt), source=source)


# --- 8.1 side file ------------------------------------------------------------

SIDE_FILE_FORMAT = """\
startup: |            # body or full 'def onStartup():'
  system.util.getLogger("demo").info("started")
shutdown: ...
update: ...
timers:
  - name: tick
    delay: 1000       # ms
    fixedDelay: true  # false = fixed rate
    enabled: true
    script: exchange.workflows.api.service.dispatch()
scheduled:
  - {name: nightly, cronExpression: "0 2 * * *", script: ...}
tagChange:
  - {name: level, paths: ["[default]Tank/Level"], changeTypes: [ValueChange], script: ...}
messages:
  - {name: hello, threadType: Shared, script: ...}
"""

_SIDE_LISTS = {"timers": "timer", "scheduled": "scheduled", "tagChange": "tag-change",
               "messages": "message"}


def read_side_file(info, path):
    """Events described by a ``gateway-events.yaml``/``.json`` side file."""
    if path.lower().endswith((".yaml", ".yml")):
        data = _read_yaml(path)
    else:
        data = read_json(path, "gateway events side file")
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ConfigError("the gateway events side file must be a mapping; format:\n" + SIDE_FILE_FORMAT,
                          source=path)
    known = set(["startup", "shutdown", "update"]) | set(_SIDE_LISTS)
    unknown = sorted(k for k in data if k not in known)
    if unknown:
        raise ConfigError("unknown key(s) %s in the gateway events side file; known: %s"
                          % (", ".join(unknown), ", ".join(sorted(known))), source=path)
    out = []
    disp = "%s/%s" % (info.name, os.path.basename(path))
    for kind in ("startup", "shutdown", "update"):
        if data.get(kind) is not None:
            entry = data[kind]
            if isinstance(entry, dict):
                attrs = dict((k, v) for k, v in entry.items() if k != "script")
                text = entry.get("script", "")
            else:
                attrs, text = {}, entry
            out.append(EventScript(kind, kind, _script_text(text, path, kind), attrs, info.name,
                                   "%s#%s" % (disp, kind)))
    for key in sorted(_SIDE_LISTS):
        kind = _SIDE_LISTS[key]
        entries = data.get(key) or []
        if not isinstance(entries, list):
            raise ConfigError("%s must be a list of {name:, script:, ...}" % key, source=path)
        for i, entry in enumerate(entries):
            node = "%s[%d]" % (key, i)
            if not isinstance(entry, dict) or not entry.get("name"):
                raise ConfigError("each entry needs a name and a script", source=path, node=node)
            attrs = dict((k, v) for k, v in entry.items() if k not in ("name", "script"))
            if kind == "scheduled" and "cron" in attrs:
                attrs["cronExpression"] = attrs.pop("cron")
            check_attributes(kind, entry["name"], attrs, "%s %s" % (path, node))
            out.append(EventScript(kind, str(entry["name"]),
                                   _script_text(entry.get("script", ""), path, node), attrs,
                                   info.name, "%s#%s" % (disp, node)))
    return out


def _script_text(text, path, node):
    if not isinstance(text, string_types):
        raise ConfigError("script must be text", source=path, node=node)
    return text


def _read_yaml(path):
    try:
        import yaml
    except ImportError:
        raise ConfigError("YAML side files need PyYAML (pip install pyyaml); on Jython write "
                          "gateway-events.json instead", source=path)
    try:
        with open(path) as f:
            return yaml.safe_load(f)
    except yaml.YAMLError as exc:
        raise ConfigError("invalid YAML: %s" % (exc,), source=path)


# --- compiling ----------------------------------------------------------------

def handler_source(event):
    """(source, line_offset): the script as a module defining the handler function.

    Text that already defines ``def <handler>(`` at column 0 is used as is;
    otherwise the text is a body and is wrapped (one line is added on top, so
    ``line_offset`` is 1).
    """
    text = event.text.replace("\r\n", "\n")
    if re.search(r"(?m)^def\s+%s\s*\(" % re.escape(event.handler), text):
        return text, 0
    lines = text.split("\n")
    body = ["\t" + ln if ln.strip() else "" for ln in lines]
    if not any(ln.strip() and not ln.lstrip().startswith("#") for ln in lines):
        body.append("\tpass")
    return "def %s(%s):\n%s\n" % (event.handler, ", ".join(event.params), "\n".join(body)), 1
