"""Ignition 8.1 gateway events: ``ignition/event-scripts/data.bin`` <-> ``EventScript``s.

The file holds one ``ScriptConfig`` bean (binary encoding:
``gateway_sim.project.resource_codec``, beans: ``gateway_sim.project.beans``):

* ``setStartupScript`` / ``setShutdownScript`` / ``setUpdateScript`` (text);
* ``setTimerScripts``: map ``TimerKey`` -> script, the key having ``setName``,
  ``setDelay`` (long ms), ``setEnabled``, ``setFixedDelay``, ``setSharedThread``;
* ``setMessageHandlerScripts``: map ``MessageHandlerKey`` -> script (``setName``,
  ``setThreadType`` "Shared"/"Dedicated", ``setEnabled``);
* ``setTagChangeScripts``: list of ``TagChangeScript`` (``setName``, ``setScript``,
  ``setPaths`` list, ``setChangeTypes`` enum set of
  ``FilteredTagChangeListener$TagChangeType``, ``setEnabled``);
* ``setScheduledScripts``: list of ``ScheduledScript`` (``setName``,
  ``setScript``, ``setCronExpression``, ``setEnabled``).

Only non-default properties are written, so an event's attributes hold what
the file sets, under the 8.3 ``resource.json`` attribute names (``delay``,
``fixedDelay``, ``sharedThread``, ``enabled``, ``threadType``, ``paths``,
``changeTypes``, ``cronExpression``); absent ones take the loader's defaults.
Setter names come from real 8.0.7-8.1.47 files, except ``setFixedDelay`` /
``setSharedThread`` (the ``TimerKey`` javadoc) and ``MessageHandlerKey.setEnabled``
(unverified: by analogy with the other keys). A setter this module does not
know is skipped with one warning line naming it; the rest still loads.
May import: the standard library and ``gateway_sim.project``'s data modules.
"""
from __future__ import absolute_import, division, print_function

import re
import textwrap
import time

from gateway_sim._compat import integer_types, string_types
from gateway_sim.errors import ConfigError
from gateway_sim.project import beans, resource_codec
from gateway_sim.project.beans import Bean, EnumSet, JavaMap

PKG = "com.inductiveautomation.ignition.common."
SCRIPT_CONFIG = PKG + "script.ScriptConfig"
TIMER_KEY = PKG + "script.TimerKey"
MESSAGE_KEY = PKG + "script.message.MessageHandlerKey"
TAG_CHANGE = PKG + "script.TagChangeScript"
SCHEDULED = PKG + "script.ScheduledScript"
CHANGE_TYPE = PKG + "util.FilteredTagChangeListener$TagChangeType"
RELATIVE_PATH = "ignition/event-scripts/data.bin"
# written into <objects framework.version=..>; the oldest 8.1 so any 8.1 gateway reads it
# without the "generated in a newer version" note (unverified that the gateway checks it)
FRAMEWORK_VERSION = "8.1.0"

SINGLE = (("startup", "setStartupScript"), ("shutdown", "setShutdownScript"),
          ("update", "setUpdateScript"))
MAPS = {"setTimerScripts": ("timer", TIMER_KEY), "setMessageHandlerScripts": ("message", MESSAGE_KEY)}
LISTS = {"setTagChangeScripts": ("tag-change", TAG_CHANGE), "setScheduledScripts": ("scheduled",
                                                                                    SCHEDULED)}
STR, BOOL, LONG, LIST, ENUMS = "str", "b", "l", "java.util.List", "java.util.EnumSet"
# bean class -> setter -> (attribute, signature type)
SETTERS = {
    TIMER_KEY: {"setName": ("name", STR), "setDelay": ("delay", LONG),
                "setEnabled": ("enabled", BOOL), "setFixedDelay": ("fixedDelay", BOOL),
                "setSharedThread": ("sharedThread", BOOL)},
    MESSAGE_KEY: {"setName": ("name", STR), "setThreadType": ("threadType", STR),
                  "setEnabled": ("enabled", BOOL)},
    TAG_CHANGE: {"setName": ("name", STR), "setScript": ("script", STR),
                 "setEnabled": ("enabled", BOOL), "setPaths": ("paths", LIST),
                 "setChangeTypes": ("changeTypes", ENUMS)},
    SCHEDULED: {"setName": ("name", STR), "setScript": ("script", STR),
                "setEnabled": ("enabled", BOOL), "setCronExpression": ("cronExpression", STR)},
}
_CHECKS = {STR: string_types, BOOL: (bool,), LONG: integer_types, LIST: (list,), ENUMS: (EnumSet,)}


