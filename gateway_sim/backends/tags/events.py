"""Tag change events: event scripts and subscriptions on one tag-event thread.

Writers queue ``(node, previous_qv, current_qv, initial)`` tuples; one daemon
thread runs them in order (so events of one tag are never reordered). For each
event the tag's ``valueChanged`` script runs when the value changed,
``qualityChanged`` when the quality changed, 8.3's ``qualifiedValueChanged`` when
one of its ``changeTypes`` (VALUE/QUALITY/TIMESTAMP) changed -- it gets an extra
``changed`` argument, and without ``changeTypes`` it never runs (observed 8.3.8) --
(all three on ``initial``), then the subscribers of that tag (any change of value,
quality or timestamp). An event script with ``"enabled": false`` is kept but never
runs. ``alarmActive``/``alarmCleared`` run when an alarm of the tag (its ``alarms``
list, evaluated from the value) changes state (the gateway's alarm store records it);
``alarmAcked`` runs when ``system.alarm.acknowledge`` acks an event. Script bodies are wrapped in Ignition's signature and
executed with ``gw.script_globals()``; errors are logged through
``gw.util.get_logger("tags.eventscripts")`` with the tag path and line and
never reach the writer. Every run that starts is recorded on the node
(``node.script_runs[eventid]``: time and duration on the gateway clock, outcome, last
error, counts) for the operator console. May import: stdlib, ``gateway_sim`` core, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import collections
import sys
import threading
import traceback

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import datatypes
from gateway_sim.backends.tags.paths import to_text_path

SIGNATURES = {
    "valueChanged": "tag, tagPath, previousValue, currentValue, initialChange, missedEvents",
    "qualityChanged": "tag, tagPath, previousValue, currentValue, initialChange, missedEvents",
    # 8.3.3+; ``changed`` is the set of aspects that changed (VALUE, QUALITY, TIMESTAMP).
    "qualifiedValueChanged": ("tag, tagPath, previousValue, currentValue, initialChange, "
                              "missedEvents, changed"),
    "alarmActive": "tag, tagPath, alarmName, alarmEvent, alarmPath, missedEvents",
    "alarmCleared": "tag, tagPath, alarmName, alarmEvent, alarmPath, missedEvents",
    "alarmAcked": "tag, tagPath, alarmName, alarmEvent, alarmPath, ackUser, missedEvents",
}
_NEVER = object()   # marker: script stored but never runs (unindented body)


def wrap_body(eventid, body):
    """Source text of the function Ignition builds around a stored body, or None
    when the body would never run (empty, or not indented)."""
    if not body or not body.strip():
        return None
    body = body.replace("\r\n", "\n")
    for line in body.split("\n"):
        if line.strip():
            if line[0] not in " \t":
                return None  # stored and exported, never runs, logs nothing (as Ignition)
            break
    return "def %s(%s):\n%s\n" % (eventid, SIGNATURES[eventid], body)


def compile_script(node, eventid, body):
    """Compile a tag's event script; returns a code object, ``_NEVER`` or None."""
    src = wrap_body(eventid, body)
    if src is None:
        return _NEVER
    try:
        # dont_inherit: the body gets the interpreter's own rules (Jython 2.7: print
        # statement, integer division), not this module's __future__ imports.
        return compile(src, "<tag event script %s %s>" % (node.full_path(), eventid), "exec", 0, True)
    except SyntaxError as exc:
        line = (exc.lineno or 1) - 1
        node.provider.backend.events.log_error(
            "Syntax error in %s script of %s at line %d: %s" % (eventid, node.full_path(), line, exc.msg))
        return None


