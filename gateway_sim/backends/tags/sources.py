"""Expression, reference and derived tags (``valuesources.make_runtime`` picks the runtime).

Each runtime has ``start(events)``, ``refresh(events)`` (called under the backend
lock when a referenced tag changed), ``write(value) -> QualityCode`` and
``stop()``. Expression and reference tags are event driven: they register the
keys of the tags they read in ``backend.deps``. ``now()`` and
``executionMode: FixedRate`` re-evaluate on ``gw.clock`` timers (db tags: ``querytag``).
Writes to expression tags return ``Bad_ReadOnly``.
May import: stdlib, ``gateway_sim`` core, ``gateway_sim.expression``, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim.backends.tags import datatypes, parammath
from gateway_sim.backends.tags.nodes import make_key
from gateway_sim.backends.tags.paths import PathSyntaxError, parse, resolve_relative
from gateway_sim.expression import ExprError, ExpressionSyntaxError, compile_expression
from gateway_sim.quality import QualityCode

_SEVERITY = {"Good": 0, "Uncertain": 1, "Bad": 2, "Error": 3}
_COMPILED = {}
_COMPILED_LIMIT = 20000


def compiled(text):
    """The parsed expression for ``text``, shared by every tag with that text (UDT members
    repeat the same expressions thousands of times). Parsed trees hold no evaluation
    state: per-tag state (``hasChanged``) lives in the tag's runtime."""
    e = _COMPILED.get(text)
    if e is None:
        e = compile_expression(text)
        if len(_COMPILED) > _COMPILED_LIMIT:
            _COMPILED.clear()
        _COMPILED[text] = e
    return e


def owned_path(node, text):
    """A path written inside a tag: without a provider it means the tag's own provider
    (``[]`` too), as tags belong to no project."""
    t = text.strip()
    if t.startswith("[]"):
        t = t[2:]
    elif t.startswith("["):
        return t
    return "[%s]%s" % (node.provider.name, t)


def ref_key(node, text):
    """Dependency key of a reference text seen from ``node`` (None: not a tag)."""
    try:
        pp = parse(text)
    except PathSyntaxError:
        return None
    prov = node.provider
    if pp.relative:
        try:
            pp = parse(resolve_relative(text, node.full_path()))
        except PathSyntaxError:
            return None
        return make_key(prov.name, pp.segments)
    name = pp.provider or prov.name
    p = prov.backend.provider(name)
    return make_key(p.name if p is not None else name, pp.segments)


class EvalContext(object):
    """Expression context of one tag: references read tags (relative to the tag),
    UDT parameters and derived-tag variables; tracks the worst quality read."""

    def __init__(self, runtime, variables=None):
        self.rt = runtime
        self.vars = variables or {}
        self.worst = QualityCode.Good
        self.poll = None
        self.tag_paths = []

    def ref(self, text):
        low = text.strip().lower()
        if low in self.vars:
            return self.vars[low]
        node = self.rt.node
        if "[" not in text and "/" not in text and "." not in text:
            params = node.params()
            for k, v in params.items():
                if k.lower() == low:
                    return v
            ok, v = parammath.evaluate(text, params)
            if ok:
                return v    # {Base+1} in an expression (UDT parameter offset)
        qv = self.rt.backend.resolve_for(node, text).read()
        q = qv.quality
        if _SEVERITY[q.getLevel().name] > _SEVERITY[self.worst.getLevel().name]:
            self.worst = q
        return qv.value

    def read_tag(self, path):
        """``tag(path)`` in an expression: a QualifiedValue, relative to the tag."""
        self.tag_paths.append(path)
        return self.rt.backend.resolve_for(self.rt.node, path).read()

    def run_script(self, script, args):
        """``runScript``: evaluated in the gateway's project script scope."""
        from gateway_sim.expression.fn_tags import run_script
        return run_script(self.rt.backend.gateway.script_globals(), script, args)

    def alarm_events(self):
        """The gateway's open alarm events (``isAlarmActive``)."""
        from gateway_sim.backends.alarms import store
        return store(self.rt.backend).status()

    @property
    def state(self):
        """Per-tag memory of stateful functions (``hasChanged``)."""
        return self.rt.__dict__.setdefault("expr_state", {})

    def now_ms(self):
        return self.rt.backend.clock.now_ms()

    def note_poll(self, ms):
        self.poll = ms


