"""Alarm status, journal and shelving of a gateway (what ``system.alarm`` queries).

One ``AlarmStore`` per tag backend (``store(backend)``). Alarm state changes come
from the tag-event thread (``on_value``: the tag's new value evaluated against its
``alarms``, see ``gateway_sim.backends.tags.alarms``); ``sweep`` picks up alarms of
tags never evaluated yet (active at load). Each activation is an event with a new
UUID: ActiveUnacked -> (ack) ActiveAcked -> (clear) ClearAcked, or ActiveUnacked ->
ClearUnacked -> (ack) ClearAcked; a ClearAcked event leaves the status list. The
journal keeps one entry per Active / Clear / Ack transition (in memory, the
gateway's lifetime). ``ackMode: Auto`` acknowledges on clear.

Source paths are Ignition's ``prov:<provider>:/tag:<tag path>:/alm:<alarm name>``.
Unverified choices: AlarmState integers ClearUnacked 0, ClearAcked 1,
ActiveUnacked 2, ActiveAcked 3; ``getDataset()`` columns EventId, Source,
DisplayPath, EventTime, State, Priority; shelving hides events from queryStatus
(unless ``includeShelved``) but alarm scripts still run. ``timeOnDelaySeconds`` /
``timeOffDelaySeconds`` run on the gateway clock (a ``VirtualClock`` makes them exact).
Single-source 2.7/3.x. May import: stdlib, ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import re
import threading

from gateway_sim._compat import integer_types, string_types
from gateway_sim.jvm import UUID, Date

PRIORITIES = ("Diagnostic", "Low", "Medium", "High", "Critical")
STATES = ("ClearUnacked", "ClearAcked", "ActiveUnacked", "ActiveAcked")


class _Named(object):
    """An enum constant as Jython shows it: ``str()`` is the name; ``intValue()``."""

    def __init__(self, name, value):
        self.name, self.value = name, value

    def intValue(self):
        return self.value

    ordinal = intValue

    def __str__(self):
        return self.name

    __repr__ = __str__

    def __eq__(self, other):
        if isinstance(other, _Named):
            return self.name == other.name
        if isinstance(other, string_types):
            return self.name.lower() == other.lower()
        return NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash(self.name)


AlarmPriority = dict((n, _Named(n, i)) for i, n in enumerate(PRIORITIES))
AlarmState = dict((n, _Named(n, i)) for i, n in enumerate(STATES))


def priority_of(value):
    """An AlarmPriority from a name or number (default Low, as Ignition's)."""
    if value is None or isinstance(value, dict):
        return AlarmPriority["Low"]
    if isinstance(value, _Named):
        return value
    if isinstance(value, integer_types) and not isinstance(value, bool) and 0 <= value < 5:
        return AlarmPriority[PRIORITIES[value]]
    for n in PRIORITIES:
        if n.lower() == str(value).strip().lower():
            return AlarmPriority[n]
    raise ValueError("unknown alarm priority %r; use one of %s or 0-4" % (value, ", ".join(PRIORITIES)))


def state_of(value):
    if isinstance(value, _Named):
        return value
    if isinstance(value, integer_types) and not isinstance(value, bool) and 0 <= value < 4:
        return AlarmState[STATES[value]]
    for n in STATES:
        if n.lower() == str(value).strip().lower():
            return AlarmState[n]
    raise ValueError("unknown alarm state %r; use one of %s or 0-3" % (value, ", ".join(STATES)))


def source_path(node, alarm_name):
    return "prov:%s:/tag:%s:/alm:%s" % (node.provider.name, node.rel_path(), alarm_name)


class EventData(dict):
    """Active/clear/ack data of an event (a property set: ``get``, ``getTimeStamp``)."""

    def getTimeStamp(self):
        return self.get("eventTime")

    def contains(self, prop):
        return prop in self


class AlarmEvent(object):
    """One alarm event (``PyAlarmEvent``): id, source, state, priority and its data."""

    def __init__(self, store, node, alarm, props, now_ms):
        self._store = store
        self._node = node
        self._alarm = alarm
        self._id = UUID.randomUUID()
        self._name = str(alarm.get("name"))
        self._source = source_path(node, self._name)
        self._props = props          # evaluated alarm properties at activation
        try:
            self._priority = priority_of(props.get("priority"))
        except ValueError:
            self._priority = AlarmPriority["Low"]
        self._active = True
        self._acked = False
        self._active_data = EventData(props, eventTime=Date(now_ms), eventValue=node.qv.value)
        self._clear_data = None
        self._ack_data = None
        self._last = "Active"
        self._notes = props.get("notes")

    # --- Ignition's getters ---------------------------------------------------------
    def getId(self):
        return self._id

    def getName(self):
        return self._name

    def getSource(self):
        return self._source

    def getDisplayPath(self):
        v = self._props.get("displayPath")
        return "" if v is None else "%s" % (v,)

    def getDisplayPathOrSource(self):
        return self.getDisplayPath() or self._source

    def getLabel(self):
        return self._props.get("label") or self._name

    def getPriority(self):
        return self._priority

    def getNotes(self):
        return self._notes

    def getState(self):
        if self._active:
            return AlarmState["ActiveAcked" if self._acked else "ActiveUnacked"]
        return AlarmState["ClearAcked" if self._acked else "ClearUnacked"]

    def getLastEventState(self):
        return self._last

    def isAcked(self):
        return self._acked

    def isCleared(self):
        return not self._active

    def isShelved(self):
        return self._store.is_shelved(self._source)

    def getActiveData(self):
        return self._active_data

    def getClearedData(self):
        return self._clear_data

    def getAckData(self):
        return self._ack_data

    def get(self, prop):
        for d in (self._ack_data, self._clear_data, self._active_data):
            if d is not None and prop in d:
                return d[prop]
        return None

    def contains(self, prop):
        return self.get(prop) is not None

    def getEventTime(self):
        d = self._ack_data if self._last == "Ack" else (
            self._clear_data if self._last == "Clear" else self._active_data)
        return d.getTimeStamp()

    id = property(getId)
    name = property(getName)
    source = property(getSource)
    displayPath = property(getDisplayPath)
    label = property(getLabel)
    priority = property(getPriority)
    state = property(getState)
    acked = property(isAcked)
    cleared = property(isCleared)
    shelved = property(isShelved)
    notes = property(getNotes)

    def __repr__(self):
        return "AlarmEvent(%s, %s, %s)" % (self._source, self.getState(), self._priority)


class JournalEntry(AlarmEvent):
    """One journal row: the event as it was after one Active/Clear/Ack transition."""

    def __init__(self, event, kind, data):
        self.__dict__.update(event.__dict__)
        self._last = kind
        self._time = data.getTimeStamp()

    def getEventTime(self):
        return self._time


class AlarmQueryResult(list):
    """``AlarmQueryResultImpl``: a list of events plus ``getDataset``/``getEvent``."""

    def getEvent(self, uuid):
        for e in self:
            if str(e.getId()) == str(uuid):
                return e
        return None

    def getAssociatedData(self, uuid):
        e = self.getEvent(uuid)
        return None if e is None else e.getActiveData()

    def getDataset(self):
        from gateway_sim.dataset import BasicDataset
        rows = [[str(e.getId()), e.getSource(), e.getDisplayPath(), e.getEventTime(),
                 str(e.getState()), str(e.getPriority())] for e in self]
        return BasicDataset(["EventId", "Source", "DisplayPath", "EventTime", "State", "Priority"], rows,
                            ["java.lang.String", "java.lang.String", "java.lang.String",
                             "java.util.Date", "java.lang.String", "java.lang.String"])


class AlarmStore(object):
    def __init__(self, backend):
        self.backend = backend
        self.clock = backend.clock
        self.lock = threading.RLock()
        self.current = {}     # (source lower) -> open AlarmEvent (not ClearAcked)
        self.journal = []
        self.shelved = {}     # pattern -> (expiry ms, user, shelve time ms)
        self.seen = set()     # ids of nodes evaluated at least once
        self.pending = {}     # source -> timer of a time on/off delay
        self.deps = {}        # tag key -> alarm-bearing nodes with a property bound to it

    # --- state changes (tag-event thread) ---------------------------------------------
    def on_value(self, node, qv, active_of):
        """Apply ``node``'s alarm states for value ``qv``; returns [(eventid, AlarmEvent)]
        (``alarmActive``/``alarmCleared``) for the scripts. ``active_of(alarm, qv)`` ->
        (active, props). ``timeOnDelaySeconds``/``timeOffDelaySeconds`` postpone the
        change on the gateway clock; it happens only if the condition still holds then."""
        out = []
        with self.lock:
            self.seen.add(id(node))
            for alarm in node.alarms or []:
                if not isinstance(alarm, dict) or not alarm.get("name"):
                    continue
                active, props = active_of(alarm, qv)
                key = source_path(node, alarm["name"]).lower()
                ev = self.current.get(key)
                is_on = ev is not None and ev._active
                if active == is_on:
                    self._cancel_pending(key)
                    continue
                delay = _seconds(props.get("timeOnDelaySeconds" if active else "timeOffDelaySeconds"))
                if delay > 0:
                    if key not in self.pending:
                        self.pending[key] = self.clock.call_later(
                            delay, self._delayed, node, alarm, active_of, key,
                            name="alarm delay %s" % key)
                    continue
                self._change(node, alarm, key, active, props, qv, out)
        return out

    def _cancel_pending(self, key):
        t = self.pending.pop(key, None)
        if t is not None:
            t.cancel()

    def _delayed(self, node, alarm, active_of, key):
        """A delay ran out: change state if the condition still holds, run the scripts."""
        out = []
        with self.lock:
            if self.pending.pop(key, None) is None:
                return
            qv = node.qv
            active, props = active_of(alarm, qv)
            ev = self.current.get(key)
            if active != (ev is not None and ev._active):
                self._change(node, alarm, key, active, props, qv, out)
        from gateway_sim.backends.tags.events import Deferred
        events = self.backend.events
        for eid, ev in out:
            if node.script_text and eid in node.script_text and not node.inert:
                events.submit([Deferred(lambda eid=eid, ev=ev: events._run_script(
                    node, eid, None, None, False, alarm_event=ev))])

    def _change(self, node, alarm, key, active, props, qv, out):
        now = self.clock.now_ms()
        ev = self.current.get(key)
        if active:
            ev = AlarmEvent(self, node, alarm, props, now)
            self.current[key] = ev
            self.journal.append(JournalEntry(ev, "Active", ev._active_data))
            out.append(("alarmActive", ev))
            return
        ev._active = False
        ev._last = "Clear"
        ev._clear_data = EventData(eventTime=Date(now), eventValue=qv.value)
        self.journal.append(JournalEntry(ev, "Clear", ev._clear_data))
        if str(props.get("ackMode", "")).lower() == "auto":
            self._ack(ev, None, "auto", now)
        if ev._acked:
            self.current.pop(key, None)
        out.append(("alarmCleared", ev))

    def watch(self, key, node):
        with self.lock:
            self.deps.setdefault(key, set()).add(node)

    def queue_rechecks(self, changed, events):
        """Called by the tag backend when ``changed`` got a new value: queue a re-check of
        the alarms whose properties are bound to it (on the tag-event thread)."""
        watchers = self.deps.get(changed.key())
        if watchers:
            from gateway_sim.backends.tags.events import Deferred
            proc = self.backend.events
            for w in list(watchers):
                events.append(Deferred(lambda w=w: proc._alarm_scripts(w, w.qv)))

    def needs_sweep(self, node):
        return id(node) not in self.seen

    # --- acknowledgement ---------------------------------------------------------------
    def _ack(self, ev, notes, user, now):
        ev._acked = True
        ev._last = "Ack"
        ev._ack_data = EventData(eventTime=Date(now), ackUser=user, ackNotes=notes)
        if notes is not None:
            ev._notes = notes
        self.journal.append(JournalEntry(ev, "Ack", ev._ack_data))
        if not ev._active:
            self.current.pop(ev._source.lower(), None)

    def acknowledge(self, ids, notes, user):
        """Ack events by id; returns (ids that failed, [acked events])."""
        failed, acked = [], []
        now = self.clock.now_ms()
        with self.lock:
            by_id = dict((str(e.getId()), e) for e in self.current.values())
            for i in ids:
                ev = by_id.get(str(i))
                if ev is None or ev._acked:
                    failed.append(str(i))
                    continue
                self._ack(ev, notes, user, now)
                acked.append(ev)
        return failed, acked

    def cancel(self, ids):
        """Clear the given active events at once (their alarm stays evaluated)."""
        now = self.clock.now_ms()
        with self.lock:
            for ev in list(self.current.values()):
                if str(ev.getId()) in [str(i) for i in ids] and ev._active:
                    ev._active = False
                    ev._last = "Clear"
                    ev._clear_data = EventData(eventTime=Date(now), cancelled=True)
                    self.journal.append(JournalEntry(ev, "Clear", ev._clear_data))
                    if ev._acked:
                        self.current.pop(ev._source.lower(), None)

    # --- shelving -------------------------------------------------------------------------
    def shelve(self, paths, seconds, user):
        now = self.clock.now_ms()
        with self.lock:
            for p in paths:
                if seconds <= 0:
                    self.shelved.pop(p, None)
                else:
                    self.shelved[p] = (now + int(seconds * 1000), user, now)

    def unshelve(self, paths):
        with self.lock:
            for p in paths:
                self.shelved.pop(p, None)

    def _expire(self):
        now = self.clock.now_ms()
        for p, (exp, _, _) in list(self.shelved.items()):
            if exp <= now:
                self.shelved.pop(p, None)

    def is_shelved(self, source):
        with self.lock:
            self._expire()
            return any(path_matches(p, source) for p in self.shelved)

    def shelved_paths(self):
        with self.lock:
            self._expire()
            return [ShelvedPath(p, *v) for p, v in sorted(self.shelved.items())]

    # --- queries --------------------------------------------------------------------------
    def status(self):
        with self.lock:
            return list(self.current.values())

    def journal_entries(self):
        with self.lock:
            return list(self.journal)


class ShelvedPath(object):
    def __init__(self, path, expiry_ms, user, shelve_ms):
        self._path, self._exp, self._user, self._time = path, expiry_ms, user, shelve_ms

    def getPath(self):
        return self._path

    def getExpiration(self):
        return Date(self._exp)

    def getUser(self):
        return self._user

    def getShelveTime(self):
        return Date(self._time)

    def isExpired(self):
        return False

    path = property(getPath)
    expiration = property(getExpiration)
    user = property(getUser)

    def __repr__(self):
        return "ShelvedPath(%s)" % self._path


def _seconds(v):
    try:
        return float(v) if v is not None and not isinstance(v, (bool, dict)) else 0.0
    except (TypeError, ValueError):
        return 0.0


def wildcard_match(pattern, text):
    """Case-insensitive match where ``*`` is the only wildcard (brackets are literal)."""
    rx = _WILD.get(pattern)
    if rx is None:
        rx = re.compile("^" + ".*".join(re.escape(part) for part in
                                         ("%s" % (pattern,)).split("*")) + "$", re.I | re.S)
        if len(_WILD) < 1000:
            _WILD[pattern] = rx
    return rx.match("%s" % (text,)) is not None


_WILD = {}


def path_matches(pattern, text):
    """Source/display path matching: ``*`` wildcards; a trailing ``/*`` means below."""
    p, t = str(pattern).lower(), str(text).lower()
    if p.endswith("/*") and (t.startswith(p[:-1]) or t == p[:-2]):
        return True
    return wildcard_match(p, t)


def store(backend):
    s = backend.__dict__.get("_alarm_store")
    if s is None:
        with backend.lock:
            s = backend.__dict__.get("_alarm_store")
            if s is None:
                s = backend._alarm_store = AlarmStore(backend)
    return s