class TagConfigView(dict):
    """The ``tag`` argument of event scripts: dict-like access to the tag's config
    (``tag['name']``, ``tag['parameters']`` inside UDTs)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)


class Subscription(object):
    def __init__(self, dispatcher, keys, callback):
        self.dispatcher = dispatcher
        self.keys = keys
        self.callback = callback
        self.active = True

    def unsubscribe(self):
        self.active = False
        self.dispatcher._remove(self)

    def __repr__(self):
        return "<TagSubscription %d paths active=%s>" % (len(self.keys), self.active)


class EventDispatcher(object):
    def __init__(self, backend):
        self.backend = backend
        self._cond = threading.Condition(threading.Lock())
        self._queue = collections.deque()
        self._busy = False
        self._thread = None
        self._closed = False
        self._subs = {}      # key -> list of (Subscription, path text)
        self.subs = self._subs
        self._logger = None

    # --- queueing -------------------------------------------------------------
    def submit(self, events):
        with self._cond:
            if self._closed:
                return
            self._queue.extend(events)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="gateway-sim-tag-events")
                self._thread.daemon = True
                self._thread.start()
            self._cond.notify_all()

    def flush(self, timeout=10.0):
        # Real time on purpose: this waits for a real thread, also under a VirtualClock
        # (which only moves when a test advances it).
        import time
        end = time.time() + timeout
        with self._cond:
            while self._queue or self._busy:
                left = end - time.time()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))
        return True

    def close(self):
        with self._cond:
            self._closed = True
            self._queue.clear()
            self._cond.notify_all()

    def _loop(self):
        while True:
            with self._cond:
                while not self._queue and not self._closed:
                    self._busy = False
                    self._cond.notify_all()
                    self._cond.wait(0.5)
                if self._closed:
                    self._busy = False
                    self._cond.notify_all()
                    return
                item = self._queue.popleft()
                self._busy = True
            try:
                self._dispatch(item)
            except Exception:  # never let the event thread die
                self.log_error("tag event dispatch failed:\n%s" % traceback.format_exc())

    # --- one event ------------------------------------------------------------
    def _dispatch(self, item):
        if isinstance(item, Deferred):   # work queued behind the tag events (alarms)
            item()
            return
        if isinstance(item, _Initial):
            sub, path, qv = item
            if sub.active:
                self._call_sub(sub, path, None, qv, True)
            return
        node, old, new, initial = item
        changed = changes(old, new, initial)
        if not changed:
            return
        if node.script_text and not node.inert:
            if "VALUE" in changed and "valueChanged" in node.script_text:
                self._run_script(node, "valueChanged", old, new, initial)
            if "QUALITY" in changed and "qualityChanged" in node.script_text:
                self._run_script(node, "qualityChanged", old, new, initial)
            if "qualifiedValueChanged" in node.script_text and (initial or changed & node.change_types):
                self._run_script(node, "qualifiedValueChanged", old, new, initial, changed)
        if node.alarms and not node.inert:
            self._alarm_scripts(node, new)
        subs = self._subs.get(node.key())
        if subs:
            for sub, path in list(subs):
                if sub.active and not initial:
                    self._call_sub(sub, path, old, new, False)

    def _run_script(self, node, eventid, old, new, initial, changed=None, alarm_event=None):
        code = node.scripts.get(eventid)
        if code is None and eventid not in node.scripts:
            code = compile_script(node, eventid, node.script_text.get(eventid))
            node.scripts[eventid] = code
        if code is None or code is _NEVER:
            return
        from gateway_sim.backends.tags.context import context
        gw = self.backend.gateway
        prev_ctx = context.tag
        context.tag = node
        started = self.backend.clock.now_ms()
        error = None
        try:
            g = dict(gw.script_globals())
            exec(code, g)
            fn = g[eventid]
            if alarm_event is not None:
                args = [self._tag_view(node), node.full_path(), alarm_event.getName(), alarm_event,
                        "%s/Alarms/%s" % (node.full_path(), alarm_event.getName())]
                if eventid == "alarmAcked":
                    ack = alarm_event.getAckData() or {}
                    args.append(ack.get("ackUser"))
                args.append(False)
            else:
                args = [self._tag_view(node), node.full_path(), old, new, bool(initial), False]
            if eventid == "qualifiedValueChanged":
                args.append(sorted(changed or ()))
            fn(*args)
        except Exception:
            error = self._log_script_error(node, eventid)
        except (KeyboardInterrupt, SystemExit):
            raise
        except:  # noqa: E722 - Java exceptions: not Exceptions, not even BaseExceptions on Jython
            error = self._log_script_error(node, eventid)
        finally:
            context.tag = prev_ctx
            _record_run(node, eventid, started, self.backend.clock.now_ms(), error)

    def _alarm_scripts(self, node, qv):
        from gateway_sim.backends.tags import alarms
        for eid, ev in alarms.process(self.backend, node, qv):
            if eid in node.script_text:
                self._run_script(node, eid, None, None, False, alarm_event=ev)

    def alarm_acked(self, node, ev):
        """Queue ``node``'s alarmAcked script for event ``ev`` (runs on this thread)."""
        if node.script_text and "alarmAcked" in node.script_text and not node.inert:
            self.submit([Deferred(lambda: self._run_script(node, "alarmAcked", None, None, False,
                                                           alarm_event=ev))])

    def _tag_view(self, node):
        v = TagConfigView(node.config)
        v["name"] = node.name
        v["path"] = node.full_path()
        v["value"] = node.qv.value
        v["quality"] = node.qv.quality
        owner = node.udt_owner
        if owner is not None:
            v["parameters"] = dict(owner.parameters)
        return v

    def _log_script_error(self, node, eventid):
        etype, exc, tb = sys.exc_info()
        line = None
        for frame in traceback.extract_tb(tb):
            if frame[0].startswith("<tag event script"):
                line = frame[1] - 1   # line 1 is the implied def line
        self.log_error("Error executing %s script of tag %s (line %s of the script): %s: %s\n%s"
                       % (eventid, node.full_path(), line, etype.__name__, exc,
                          "".join(traceback.format_exception(etype, exc, tb))))
        return "%s: %s (line %s of the script)" % (etype.__name__, exc, line)

    # --- subscriptions ----------------------------------------------------------
    def subscribe(self, paths, callback):
        if isinstance(paths, string_types):
            paths = [paths]
        backend = self.backend
        entries = []
        for p in paths:
            text = to_text_path(p)
            r = backend.resolve(text)
            node = r.node
            if node is not None:
                key = node.key()
            else:
                key = _key_for_missing(backend, text)
            entries.append((key, text, r))
        sub = Subscription(self, [e[0] for e in entries], callback)
        with self._cond:
            for key, text, _ in entries:
                if key is not None:
                    self._subs.setdefault(key, []).append((sub, text))
        initial = [(sub, text, r.read()) for _, text, r in entries]
        # Initial callbacks go through the event thread, in order with later changes.
        self.submit([_Initial(sub, text, qv) for sub, text, qv in initial])
        return sub

    def _remove(self, sub):
        with self._cond:
            for key in sub.keys:
                lst = self._subs.get(key)
                if lst:
                    lst[:] = [e for e in lst if e[0] is not sub]

    def _call_sub(self, sub, path, old, new, initial):
        try:
            sub.callback(path, old, new, initial)
        except Exception:
            self.log_error("tag subscription callback for %s failed:\n%s" % (path, traceback.format_exc()))

    # --- logging ------------------------------------------------------------
    def logger(self):
        if self._logger is None:
            try:
                self._logger = self.backend.gateway.util.get_logger("tags.eventscripts")
            except Exception:
                import logging
                self._logger = _StdLogger(logging.getLogger("gateway_sim.tags.eventscripts"))
        return self._logger

    def log_error(self, message):
        try:
            self.logger().error(message)
        except Exception:
            sys.stderr.write(message + "\n")