def read_events(info, path):
    """``(events, warnings)`` of the ``data.bin`` at ``path`` for project ``info``.

    Raises ConfigError (naming the file, and the byte offset for encoding
    problems) when the file cannot be read as a ScriptConfig at all; problems
    with one event or one setter are returned as warning lines instead.
    """
    doc = resource_codec.read_file(path)
    values = beans.document_values(doc, path)
    return events_from_values(values, info.name, "%s/%s" % (info.name, RELATIVE_PATH), path)


def events_from_values(values, project, display, source=None):
    from gateway_sim.project.events import EventScript, check_attributes
    configs = [v for v in values if isinstance(v, Bean) and v.cls == SCRIPT_CONFIG]
    if len(configs) != 1:
        raise ConfigError("expected one %s object, found %s" % (
            SCRIPT_CONFIG, ", ".join(_type_name(v) for v in values) or "nothing"), source=source)
    events, warnings = [], []
    for method, sig, args in configs[0].calls:
        where = "%s#%s" % (display, method)
        arg = args[0] if len(args) == 1 else None
        single = dict((m, k) for k, m in SINGLE)
        try:
            if method in single:
                kind = single[method]
                _expect(arg, string_types, method, "text")
                events.append((kind, kind, arg, {}, "%s#%s" % (display, kind)))
            elif method in MAPS:
                kind, key_cls = MAPS[method]
                _expect(arg, (JavaMap,), method, "a map")
                for key, script in arg.items:
                    name, attrs = _bean_attrs(key, key_cls, method, warnings, where)
                    _expect(script, string_types, "%s %r" % (kind, name), "script text")
                    events.append((kind, name, script, attrs, "%s#%s/%s" % (display, kind, name)))
            elif method in LISTS:
                kind, cls = LISTS[method]
                _expect(arg, (list,), method, "a list")
                for item in arg:
                    name, attrs = _bean_attrs(item, cls, method, warnings, where)
                    script = attrs.pop("script", "")
                    events.append((kind, name, script, attrs, "%s#%s/%s" % (display, kind, name)))
            else:
                warnings.append("%s: ScriptConfig.%s is not understood by the simulator; ignored"
                                % (display, method))
        except ConfigError as exc:
            warnings.append("%s: %s; skipped" % (where, exc))
    out = []
    for kind, name, text, attrs, disp in events:
        try:
            check_attributes(kind, name, attrs, disp)
        except ConfigError as exc:
            warnings.append("%s; event skipped" % (exc,))
            continue
        out.append(EventScript(kind, name, text, attrs, project, disp))
    return out, warnings


def _type_name(value):
    return getattr(value, "cls", type(value).__name__)


def _expect(value, types, what, label):
    if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
        raise ConfigError("%s must be %s, got %r" % (what, label, value))


def _bean_attrs(bean, cls, method, warnings, where):
    if not isinstance(bean, Bean) or bean.cls != cls:
        raise ConfigError("%s holds %s where %s was expected" % (method, _type_name(bean), cls))
    known = SETTERS[cls]
    attrs = {}
    for setter, _sig, args in bean.calls:
        if setter not in known:
            warnings.append("%s: %s.%s is not understood by the simulator; ignored"
                            % (where, cls.rsplit(".", 1)[-1], setter))
            continue
        attr, kind = known[setter]
        value = args[0] if len(args) == 1 else None
        if not isinstance(value, _CHECKS[kind]) or (kind != BOOL and isinstance(value, bool)):
            raise ConfigError("%s.%s must hold a %s, got %r" % (cls.rsplit(".", 1)[-1], setter,
                                                                 kind, value))
        if kind == ENUMS:
            value = list(value.names)
        elif kind == LONG:
            value = int(value)  # a Python 2 long that fits becomes an int
        elif kind == LIST:
            if not all(isinstance(p, string_types) for p in value):
                raise ConfigError("%s must be a list of texts, got %r" % (setter, value))
            value = list(value)
        attrs[attr] = value
    name = attrs.pop("name", None)
    if not name:
        raise ConfigError("a %s without a name" % cls.rsplit(".", 1)[-1])
    return name, attrs


# --- writing ----------------------------------------------------------------------------

def script_config(events):
    """The ``ScriptConfig`` bean of ``events`` (EventScripts of one project)."""
    by_kind = {}
    for ev in events:
        by_kind.setdefault(ev.kind, []).append(ev)
    calls = []
    for kind, method in SINGLE:
        # 8.1 has no "enabled" for these: a disabled one is left out (it would never run)
        if kind in by_kind and by_kind[kind][0].attributes.get("enabled", True) is not False:
            calls.append((method, (STR,), [by_kind[kind][0].text]))
    for method, (kind, cls) in MAPS.items():
        if kind in by_kind:
            items = [(_bean(cls, ev, script=False), ev.text) for ev in _by_name(by_kind[kind])]
            calls.append((method, ("java.util.Map",), [JavaMap("java.util.HashMap", items)]))
    for method, (kind, cls) in LISTS.items():
        if kind in by_kind:
            calls.append((method, (LIST,), [[_bean(cls, ev, script=True)
                                              for ev in _by_name(by_kind[kind])]]))
    known = set(k for k, _ in SINGLE) | set(k for k, _ in MAPS.values()) | \
        set(k for k, _ in LISTS.values())
    unknown = sorted(set(by_kind) - known)
    if unknown:
        raise ConfigError("event kind(s) %s cannot be written to an 8.1 data.bin" % unknown)
    calls.sort(key=lambda c: c[0])  # Ignition writes setters in name order
    return Bean(SCRIPT_CONFIG, calls)


