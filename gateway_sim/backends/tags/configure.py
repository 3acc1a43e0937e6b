# -*- coding: utf-8 -*-
"""Changing the tag tree: configure (collision policies), delete, and activation.

``apply(backend, provider, folder, cfgs, policy, strict, source)`` is the one
path every tree change takes (file loads, ``system.tag.configure``, import,
copy/move/rename). Policies (reference section 1.8): ``a`` abort (raise on an existing
name), ``o`` overwrite (replace the node's whole config; folders keep children
not named in the new definition), ``i`` ignore (keep existing; new children of
an existing folder are still added), ``m`` merge (only the keys given change).
A memory tag overwritten or merged without a ``value`` keeps its current value.
May import: stdlib, ``gateway_sim`` core, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import copy

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import build as builder
from gateway_sim.backends.tags import datatypes
from gateway_sim.backends.tags.nodes import Folder
from gateway_sim.backends.tags.schema import NodeError, check_node, node_where
from gateway_sim.errors import ConfigError
from gateway_sim.quality import QualityCode

POLICIES = ("a", "o", "i", "m")
_POLICY_NAMES = {"abort": "a", "overwrite": "o", "ignore": "i", "merge": "m",
                 "mergeoverwrite": "m"}


class CollisionAbort(Exception):
    """Policy 'a' met an existing tag."""


def policy_code(policy):
    p = (policy or "o")
    p = _POLICY_NAMES.get(p.lower(), p.lower()) if hasattr(p, "lower") else p
    if p not in POLICIES:
        raise ValueError("unknown collisionPolicy %r; use 'a' (abort), 'o' (overwrite), "
                         "'i' (ignore) or 'm' (merge)" % (policy,))
    return p


def ensure_folder(backend, provider, segments):
    """The folder at ``segments`` (created as plain folders where missing)."""
    node = provider.root
    for s in segments:
        child = node.child(s) if node.is_folder else None
        if child is None:
            if not node.is_folder:
                raise NodeError("%s is a %s, not a folder" % (node.full_path(), node.tag_type), s)
            child = Folder(provider, node, s, {})
            node.add(child)
            backend.invalidate()
        node = child
    if not node.is_folder:
        raise NodeError("%s is a %s, not a folder" % (node.full_path(), node.tag_type), "")
    return node


def apply(backend, provider, folder, cfgs, policy="o", strict=False, source=None, where="",
          report=None):
    """Apply ``cfgs`` under ``folder``; returns one QualityCode per top-level cfg.

    strict: problems raise ``ConfigError``; otherwise they become a bad QualityCode
    for that entry (``system.tag.configure``). ``report(message, source, where)``
    (file loads): every problem is reported there and the rest still applies.
    An error of the second pass never masks the first error.
    """
    policy = policy_code(policy)
    results = []
    ctx = builder.BuildContext(backend, provider, strict=strict, source=source, report=report)
    removed = []
    with backend.lock:
        failed = True
        try:
            for i, cfg in enumerate(cfgs):
                w = node_where(where, cfg, i)
                try:
                    _apply_one(ctx, folder, cfg, policy, w, removed)
                    results.append(QualityCode.Good)
                except NodeError as exc:
                    if report is not None:
                        report(exc.message, source, exc.where)
                    elif strict:
                        raise ConfigError(exc.message, source=source, node=exc.where)
                    results.append(QualityCode.Error_Configuration.derive(
                        "%s: %s" % (exc.where, exc.message)))
            failed = False
        finally:
            backend.invalidate()
            if failed:
                try:
                    finalize(backend, ctx, removed)
                except Exception:  # the first error is the one to report
                    pass
        if not failed:
            finalize(backend, ctx, removed)
    return results


def _apply_one(ctx, folder, cfg, policy, where, removed):
    backend = ctx.backend
    tt, own = check_node(cfg, where, ctx.strict)
    existing = folder.child(cfg["name"])
    if existing is None:
        builder.build(ctx, folder, cfg, where, inert=folder.inert or folder.tag_type == "UdtType")
        return
    if existing.generated:
        raise NodeError("%s belongs to a UDT instance; change the instance's overrides instead"
                        % existing.full_path(), where)
    if policy == "a":
        raise CollisionAbort("tag %s already exists (collisionPolicy 'a' aborts)" % existing.full_path())
    both_folders = existing.tag_type in ("Folder", "Node") and tt in ("Folder", "Node")
    if policy == "i":
        if both_folders:
            for j, c in enumerate(cfg.get("tags") or []):
                _apply_one(ctx, existing, c, "i", node_where(where, c, j), removed)
        return
    if both_folders:
        existing.config = own if policy == "o" else _merged(existing.config, own)
        for j, c in enumerate(cfg.get("tags") or []):
            _apply_one(ctx, existing, c, policy, node_where(where, c, j), removed)
        return
    if policy == "m":
        cfg = merge_config(node_config(existing, recursive=True), cfg)
    old_qv = getattr(existing, "qv", None)
    old_type = getattr(existing, "data_type", None)
    pos = _position(folder, existing.name)
    remove_node(backend, existing, removed)
    node = builder.build(ctx, folder, cfg, where, inert=folder.inert)
    _restore_position(folder, node.name, pos)
    if (old_qv is not None and node.tag_type == "AtomicTag" and node.value_source in ("memory", "opc")
            and "value" not in cfg and "defaultValue" not in cfg and old_qv.quality.isGood()):
        try:
            node.qv = old_qv.__class__(datatypes.coerce(old_qv.value, node.data_type),
                                       old_qv.quality, old_qv.timestamp)
        except datatypes.CoercionError:
            pass
    del old_type


def _position(folder, name):
    low = name.lower()
    for i, n in enumerate(folder.order):
        if n.lower() == low:
            return i
    return None


def _restore_position(folder, name, pos):
    if pos is None:
        return
    low = name.lower()
    folder.order = [n for n in folder.order if n.lower() != low]
    folder.order.insert(pos, name)


def _merged(base, new):
    out = copy.deepcopy(base)
    for k, v in new.items():
        out[k] = copy.deepcopy(v)
    return out


def merge_config(old, new):
    """Merge rule of policy 'm': keys in ``new`` win; ``parameters`` merge by
    name; children under ``tags`` merge by name, recursively."""
    out = copy.deepcopy(old)
    for k, v in new.items():
        if k == "tags" and isinstance(v, list) and isinstance(out.get("tags"), list):
            by_name = {}
            for c in out["tags"]:
                if isinstance(c, dict) and isinstance(c.get("name"), string_types):
                    by_name[c["name"].lower()] = c
            merged = list(out["tags"])
            for c in v:
                nm = c.get("name") if isinstance(c, dict) else None
                prev = by_name.get(nm.lower()) if hasattr(nm, "lower") else None
                if prev is not None:
                    merged[merged.index(prev)] = merge_config(prev, c)
                else:
                    merged.append(copy.deepcopy(c))
            out["tags"] = merged
        elif k == "parameters" and isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k].update(copy.deepcopy(v))
        else:
            out[k] = copy.deepcopy(v)
    return out


def remove_node(backend, node, removed):
    """Detach ``node`` (and its subtree), stopping runtimes."""
    for n in [node] + (node.walk() if node.is_folder else []):
        backend._stop_node(n)
        n.key_removed = n.key()
        n.full_path_removed = n.full_path()
        removed.append(n)
    if node.parent is not None:
        node.parent.remove(node.name)
    backend.invalidate()


def _rebuild(backend, ctx, node, build, what, removed):
    """Drop ``node``'s members and build them again (``build(ctx, node)``); a problem is
    reported (``ctx.report``), raised (strict) or logged, never lost."""
    for c in list(node.iter_children()):
        remove_node(backend, c, removed)
    try:
        build(ctx, node)
    except NodeError as exc:
        if ctx.report is not None:
            ctx.report(exc.message, getattr(node, "source", None) or ctx.source, exc.where)
        elif ctx.strict:
            raise ConfigError(exc.message, source=ctx.source, node=exc.where)
        else:
            backend.events.log_error("%s %s: %s" % (what, node.full_path(), exc.message))


def finalize(backend, ctx, removed=None):
    """Second pass after a tree change: UDT instances, value sources, events."""
    from gateway_sim.backends.tags import instances as udt
    removed = [] if removed is None else removed
    events = []
    # Materializing an instance can create nested instances; loop until none are left.
    retyped = [n for n in ctx.created if n.tag_type == "UdtType"]
    if retyped:
        # Definitions that inherit show their parents' members (as their instances do):
        # rebuilt when they or a definition they derive from changed.
        for typ in udt.derived_types(backend, retyped, ctx.types):
            if _attached(typ):
                _rebuild(backend, ctx, typ, udt.expand_type, "UDT definition", removed)
        queued = set(id(n) for n in ctx.instances)
        for inst in udt.instances_of(backend, retyped):
            if id(inst) not in queued:
                ctx.instances.append(inst)
    done = set()
    pos = 0
    pending = ctx.instances
    while pos < len(pending):
        inst = pending[pos]
        pos += 1
        if id(inst) in done or inst.parent is None:
            continue
        done.add(id(inst))
        _rebuild(backend, ctx, inst, udt.materialize, "UDT instance", removed)
    del pending[:]
    backend.invalidate()
    created = [n for n in ctx.created if n.parent is not None and _attached(n)]
    created_ids = set(id(n) for n in created)
    for n in created:
        if n.tag_type == "AtomicTag" and not n.inert:
            start_node(backend, n, events)
    for n in removed:
        if n.tag_type == "AtomicTag":
            backend.propagate(n, events, key=getattr(n, "key_removed", None))
    for n in created:
        if n.tag_type == "AtomicTag" and not n.inert:
            backend.propagate(n, events)
    events = [e for e in events if id(e[0]) not in created_ids]
    for n in created:
        if n.tag_type == "AtomicTag" and not n.inert and n.script_text:
            events.append((n, None, n.qv, True))
    alarmed = [n for n in created if n.tag_type == "AtomicTag" and not n.inert and n.alarms]
    if alarmed:   # alarms already active when their tag loads go active now (and run scripts)
        from gateway_sim.backends.tags.events import Deferred
        proc = backend.events
        events.extend(Deferred(lambda n=n: proc._alarm_scripts(n, n.qv)) for n in alarmed)
    events.extend(_subscriber_events(backend, created, removed))
    if events:
        backend.events.submit(events)


def _subscriber_events(backend, created, removed):
    """Tell subscribers about tags replaced (new value) or deleted (Bad_NotFound)."""
    subs = backend.events.subs
    if not subs:
        return []
    from gateway_sim.quality import QualifiedValue
    from gateway_sim.jvm import Date
    new_by_key = dict((n.key(), n) for n in created if n.tag_type == "AtomicTag")
    out = []
    for old in removed:
        key = getattr(old, "key_removed", None)
        if old.tag_type != "AtomicTag" or not subs.get(key):
            continue
        new = new_by_key.get(key)
        if new is not None:
            out.append((new, old.qv, new.qv, False))
        else:
            old.inert = True   # its scripts must not run any more
            gone = QualifiedValue(None, QualityCode.Bad_NotFound.derive(
                "Path '%s' not found." % old.full_path_removed), Date(backend.clock.now_ms()))
            out.append((old, old.qv, gone, False))
    return out


def _attached(node):
    n = node
    while n.parent is not None:
        if n.parent.children.get(n.name.lower()) is not n:
            return False
        n = n.parent
    return n.tag_type == "Provider"


def start_node(backend, node, events):
    from gateway_sim.backends.tags import valuesources
    rt = valuesources.make_runtime(backend, node)
    node.runtime = rt
    if rt is not None:
        rt.start(events)
    if node.config.get("sim"):
        from gateway_sim.backends.tags.sim import SimRuntime
        node.sim = SimRuntime(backend, node, node.config["sim"])
        node.sim.start()


def node_config(node, recursive=True, values=True):
    """The config dict of ``node`` as Ignition exports it (children under ``tags``)."""
    d = {"name": node.name, "tagType": node.tag_type}
    d.update(copy.deepcopy(node.config))
    if node.tag_type == "AtomicTag":
        if values and node.value_source in ("memory", "opc") and node.qv.value is not None:
            d["value"] = node.qv.value
    elif node.tag_type == "UdtType":
        if node.member_cfgs:
            d["tags"] = copy.deepcopy(node.member_cfgs)
    elif node.tag_type == "UdtInstance":
        if node.override_cfgs:
            d["tags"] = copy.deepcopy(node.override_cfgs)
    elif node.is_folder and recursive:
        kids = [node_config(c, True, values) for c in node.iter_children() if not c.generated]
        if kids:
            d["tags"] = kids
    return d


def merge_property(backend, node, key, value):
    """Write one config property (``Tag.Documentation = ...``)."""
    if node.generated or node.parent is None:
        with backend.lock:
            node.config[key] = value
            if node.tag_type == "AtomicTag":
                node.read_only = builder._flag(node.config.get("readOnly"), False)
                node.enabled = builder._flag(node.config.get("enabled"), True)
        return QualityCode.Good
    res = apply(backend, node.provider, node.parent, [{"name": node.name, "tagType": node.tag_type, key: value}],
                "m", strict=False)
    return res[0]
