"""Alarm state read from tag paths: ``<tag>/Alarms/<alarm>.IsActive`` and config props.

Alarms are the tag's ``alarms`` list (reference section 2.6). ``IsActive`` is computed
at read time from the tag's current value; state changes go to the gateway's alarm
store (``gateway_sim.backends.alarms``: status, journal, ack, shelving) from the
tag-event thread (``process``), which also runs ``alarmActive``/``alarmCleared``
scripts. Modes: Equality, NotEqual, AboveValue, BelowValue, BetweenValues,
OutsideValues (``inclusiveA/B`` honoured), Bit (``bitPosition``, ``bitOnZero``),
WhenTrue, WhenFalse, BadQuality, OnCondition (``activeCondition``); any other mode
reads as not active. Properties may be bound: ``{"bindType": "Tag", "value": "[.]SP"}``
or ``{"bindType": "Expression", "value": "{[.]SP} * 1.1"}`` (an expression that fails
gives null); a change of the tag behind a bound property re-checks the alarm.
May import: stdlib, ``gateway_sim.quality``, ``gateway_sim.jvm``, tag siblings.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import string_types
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


def prop(backend, node, alarm, key, default=None):
    """An alarm property's value: plain, or bound (``{"bindType": "Tag", "value": path}``
    reads the tag, relative to the alarm's tag; ``"Expression"`` evaluates with ``{[.]x}``
    tag references, the UDT's ``{Param}`` and the alarm's own ``{property}`` values)."""
    v = alarm.get(key, default)
    if not isinstance(v, dict):
        return v
    kind = str(v.get("bindType", "")).lower()
    text = v.get("value", v.get("binding"))
    if not isinstance(text, string_types) or backend is None:
        return None
    if kind == "tag":
        _watch(backend, node, text)
        return backend.resolve_for(node, text).read().value
    if kind == "expression":
        from gateway_sim.expression import ExprError, ExpressionSyntaxError, compile_expression
        cache = node.__dict__.setdefault("_alarm_exprs", {})
        expr = cache.get(text)
        try:
            if expr is None:
                expr = cache[text] = compile_expression(text)
                local = set(k.lower() for k in node.params()) | set(k.lower() for k in alarm)
                for ref in expr.refs:
                    if ref.strip().lower() not in local:
                        _watch(backend, node, ref)
            return expr.evaluate(_AlarmContext(backend, node, alarm))
        except (ExprError, ExpressionSyntaxError):
            return None
    return None


def _watch(backend, node, text):
    """Re-check ``node``'s alarms when the tag behind a bound property changes."""
    seen = node.__dict__.setdefault("_alarm_watched", set())
    if text in seen:
        return
    seen.add(text)
    dep = getattr(backend.resolve_for(node, text), "node", None)
    if dep is not None and dep is not node:
        from gateway_sim.backends.alarms import store
        store(backend).watch(dep.key(), node)


class _AlarmContext(object):
    def __init__(self, backend, node, alarm):
        self.backend, self.node, self.alarm = backend, node, alarm
        self.worst = None
        self.state = {}

    def ref(self, text):
        low = text.strip().lower()
        for k, v in self.node.params().items():
            if k.lower() == low:
                return v
        for k, v in self.alarm.items():
            if k.lower() == low and not isinstance(v, dict):
                return v
        return self.backend.resolve_for(self.node, text).read().value

    def read_tag(self, path):
        return self.backend.resolve_for(self.node, path).read()

    def now_ms(self):
        return self.backend.clock.now_ms()

    def note_poll(self, ms):
        pass


def evaluate(backend, node, alarm, qv=None):
    """``(active, props)`` of ``alarm`` for ``qv`` (default the tag's value); ``props``
    are the alarm's evaluated properties (bindings resolved)."""
    props = {}
    for k in alarm:
        props[k] = prop(backend, node, alarm, k)
    return _active(props, node.qv if qv is None else qv), props


def is_active(node, alarm, qv=None, backend=None):
    return evaluate(backend, node, alarm, qv)[0]


def _active(alarm, qv):
    if alarm.get("enabled") is False:
        return False
    mode = str(alarm.get("mode", "Equality"))
    if mode == "BadQuality":
        return not qv.quality.isGood()
    if mode == "OnCondition":
        cond = alarm.get("activeCondition")
        try:
            return _truth(cond)
        except ValueError:
            return False
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
        on = bool((int(x) >> bit) & 1)
        return not on if alarm.get("bitOnZero") is True else on
    if b is None:
        return False
    lo_ok = x >= a if inc_a else x > a
    hi_ok = x <= b if inc_b else x < b
    if mode == "BetweenValues":
        return lo_ok and hi_ok
    if mode == "OutsideValues":
        return not (lo_ok and hi_ok)
    return False


def _truth(v):
    if v is None:
        return False
    if isinstance(v, string_types):
        s = v.strip().lower()
        if s in ("true", "false", ""):
            return s == "true"
        return float(s) != 0
    return bool(v)


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
            return QualifiedValue(is_active(self.node, self.alarm, backend=self.backend), QualityCode.Good, now)
        if p == "enabled":
            return QualifiedValue(self.alarm.get("enabled") is not False, QualityCode.Good, now)
        for k in self.alarm:
            if k.lower() == p:
                # A bound property reads as its bound value, never as the binding object.
                return QualifiedValue(prop(self.backend, self.node, self.alarm, k), QualityCode.Good, now)
        return QualifiedValue(None, QualityCode.Bad_NotFound.derive(
            "Path '%s/Alarms/%s.%s' not found." % (self.node.full_path(), self.alarm.get("name"), self.prop)), now)

    def write(self, value):
        return QualityCode.Bad_ReadOnly.derive("alarm state is read-only in gateway_sim; "
                                               "edit the tag's 'alarms' with system.tag.configure")


def process(backend, node, qv):
    """Apply ``node``'s alarms for ``qv`` to the gateway's alarm store (tag-event
    thread); returns ``[(eventid, AlarmEvent)]`` for alarmActive/alarmCleared scripts."""
    from gateway_sim.backends.alarms import store
    return store(backend).on_value(node, qv, lambda alarm, v: evaluate(backend, node, alarm, v))
