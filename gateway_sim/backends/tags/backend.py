"""``gw.tags``: the tag providers of one gateway and the read/write core.

Reads are lock-free (each tag's current QualifiedValue is one immutable object
swapped by writers) and go through a cache of resolved paths that is replaced
whenever the tree changes. Writes, tree changes and expression re-evaluation
happen under one re-entrant lock; change events are queued to the tag-event
thread after the lock is released, so a slow script never blocks a writer.
May import: stdlib, ``gateway_sim`` core, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import datatypes, refs
from gateway_sim.backends.tags.context import context  # noqa: F401  (re-exported)
from gateway_sim.backends.tags.events import EventDispatcher
from gateway_sim.backends.tags.history import TagHistory
from gateway_sim.backends.tags.nodes import Provider, make_key
from gateway_sim.backends.tags.paths import PathSyntaxError, parse, resolve_relative, to_text_path
from gateway_sim.errors import ConfigError
from gateway_sim.jvm import Date
from gateway_sim.quality import QualifiedValue, QualityCode, quality_of

DEFAULT_PROVIDER = "default"
_CACHE_LIMIT = 200000




class TagBackend(object):
    """Tag state of one gateway (``gw.tags``). See the package docstring for the API."""

    def __init__(self, gateway):
        self.gateway = gateway
        self.clock = gateway.clock
        self.lock = threading.RLock()
        self.providers = {}
        self.default_name = DEFAULT_PROVIDER
        self._cache = {}
        self.deps = {}            # key of a referenced tag -> set of dependent AtomicTags
        self.events = EventDispatcher(self)
        self.history = TagHistory(self)   # the gateway's tag historian (history.py)
        self.warnings = []        # load problems, one line each (file, tag path, fix)
        self.add_provider(DEFAULT_PROVIDER)
        self._closed = False
        self._init_system_provider()

    def _init_system_provider(self):
        """``[System]Gateway/...``: read-only tags the gateway computes (``systemtags``)."""
        from gateway_sim.backends.tags import systemtags
        systemtags.install(self)

    # --- providers ---------------------------------------------------------
    def add_provider(self, name, **settings):
        """Create (or return) the provider ``name``."""
        if not isinstance(name, string_types) or not name.strip() or "[" in name or "]" in name:
            raise ConfigError("invalid tag provider name %r" % (name,))
        with self.lock:
            p = self.providers.get(name.lower())
            if p is None:
                p = Provider(self, name, settings)
                self.providers[name.lower()] = p
                self.invalidate()
            elif settings:
                p.settings.update(settings)
            return p

    def provider(self, name=None):
        """The provider ``name`` (default provider for None/''), or None."""
        return self.providers.get((name or self.default_name).lower())

    def provider_names(self):
        return sorted(p.name for p in self.providers.values())

    def invalidate(self):
        """Forget resolved paths (the tree changed)."""
        self._cache = {}

    # --- resolution --------------------------------------------------------
    def resolve(self, path):
        """The ref for ``path`` (cached for absolute paths). Never raises."""
        cache = self._cache
        r = cache.get(path)
        if r is not None:
            return r
        r, cacheable = self._resolve(path)
        if cacheable:
            if len(cache) > _CACHE_LIMIT:
                self._cache = cache = {}
            cache[path] = r
        return r

    def resolve_for(self, node, text):
        """The ref for a path written inside tag ``node`` (expression reference,
        ``tag()``, source path): ``[.]``/``[~]``/``..`` resolve against ``node`` and a
        path without a provider means ``node``'s provider. Cached per node until the
        tree changes, so a relative read costs what an absolute one does."""
        cache = self._cache
        rc = node.__dict__.get("_refs")
        if rc is None or rc[0] is not cache:
            rc = (cache, {})
            node._refs = rc
        r = rc[1].get(text)
        if r is None:
            try:
                r = self.resolve(resolve_relative(text, node.full_path()))
            except PathSyntaxError as exc:
                r = refs.FixedRef(self, QualityCode.Error_InvalidPathSyntax.derive(str(exc)))
            if cache is self._cache:
                rc[1][text] = r
        return r

    def _resolve(self, path):
        text = to_text_path(path)
        try:
            pp = parse(text)
        except PathSyntaxError as exc:
            return refs.FixedRef(self, QualityCode.Error_InvalidPathSyntax.derive(str(exc))), False
        if pp.relative:
            owner = context.tag
            if owner is None:
                return refs.FixedRef(self, QualityCode.Error_InvalidPathSyntax.derive(
                    "relative path %r is only valid inside a tag (expression, UDT member or tag "
                    "event script); name the provider, e.g. [default]..." % (text,))), False
            try:
                pp = parse(resolve_relative(text, owner.full_path()))
            except PathSyntaxError as exc:
                return refs.FixedRef(self, QualityCode.Error_InvalidPathSyntax.derive(str(exc))), False
            prov = owner.provider
            return self._ref_for(prov, prov.find(pp.segments), pp, pp.segments), False
        prov = self.providers.get((pp.provider or self.default_name).lower())
        if prov is None:
            return refs.FixedRef(self, QualityCode.Bad_NotFound.derive(
                "Tag provider '%s' not found (configured providers: %s)."
                % (pp.provider, ", ".join(self.provider_names())))), True
        return self._ref_for(prov, prov.find(pp.segments), pp, pp.segments), True

    def _ref_for(self, prov, node, pp, segments):
        if node is None and len(segments) >= 3 and segments[-2].lower() == "alarms":
            from gateway_sim.backends.tags import alarms
            owner = prov.find(segments[:-2])
            alarm = alarms.find_alarm(owner, segments[-1]) if owner is not None and \
                owner.tag_type == "AtomicTag" else None
            if alarm is not None:
                return alarms.AlarmRef(self, owner, alarm, pp.prop)
        if node is None:
            shown = "[%s]%s" % (prov.name, "/".join(segments))
            if pp.prop and pp.prop.lower() != "value":
                shown += "." + pp.prop
            return refs.FixedRef(self, QualityCode.Bad_NotFound.derive("Path '%s' not found." % shown))
        prop = pp.prop
        if node.tag_type == "AtomicTag" and (prop is None or prop.lower() == "value"):
            if getattr(node, "live", None) is not None:
                return refs.LiveRef(self, node)
            return refs.ValueRef(self, node, pp.index)
        if prop is None or prop.lower() == "value":
            return refs.FolderRef(self, node)
        return refs.PropRef(self, node, prop)

    # --- reads & writes (gw.tags.read / gw.tags.write) -------------------------
    def read(self, paths):
        """List of QualifiedValue, one per path (a single string is one path)."""
        if isinstance(paths, string_types):
            paths = [paths]
        cache = self._cache
        out = []
        for p in paths:
            r = cache.get(p)
            if r is None:
                r = self.resolve(p)
            out.append(r.read())
        return out

    def read_one(self, path):
        return self.resolve(path).read()

    def value(self, path):
        """Shortcut for tests: the current value at ``path``."""
        return self.resolve(path).read().value

    def write(self, paths, values):
        """List of QualityCode, one per path; one bad path never stops the others."""
        if isinstance(paths, string_types):
            paths = [paths]
            values = [values]
        paths = list(paths)
        values = list(values) if values is not None else [None] * len(paths)
        if len(values) != len(paths):
            raise ValueError("writeBlocking needs one value per path: got %d paths and %d values"
                             % (len(paths), len(values)))
        out = []
        for p, v in zip(paths, values):
            try:
                out.append(self.resolve(p).write(v))
            except Exception as exc:  # a bug here must not stop the other writes
                out.append(QualityCode.Error_Exception.derive("%s: %s" % (type(exc).__name__, exc)))
        return out

    def write_node(self, node, value, force=False):
        """Write ``value`` to an atomic tag through its value source."""
        if node.tag_type != "AtomicTag":
            return QualityCode.Bad_Unsupported
        if not node.enabled:
            return QualityCode.Bad_Disabled.derive("%s is disabled" % node.full_path())
        if node.read_only and not force:
            return QualityCode.Bad_ReadOnly.derive("%s is read-only" % node.full_path())
        rt = node.runtime
        if rt is not None:
            return rt.write(value)
        try:
            v = datatypes.coerce(value, node.data_type)
        except datatypes.CoercionError as exc:
            return QualityCode.Error_TypeConversion.derive(
                "writing %s: %s" % (node.full_path(), exc))
        self.set_qv(node, v, QualityCode.Good)
        return QualityCode.Good

    def write_element(self, node, index, value):
        if node.tag_type != "AtomicTag" or not datatypes.is_array(node.data_type):
            return QualityCode.Bad_Unsupported.derive("%s is not an array tag" % node.full_path())
        with self.lock:
            cur = list(node.qv.value or [])
            if index < 0 or index >= len(cur):
                return QualityCode.Bad_OutOfRange.derive("index %d is outside %s (length %d)"
                                                         % (index, node.full_path(), len(cur)))
            cur[index] = value
            return self.write_node(node, cur)

    def write_property(self, node, prop, value):
        """Write a config property (``Tag.Documentation``...) by a merge configure."""
        from gateway_sim.backends.tags import configure as cfgops
        key = refs.config_key(node.config, prop) or refs.canonical_prop(prop)
        if node.parent is None:
            return QualityCode.Bad_Unsupported
        return cfgops.merge_property(self, node, key, value)

    def set_qv(self, node, value, quality, timestamp=None):
        """Install a new value/quality and run dependents; events go to the event thread."""
        events = []
        with self.lock:
            self._set(node, value, quality, events, timestamp)
        if events:
            self.events.submit(events)

    def _set(self, node, value, quality, events, timestamp=None, touch=False):
        """Install value+quality. A write of the same value and quality keeps the
        earlier QualifiedValue, timestamp included (observed on 8.3.8 memory tags);
        ``touch`` (source evaluations) still takes a new timestamp."""
        old = node.qv
        changed = old.quality != quality or not datatypes.same_value(old.value, value)
        if not changed and not touch:
            return
        ts = timestamp if timestamp is not None else Date(self.clock.now_ms())
        new = QualifiedValue(value, quality, ts)
        node.qv = new
        if node.script_text or node.alarms or self.events.subs:
            events.append((node, old, new, False))
        if changed and node.config.get("historyEnabled") is True:
            self.history.record(node, old, new)
        if changed and self.deps:
            self.propagate(node, events)
        if changed:
            store = self.__dict__.get("_alarm_store")
            if store is not None and store.deps:
                store.queue_rechecks(node, events)

    def propagate(self, node, events, key=None):
        """Re-evaluate tags that reference ``node`` (expression, reference, derived)."""
        deps = self.deps.get(key or node.key())
        if not deps:
            return
        for d in list(deps):
            rt = d.runtime
            if rt is not None and not d.inert:
                rt.refresh(events)

    # --- test hooks --------------------------------------------------------
    def set_value(self, path, value, quality=None):
        """Force a value (and optionally quality) on a tag, bypassing read-only and
        value sources: how tests simulate device (OPC) data. Returns the QualityCode."""
        r = self.resolve(path)
        node = r.node
        if node is None or node.tag_type != "AtomicTag":
            return r.write(value)
        q = QualityCode.Good if quality is None else quality_of(quality)
        try:
            v = datatypes.coerce(value, node.data_type)
        except datatypes.CoercionError as exc:
            return QualityCode.Error_TypeConversion.derive(str(exc))
        self.set_qv(node, v, q)
        return QualityCode.Good

    def set_quality(self, path, quality):
        """Change only the quality of a tag (e.g. an OPC tag going Bad_NotConnected)."""
        r = self.resolve(path)
        node = r.node
        if node is None or node.tag_type != "AtomicTag":
            return r.read().quality
        self.set_qv(node, node.qv.value, quality_of(quality))
        return QualityCode.Good

    # --- subscriptions & events --------------------------------------------
    def subscribe(self, paths, callback):
        """Call ``callback(path, previous_qv, current_qv, initial)`` on the tag-event
        thread for every change of value, quality or timestamp of ``paths`` (and once
        at once with ``initial=True``, previous None). A deleted tag reports
        ``Bad_NotFound``. Returns a handle with ``unsubscribe()``."""
        return self.events.subscribe(paths, callback)

    def flush_events(self, timeout=10.0):
        """Wait (real time) until queued tag events and scripts have run; True if drained."""
        return self.events.flush(timeout)

    def close(self):
        self._closed = True
        with self.lock:
            for p in list(self.providers.values()):
                for n in p.root.walk():
                    self._stop_node(n)
        self.events.close()

    # --- tree building (used by loaders and configure) -------------------------
    def _stop_node(self, node):
        rt = getattr(node, "runtime", None)
        if rt is not None:
            rt.stop()
        sim = getattr(node, "sim", None)
        if sim is not None:
            sim.stop()

    def key_of(self, provider_name, segments):
        return make_key(provider_name, segments)

    # Tree mutation helpers live in ``configure.py``; these delegate for convenience.
    def load_file(self, path, provider=DEFAULT_PROVIDER, base_path="", collision_policy="o",
                  strict=False):
        """Load a tags.json / YAML / 7.x XML file or an 8.3 tag-definition folder into
        ``provider``. A tag a gateway would refuse is skipped and reported in
        ``self.warnings`` (file, tag path, fix); ``strict=True`` raises ``ConfigError``
        for the first one instead, before anything loads. A file that cannot be parsed
        at all always raises."""
        from gateway_sim.backends.tags import loaders
        return loaders.load_path(self, path, provider, base_path, collision_policy, strict)

    def load_data(self, data, provider=DEFAULT_PROVIDER, base_path="", source="<data>",
                  collision_policy="o", strict=False):
        """Load already-parsed tag JSON/YAML data (envelope, list or compact mapping)."""
        from gateway_sim.backends.tags import loaders
        return loaders.load_data(self, data, provider, base_path, source, collision_policy,
                                 strict)

    def warn(self, line):
        """Record a load problem (``self.warnings``) and log it."""
        self.warnings.append(line)
        try:
            self.gateway.util.get_logger("tags.loader").warn(line)
        except Exception:
            pass

    def configure(self, providers, default_name=None, base_dir=None):
        """Apply the gateway config section ``tagProviders`` (see ``loaders`` docstring)."""
        from gateway_sim.backends.tags import loaders
        return loaders.configure_section(self, providers, default_name, base_dir)