class _Runtime(object):
    def __init__(self, backend, node):
        self.backend = backend
        self.node = node
        self.keys = []
        self.timer = None
        self.stopped = False

    def register(self, texts):
        self.unregister()
        keys = []
        for t in texts:
            k = ref_key(self.node, t)
            if k is not None and k not in keys:
                keys.append(k)
        for k in keys:
            self.backend.deps.setdefault(k, set()).add(self.node)
        self.keys = keys

    def unregister(self):
        for k in self.keys:
            s = self.backend.deps.get(k)
            if s is not None:
                s.discard(self.node)
                if not s:
                    self.backend.deps.pop(k, None)
        self.keys = []

    def stop(self):
        self.stopped = True
        self.unregister()
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def schedule(self, ms, initial_delay=None):
        if self.timer is not None or not ms or ms <= 0:
            return
        kw = {"fixed_rate": True, "name": "tag %s" % self.node.full_path()}
        if initial_delay is not None:
            kw["initial_delay"] = initial_delay
        self.timer = self.backend.clock.call_every(ms / 1000.0, self.tick, **kw)

    def tick(self):
        if self.stopped:
            return
        events = []
        with self.backend.lock:
            self.refresh(events)
        if events:
            self.backend.events.submit(events)

    def set(self, value, quality, events, timestamp=None):
        node = self.node
        if value is not None:
            try:
                value = datatypes.coerce(value, node.data_type)
            except datatypes.CoercionError as exc:
                value, quality = None, QualityCode.Error_TypeConversion.derive(str(exc))
        self.backend._set(node, value, quality, events, timestamp, touch=True)

    def in_cycle(self):
        """True if this tag (indirectly) references itself."""
        deps = self.backend.deps
        me = self.node
        seen = set()
        frontier = list(deps.get(me.key(), ()))
        while frontier:
            n = frontier.pop()
            if n is me:
                return True
            if id(n) in seen:
                continue
            seen.add(id(n))
            frontier.extend(deps.get(n.key(), ()))
        return False

    def guarded(self, fn, events):
        """Run ``fn`` unless this tag is already being evaluated (a reference cycle)."""
        busy = self.backend.__dict__.setdefault("_evaluating", set())
        if id(self.node) in busy or self.in_cycle():
            self.backend._set(self.node, None, QualityCode.Error_CycleDetected.derive(
                "reference cycle through %s" % self.node.full_path()), events)
            return
        busy.add(id(self.node))
        try:
            fn(events)
        finally:
            busy.discard(id(self.node))

    def write(self, value):
        return QualityCode.Bad_ReadOnly.derive(
            "%s has valueSource %s; its value comes from that source, so it cannot be written" % (self.node.full_path(), self.node.value_source))