def _by_name(events):
    return sorted(events, key=lambda ev: (ev.name.lower(), ev.name))


def _bean(cls, ev, script):
    attrs = dict(ev.attributes)
    attrs["name"] = ev.name
    if script:
        attrs["script"] = ev.text
    calls = []
    by_attr = dict((attr, (setter, kind)) for setter, (attr, kind) in SETTERS[cls].items())
    for attr in sorted(attrs):
        if attr not in by_attr:
            if attr == "lastModification" or attr == "lastModificationSignature":
                continue
            raise ConfigError("%s event %r: setting %r has no 8.1 equivalent (known: %s)"
                              % (ev.kind, ev.name, attr, ", ".join(sorted(
                                  a for a in by_attr if a not in ("name", "script")))),
                              source=ev.display_path)
        setter, kind = by_attr[attr]
        value = attrs[attr]
        if kind == ENUMS:
            value = EnumSet(CHANGE_TYPE, list(value))
        elif kind == LONG:
            if isinstance(value, bool) or not isinstance(value, integer_types + (float,)):
                raise ConfigError("%s event %r: %s must be a number, got %r"
                                  % (ev.kind, ev.name, attr, value), source=ev.display_path)
            value = int(value)
        elif kind == LIST:
            value = list(value)
        elif kind == BOOL:
            value = bool(value)
        calls.append((setter, (kind,), [value]))
    calls.sort(key=lambda c: c[0])
    return Bean(cls, calls)


# How 8.1 stores each kind's text (observed in real files): message handlers with their
# "def handleMessage(payload):" line, scheduled scripts as a body indented one tab,
# timer / tag change scripts as a body at column 0; startup / shutdown / update are taken
# to be like timers (unverified: the samples hold only an empty update script).
FULL_DEF = ("message",)
INDENTED_BODY = ("scheduled",)


def text_for_81(kind, text):
    """``text`` (8.3 file with the ``def`` line, or a body) in the form 8.1 stores for ``kind``."""
    from gateway_sim.project.events import KINDS
    handler, params = KINDS[kind][1], KINDS[kind][2]
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")), None)
    has_def = first is not None and re.match(r"def\s+%s\s*\(" % re.escape(handler), lines[first])
    if kind in FULL_DEF:
        if has_def:
            return text
        return "def %s(%s):\n%s" % (handler, ", ".join(params),
                                     "\n".join("\t" + ln if ln.strip() else ln for ln in lines))
    if has_def:
        lines = lines[first + 1:]
        indent = next((re.match(r"[ \t]*", ln).group(0) for ln in lines if ln.strip()), "")
        lines = [ln[len(indent):] if indent and ln.startswith(indent) else ln for ln in lines]
    if kind in INDENTED_BODY:
        if any(ln.strip() and not ln[:1].isspace() for ln in lines):
            lines = ["\t" + ln if ln.strip() else ln for ln in lines]
    elif any(ln.strip() for ln in lines) and \
            next(ln for ln in lines if ln.strip())[:1].isspace():
        return textwrap.dedent("\n".join(lines))  # a body must start at column 0 here
    return "\n".join(lines)


def java_date_text(epoch_ms):
    """``java.util.Date.toString()`` of ``epoch_ms`` in UTC (``Sat Oct 08 22:27:45 UTC 2022``)."""
    return time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(epoch_ms // 1000))


def encode_events(events, timestamp_ms=None, framework_version=FRAMEWORK_VERSION):
    """The gzipped ``data.bin`` bytes holding ``events``, as Ignition 8.1 writes them."""
    if timestamp_ms is None:
        timestamp_ms = int(time.time() * 1000)
    attrs = [("framework.version", framework_version), ("timestamp", java_date_text(timestamp_ms))]
    doc = beans.values_document([script_config(events)], attrs, timestamp_ms)
    return resource_codec.encode(doc)


def event_tuples(events):
    """A comparable, sorted view of events: (kind, name, text, attributes as sorted items)."""
    return sorted((ev.kind, ev.name, ev.text, sorted(ev.attributes.items())) for ev in events)