def _record_run(node, eventid, started, ended, error):
    """``node.script_runs[eventid]`` after one run (a new dict: readers never see it torn)."""
    last = node.script_runs.get(eventid) or {}
    node.script_runs[eventid] = {
        "atMs": int(started), "durationMs": max(0, int(ended) - int(started)),
        "outcome": "ok" if error is None else "error",
        "error": error if error is not None else last.get("error"),
        "errorAtMs": int(ended) if error is not None else last.get("errorAtMs"),
        "runs": last.get("runs", 0) + 1, "errors": last.get("errors", 0) + (error is not None)}


def changes(old, new, initial=False):
    """The aspects that changed between two QualifiedValues: VALUE, QUALITY, TIMESTAMP."""
    if initial or old is None:
        return set(("VALUE", "QUALITY", "TIMESTAMP"))
    out = set()
    if not datatypes.same_value(old.value, new.value):
        out.add("VALUE")
    if old.quality != new.quality:
        out.add("QUALITY")
    if not datatypes.same_value(old.timestamp, new.timestamp):
        out.add("TIMESTAMP")
    return out


class Deferred(tuple):
    """Queue item that runs ``fn()`` on the tag-event thread, in order with the tag
    events (alarm re-checks, alarmAcked scripts). A tuple, like the other items, so
    code that filters event lists by ``item[0]`` keeps working."""

    def __new__(cls, fn):
        return tuple.__new__(cls, (fn,))

    def __call__(self):
        self[0]()


class _Initial(tuple):
    """Queue item for a subscription's initial callback."""

    def __new__(cls, sub, path, qv):
        return tuple.__new__(cls, (sub, path, qv))


def _key_for_missing(backend, text):
    from gateway_sim.backends.tags.paths import PathSyntaxError, parse
    try:
        pp = parse(text)
    except PathSyntaxError:
        return None
    if pp.relative:
        return None
    prov = backend.provider(pp.provider) or None
    name = prov.name if prov is not None else (pp.provider or backend.default_name)
    return backend.key_of(name, pp.segments)


class _StdLogger(object):
    def __init__(self, log):
        self._log = log

    def error(self, msg):
        self._log.error(msg)

    def warn(self, msg):
        self._log.warning(msg)

    def info(self, msg):
        self._log.info(msg)
