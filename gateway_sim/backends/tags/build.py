"""Turn validated config nodes into tree nodes (no runtime started here).

``build(ctx, parent, cfg, where)`` creates a node and its children under
``parent`` and appends every created node to ``ctx.created``; the backend
then materializes UDT instances and starts value sources in a second pass, so
forward references inside one file work. May import: stdlib, tag siblings,
``gateway_sim.quality``, ``gateway_sim.jvm``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import datatypes
from gateway_sim.backends.tags.nodes import AtomicTag, Folder, UdtInstance, UdtType
from gateway_sim.backends.tags.schema import NodeError, check_node, node_where
from gateway_sim.jvm import Date
from gateway_sim.quality import QualifiedValue, QualityCode


class BuildContext(object):
    """Options and results of one build pass."""

    def __init__(self, backend, provider, strict=True, source=None, report=None):
        self.backend = backend
        self.provider = provider
        self.strict = strict
        self.source = source
        # report(message, source, where): file loads collect problems here instead of
        # raising, so one bad tag never sinks the rest (None: raise if strict).
        self.report = report
        self.created = []
        self.instances = []
        # Definitions that inherit (``typeId`` on a UdtType): their members -- the parent
        # chain's merged with their own -- are built by ``configure.finalize``, once every
        # definition of the change is in the tree (a parent may come later in a file).
        self.types = []

    def now(self):
        return Date(self.backend.clock.now_ms())


def build(ctx, parent, cfg, where, inert=False, owner=None, generated=False):
    """Create the node for ``cfg`` (and its subtree) under ``parent``; return it."""
    # Inside a definition or an instance a nested instance may omit its typeId (it
    # comes from the parent definition's member of that name).
    tt, own = check_node(cfg, where, ctx.strict,
                         in_instance=(owner is not None or parent.inert or
                                      parent.tag_type in ("UdtType", "UdtInstance")))
    name = cfg["name"]
    prov = ctx.provider
    if tt in ("Folder", "Node"):
        node = Folder(prov, parent, name, own)
    elif tt == "UdtType":
        node = UdtType(prov, parent, name, own)
        node.member_cfgs = list(cfg.get("tags") or [])
    elif tt == "UdtInstance":
        node = UdtInstance(prov, parent, name, own)
        node.override_cfgs = list(cfg.get("tags") or [])
    elif tt == "Provider":
        raise NodeError("a Provider node can only be the root of a file", where)
    else:
        node = AtomicTag(prov, parent, name, own)
    node.inert = inert
    node.generated = generated
    node.udt_owner = owner
    node.where = where
    parent.add(node)
    if tt == "AtomicTag":
        apply_atomic(ctx, node, where)
    elif tt == "UdtInstance":
        # Instances inside definitions are materialized too (inert): browse and
        # getConfiguration of a definition show their members, as a gateway does.
        ctx.instances.append(node)
    elif tt == "UdtType":
        if own.get("typeId"):
            ctx.types.append(node)
        else:
            build_children(ctx, node, node.member_cfgs, where, inert=True, owner=None,
                           generated=generated)
    else:
        build_children(ctx, node, cfg.get("tags") or [], where, inert, owner, generated)
    ctx.created.append(node)
    return node


def build_children(ctx, parent, cfgs, where, inert=False, owner=None, generated=False):
    if not isinstance(cfgs, list):
        raise NodeError("'tags' must be a list of child nodes", where)
    for i, c in enumerate(cfgs):
        w = node_where(where, c, i)
        if ctx.report is None:
            build(ctx, parent, c, w, inert, owner, generated)
            continue
        try:
            build(ctx, parent, c, w, inert, owner, generated)
        except NodeError as exc:
            ctx.report(exc.message, ctx.source, exc.where)


def apply_atomic(ctx, node, where):
    """Set an AtomicTag's typed state from its config."""
    own = node.config
    if not node.inert:
        _unbound_to_text(own)
    node.data_type = own.get("dataType", "Int4")
    node.value_source = own.get("valueSource", "memory")
    node.read_only = _flag(own.get("readOnly"), False)
    node.enabled = _flag(own.get("enabled"), True)
    node.alarms = own.get("alarms") or []
    now = ctx.now()
    if node.value_source in ("memory", "opc"):
        if "value" in own:
            raw = own["value"]
        elif "defaultValue" in own:
            raw = own["defaultValue"]
        else:
            raw = datatypes.default_value(node.data_type)
        if isinstance(raw, dict) and raw.get("bindType"):
            raw = None  # an unresolved binding (only inside UDT definitions)
        try:
            node.qv = QualifiedValue(datatypes.coerce(raw, node.data_type), QualityCode.Good, now)
        except datatypes.CoercionError as exc:
            msg = "value %r does not fit dataType %s: %s" % (raw, node.data_type, exc)
            if ctx.strict and not node.inert and ctx.report is None:
                raise NodeError(msg, where)
            if ctx.report is not None and not node.inert:
                ctx.report(msg + "; the tag loads with quality Error_TypeConversion (fix the "
                           "value or the dataType)", ctx.source, where)
            node.qv = QualifiedValue(None, QualityCode.Error_TypeConversion.derive(str(exc)), now)
    else:
        # Until the source has been evaluated (Ignition shows an initial/stale quality).
        node.qv = QualifiedValue(None, QualityCode.Uncertain_InitialValue, now)
    node.scripts = {}
    node.script_text = {}
    node.change_types = set()
    for s in own.get("eventScripts") or []:
        if s.get("enabled") is False:
            continue   # kept in the config (and exports), never runs
        if s["eventid"] == "qualifiedValueChanged":
            # 8.3.3+: without changeTypes the event is stored but inert (observed 8.3.8).
            node.change_types = set(str(c).upper() for c in s.get("changeTypes") or [])
            if not node.change_types:
                continue
        node.script_text[s["eventid"]] = s.get("script") or ""


def _unbound_to_text(own):
    """A running tag whose parameter binding names no parameter of any enclosing
    instance keeps the binding's text, ``{Name}`` as written (unverified: what a gateway
    shows for an unknown parameter reference)."""
    for k, v in list(own.items()):
        if k in ("value", "dataType", "enabled", "readOnly") or not isinstance(v, dict):
            continue
        bt = v.get("bindType")
        if isinstance(bt, string_types) and bt.lower() == "parameter" and \
                isinstance(v.get("binding"), string_types):
            own[k] = v["binding"]


def _flag(v, default):
    if v is None:
        return default
    if isinstance(v, bool):
        return v
    if isinstance(v, dict):
        return default  # a binding: resolved when the UDT instance is materialized
    try:
        return datatypes.coerce(v, "Boolean")
    except datatypes.CoercionError:
        return default
