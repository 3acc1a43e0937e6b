"""Alarm state read from tag paths: ``<tag>/Alarms/<alarm>.IsActive`` and config props.

Alarms are the tag's ``alarms`` list (reference section 2.6). ``IsActive`` is computed
at read time from the tag's current value; ``alarmActive``/``alarmCleared`` event
scripts run on state transitions (``events``) with an ``AlarmEvent`` subset. No alarm
journal, acknowledgement, shelving or ``system.alarm`` yet. Modes: Equality, NotEqual, AboveValue, BelowValue,
BetweenValues, OutsideValues, Bit (``bitPosition``), WhenTrue, WhenFalse,
BadQuality (``inclusiveA/B`` honoured); any other mode reads as not active.
May import: stdlib, ``gateway_sim.quality``, ``gateway_sim.jvm``, tag siblings.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.jvm import Date
from gateway_sim.quality import QualifiedValue, QualityCode


def find_alarm(node, name):
    for a in node.alarms or []:
        if isinstance(a, dict) and str(a.get("name", "")).lower() == name.lower():
            return a
    return None


def _num(v):
    if isinstance(v, dict):
        return None   # an unresolved binding
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def is_active(node, alarm, qv=None):
    """Alarm state for ``qv`` (default: the tag's current value)."""
    if alarm.get("enabled") is False:
        return False
    qv = node.qv if qv is None else qv
    mode = str(alarm.get("mode", "Equality"))
    if mode == "BadQuality":
        return not qv.quality.isGood()
    v = qv.value
    if v is None:
        return False
    if mode in ("WhenTrue", "WhenFalse"):
        return bool(v) == (mode == "WhenTrue")
    x = _num(v)
    a = _num(alarm.get("setpointA", 0))
    b = _num(alarm.get("setpointB", 0))
    inc_a = alarm.get("inclusiveA", True) is not False
    inc_b = alarm.get("inclusiveB", True) is not False
    if x is None or a is None:
        return False
    if mode == "Equality":
        return x == a
    if mode == "NotEqual":
        return x != a
    if mode == "AboveValue":
        return x >= a if inc_a else x > a
    if mode == "BelowValue":
        return x <= a if inc_a else x < a
    if mode == "Bit":
        bit = int(_num(alarm.get("bitPosition", 0)) or 0)
        return bool((int(x) >> bit) & 1)
    if b is None:
        return False
    lo_ok = x >= a if inc_a else x > a
    hi_ok = x <= b if inc_b else x < b
    if mode == "BetweenValues":
        return lo_ok and hi_ok
    if mode == "OutsideValues":
        return not (lo_ok and hi_ok)
    return False


class AlarmRef(object):
    """``<tag>/Alarms/<alarm>[.Property]`` (read-only)."""
    __slots__ = ("backend", "node", "alarm", "prop")

    def __init__(self, backend, node, alarm, prop):
        self.backend = backend
        self.node = node
        self.alarm = alarm
        self.prop = prop or "IsActive"

    def read(self):
        now = Date(self.backend.clock.now_ms())
        p = self.prop.lower()
        if p in ("isactive", "value"):
            return QualifiedValue(is_active(self.node, self.alarm), QualityCode.Good, now)
        if p == "enabled":
            return QualifiedValue(self.alarm.get("enabled") is not False, QualityCode.Good, now)
        for k, v in self.alarm.items():
            if k.lower() == p:
                return QualifiedValue(v, QualityCode.Good, now)
        return QualifiedValue(None, QualityCode.Bad_NotFound.derive(
            "Path '%s/Alarms/%s.%s' not found." % (self.node.full_path(), self.alarm.get("name"), self.prop)), now)

    def write(self, value):
        return QualityCode.Bad_ReadOnly.derive("alarm state is read-only in gateway_sim; "
                                               "edit the tag's 'alarms' with system.tag.configure")


class AlarmEvent(object):
    """The ``alarmEvent`` argument of alarm event scripts (a small subset of Ignition's
    AlarmEvent: id, name, source path, priority, display path, active/cleared state)."""

    def __init__(self, node, alarm, active, now_ms):
        from gateway_sim.jvm import UUID
        self._id = UUID.randomUUID()
        self._node = node
        self._alarm = alarm
        self._active = active
        self._time = Date(now_ms)

    def getId(self):
        return self._id

    def getName(self):
        return self._alarm.get("name")

    def getSource(self):
        return "%s/Alarms/%s" % (self._node.full_path(), self._alarm.get("name"))

    def getDisplayPath(self):
        return self._alarm.get("displayPath") or ""

    def getPriority(self):
        return self._alarm.get("priority", "Low")

    def getLabel(self):
        return self._alarm.get("label") or self._alarm.get("name")

    def isCleared(self):
        return not self._active

    def isAcked(self):
        return False

    def getActiveData(self):
        return dict(self._alarm)

    def getTime(self):
        return self._time

    id = property(getId)
    name = property(getName)
    source = property(getSource)
    priority = property(getPriority)
    displayPath = property(getDisplayPath)
    label = property(getLabel)
    cleared = property(isCleared)
    acked = property(isAcked)

    def __repr__(self):
        return "AlarmEvent(%s, %s)" % (self.getSource(), "active" if self._active else "cleared")


def transitions(node, qv):
    """(alarm, active) pairs whose state changed since the last call, evaluated for
    the event's value ``qv`` (first call: only alarms that are active). Called on
    the tag-event thread only, in event order."""
    state = node.__dict__.setdefault("_alarm_state", {})
    out = []
    for a in node.alarms or []:
        if not isinstance(a, dict) or not a.get("name"):
            continue
        now = is_active(node, a, qv)
        key = str(a["name"]).lower()
        if state.get(key, False) != now:
            out.append((a, now))
        state[key] = now
    return out