class ExprRuntime(_Runtime):
    def start(self, events):
        text = self.node.config.get("expression", "")
        try:
            self.expr = compiled(text)
        except ExpressionSyntaxError as exc:
            self.expr = None
            self.backend._set(self.node, None, QualityCode.Error_ExpressionEval.derive(
                "syntax error in expression of %s: %s" % (self.node.full_path(), exc)), events)
            return
        self.register(self.expr.refs)
        self.refresh(events)
        mode = str(self.node.config.get("executionMode", "EventDriven"))
        rate = self.node.config.get("executionRate")
        if mode == "FixedRate":
            self.schedule(int(rate or 1000))
        elif self.poll:
            # now(): re-evaluated on the clock at executionRate when set, else now()'s rate.
            self.schedule(int(rate) if rate else self.poll)
        self.started = True

    poll = None
    started = False

    def _note_poll(self, ctx):
        """Remember the first poll rate an evaluation asked for (now(), runScript); one
        seen only after start (a branch taken later) starts the timer then."""
        if ctx.poll and self.poll is None:
            self.poll = ctx.poll
            if self.started and self.timer is None:
                rate = self.node.config.get("executionRate")
                self.schedule(int(rate) if rate else self.poll)

    def refresh(self, events):
        if self.expr is None:
            return
        self.guarded(self._eval, events)

    def _eval(self, events):
        ctx = EvalContext(self)
        try:
            value = self.expr.evaluate(ctx)
        except ExprError as exc:
            self._note_poll(ctx)   # a failing runScript(..., rate) keeps polling, as on a gateway
            self.backend._set(self.node, None, QualityCode.Error_ExpressionEval.derive(
                "%s: %s" % (self.node.full_path(), exc)), events)
            return
        self._note_poll(ctx)
        if ctx.tag_paths:   # tag("path") subscribes like a {reference}
            seen = tuple(ctx.tag_paths)
            if seen != self.__dict__.get("_tag_paths"):   # re-register only on a change
                self._tag_paths = seen
                self.register(list(self.expr.refs) + ctx.tag_paths)
        self.set(value, ctx.worst, events)


class ReferenceRuntime(_Runtime):
    def source_path(self):
        p = self.node.config.get("sourceTagPath", "")
        return owned_path(self.node, p)

    def read_source(self):
        return self.backend.resolve_for(self.node, self.source_path()).read()

    def start(self, events):
        self.register([self.source_path()])
        self.refresh(events)

    def refresh(self, events):
        self.guarded(self._eval, events)

    def _eval(self, events):
        qv = self.read_source()
        self.set(qv.value, qv.quality, events, qv.timestamp)

    def write_source(self, value):
        return self.backend.resolve_for(self.node, self.source_path()).write(value)

    def write(self, value):
        try:
            value = datatypes.coerce(value, self.node.data_type)
        except datatypes.CoercionError as exc:
            return QualityCode.Error_TypeConversion.derive(str(exc))
        return self.write_source(value)


class DerivedRuntime(ReferenceRuntime):
    def start(self, events):
        cfg = self.node.config
        try:
            self.getter = compiled(cfg.get("deriveExpressionGetter") or "{source}")
            self.setter = compiled(cfg.get("deriveExpressionSetter") or "{value}")
        except ExpressionSyntaxError as exc:
            self.getter = self.setter = None
            self.backend._set(self.node, None, QualityCode.Error_ExpressionEval.derive(
                "syntax error in derived expression of %s: %s" % (self.node.full_path(), exc)), events)
            return
        refs = [self.source_path()] + [r for r in self.getter.refs if r.lower() not in ("source", "value")]
        self.register(refs)
        self.refresh(events)

    def _eval(self, events):
        if self.getter is None:
            return
        qv = self.read_source()
        ctx = EvalContext(self, {"source": qv.value})
        ctx.worst = qv.quality
        try:
            value = self.getter.evaluate(ctx)
        except ExprError as exc:
            self.backend._set(self.node, None, QualityCode.Error_ExpressionEval.derive(str(exc)), events)
            return
        self.set(value, ctx.worst, events, qv.timestamp)

    def write(self, value):
        if self.setter is None:
            return QualityCode.Error_ExpressionEval
        try:
            value = datatypes.coerce(value, self.node.data_type)
        except datatypes.CoercionError as exc:
            return QualityCode.Error_TypeConversion.derive(str(exc))
        ctx = EvalContext(self, {"value": value, "source": self.read_source().value})
        try:
            out = self.setter.evaluate(ctx)
        except ExprError as exc:
            return QualityCode.Error_ExpressionEval.derive(str(exc))
        return self.write_source(out)


_REF_RE = re.compile(r"\{([^{}]+)\}")
