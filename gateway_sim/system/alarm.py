# -*- coding: utf-8 -*-
"""``system.alarm``: query, acknowledge, shelve the simulated gateway's tag alarms.

State lives in ``gateway_sim.backends.alarms`` (status, journal, shelving), fed by the
tags' ``alarms`` configs (``gateway_sim.backends.tags.alarms``). Parameters and return
types follow the ignition-api 8.1/8.3 stubs: ``queryStatus``/``queryJournal`` ->
AlarmQueryResult (a list of alarm events with ``getDataset()``/``getEvent(id)``),
``acknowledge`` -> list of the event ids that could not be acknowledged, ``shelve``/
``unshelve``/``cancel`` -> None, ``getShelvedPaths`` -> list of ShelvedPath.

Filters: ``priority`` (names or 0-4), ``state`` (``ActiveUnacked``... or 0-3; for the
journal also the event kinds ``Active``/``Clear``/``Ack``), ``path``/``source``
(source paths ``prov:default:/tag:Tank/Level:/alm:High``, ``*`` wildcards, a trailing
``/*`` matches below), ``displaypath``, ``all_properties``/``any_properties``
(``(name, op, value)`` with ``= != < <= > >=``), ``defined``, ``includeShelved``,
``provider`` (journal). A query first lets queued tag events finish (so a write just
made is reflected) and picks up alarms already active when their tags loaded.
Unverified: ``username`` omitted in ``acknowledge`` records no user; the journal is
the gateway's only journal whatever ``journalName`` says; ``isSystem``/
``includeSystem`` match nothing (the simulator has no system alarm events).
Single-source 2.7/3.x. May import: ``gateway_sim`` core, ``gateway_sim.backends``.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.backends import alarms as _store_mod
from gateway_sim.registry import implements

_EVENT_THREAD = "gateway-sim-tag-events"
_KINDS = ("active", "clear", "ack")


def _backend():
    return runtime.current().tags


def _ready():
    """The alarm store, current with every queued tag event and every loaded tag."""
    backend = _backend()
    if threading.current_thread().name != _EVENT_THREAD:
        backend.flush_events()
    store = _store_mod.store(backend)
    from gateway_sim.backends.tags import alarms as tag_alarms
    for prov in list(backend.providers.values()):
        for node in prov.root.walk():
            if node.tag_type == "AtomicTag" and node.alarms and not node.inert and \
                    store.needs_sweep(node):
                for eid, ev in tag_alarms.process(backend, node, node.qv):
                    _queue_script(backend, node, eid, ev)
    return store


def _queue_script(backend, node, eid, ev):
    if node.script_text and eid in node.script_text:
        from gateway_sim.backends.tags.events import Deferred
        proc = backend.events
        proc.submit([Deferred(lambda: proc._run_script(node, eid, None, None, False, alarm_event=ev))])


def _as_list(v, what):
    if v is None:
        return None
    if isinstance(v, string_types):
        raise TypeError("%s must be a list (e.g. [%r]), got the string %r" % (what, v, v))
    return list(v)


def _priorities(values):
    if values is None:
        return None
    return set(str(_store_mod.priority_of(v)) for v in _as_list(values, "priority"))


def _op(have, op, want):
    try:
        if op == "=":
            return have == want
        if op == "!=":
            return have != want
        if have is None:
            return False
        if op == "<":
            return have < want
        if op == "<=":
            return have <= want
        if op == ">":
            return have > want
        if op == ">=":
            return have >= want
    except TypeError:
        return False
    raise ValueError("property condition %r is not one of = != < <= > >=" % (op,))


def _prop_match(ev, cond):
    name, op, want = cond
    have = ev.get(name)
    if name.lower() == "priority":
        have = ev.getPriority().intValue()
        want = _store_mod.priority_of(want).intValue()
    return _op(have, op, want)


def _filter(events, priority, state, path, source, displaypath, all_properties,
            any_properties, defined, states_of):
    prios = _priorities(priority)
    wanted = None
    if state is not None:
        wanted = set()
        for s in _as_list(state, "state"):
            if isinstance(s, string_types) and s.strip().lower() in _KINDS:
                wanted.add(s.strip().lower())
            else:
                wanted.add(str(_store_mod.state_of(s)).lower())
    pats = (_as_list(path, "path") or []) + (_as_list(source, "source") or [])
    dpats = _as_list(displaypath, "displaypath")
    alls = _as_list(all_properties, "all_properties")
    anys = _as_list(any_properties, "any_properties")
    need = _as_list(defined, "defined")
    out = []
    for ev in events:
        if prios is not None and str(ev.getPriority()) not in prios:
            continue
        if wanted is not None and not (states_of(ev) & wanted):
            continue
        if pats and not any(_store_mod.path_matches(p, ev.getSource()) for p in pats):
            continue
        if dpats and not any(_store_mod.path_matches(p, ev.getDisplayPath()) for p in dpats):
            continue
        if alls and not all(_prop_match(ev, c) for c in alls):
            continue
        if anys and not any(_prop_match(ev, c) for c in anys):
            continue
        if need and not all(ev.contains(n) for n in need):
            continue
        out.append(ev)
    return _store_mod.AlarmQueryResult(out)


@implements("system.alarm.queryStatus")
def queryStatus(priority=None, state=None, path=None, source=None, displaypath=None,
                all_properties=None, any_properties=None, defined=None, includeShelved=False):
    """Current alarm events (not yet cleared and acknowledged), filtered."""
    store = _ready()
    events = [e for e in store.status() if includeShelved or not e.isShelved()]
    return _filter(events, priority, state, path, source, displaypath, all_properties,
                   any_properties, defined, lambda e: set([str(e.getState()).lower()]))


@implements("system.alarm.queryJournal")
def queryJournal(startDate=None, endDate=None, journalName=None, priority=None, state=None,
                 path=None, source=None, displaypath=None, all_properties=None,
                 any_properties=None, defined=None, includeData=None, includeSystem=None,
                 includeShelved=None, isSystem=None, provider=None):
    """Journal entries (one per Active / Clear / Ack transition) in [startDate, endDate]
    (default: the last 8 hours)."""
    store = _ready()
    now = store.clock.now_ms()
    start = startDate.getTime() if startDate is not None else now - 8 * 3600 * 1000
    end = endDate.getTime() if endDate is not None else now
    provs = _as_list(provider, "provider")
    provs = set(p.lower() for p in provs) if provs else None
    rows = []
    for e in store.journal_entries():
        t = e.getEventTime().getTime()
        if t < start or t > end or isSystem:
            continue
        if provs is not None and e.getSource().split(":")[1].lower() not in provs:
            continue
        if not includeShelved and e.isShelved():
            continue
        rows.append(e)
    return _filter(rows, priority, state, path, source, displaypath, all_properties,
                   any_properties, defined,
                   lambda e: set([e.getLastEventState().lower(), str(e.getState()).lower()]))


@implements("system.alarm.acknowledge")
def acknowledge(alarmIds, notes, username=None):
    """Acknowledge events by id; returns the ids that could not be acknowledged."""
    ids = _as_list(alarmIds, "alarmIds") or []
    store = _ready()
    failed, acked = store.acknowledge(ids, notes, username)
    events = _backend().events
    for ev in acked:
        events.alarm_acked(ev._node, ev)
    return failed


@implements("system.alarm.cancel")
def cancel(alarmIds):
    """Clear the given active events without acknowledging them."""
    _ready().cancel(_as_list(alarmIds, "alarmIds") or [])


def _paths(path):
    return [str(p) for p in (_as_list(path, "path") or [])]


@implements("system.alarm.shelve")
def shelve(path, timeoutSeconds=0, timeoutMinutes=15):
    """Shelve the alarms matching the source paths for the timeout (seconds win over
    minutes; both 0 unshelves)."""
    seconds = timeoutSeconds if timeoutSeconds else (timeoutMinutes or 0) * 60
    _ready().shelve(_paths(path), seconds, None)


@implements("system.alarm.unshelve")
def unshelve(path):
    _ready().unshelve(_paths(path))


@implements("system.alarm.getShelvedPaths")
def getShelvedPaths():
    """ShelvedPath objects (``getPath()``, ``getExpiration()``, ``getUser()``)."""
    return _ready().shelved_paths()


from gateway_sim.system._alarm_admin import (  # noqa: E402,F401 (re-exported)
    createRoster, getRosters, listPipelines)
