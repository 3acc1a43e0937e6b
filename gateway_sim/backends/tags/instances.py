# -*- coding: utf-8 -*-
"""UDT instances in the tag tree: type lookup, parameters, materialized members.

``materialize(ctx, inst)`` (re)creates an instance's members: the members of its
type chain (base first) merged with the instance's overrides (``udt.merge_members``),
bindings resolved against the instance's parameters. Nested instances take their
``typeId`` from the parent definition's member of the same name (real exports omit
it) and are materialized in turn; instances inside definitions are materialized
inert so browsing a definition shows what a gateway shows. A type that contains
itself (directly or through other types) is a cycle: reported, left hollow.
Runtime layer. May import: stdlib, tag siblings.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import udt
from gateway_sim.backends.tags.schema import NodeError, node_where


def find_type(provider, type_id):
    """The UdtType node named by ``type_id`` (relative to ``_types_``), or None."""
    if not isinstance(type_id, string_types):
        return None
    tid = type_id.strip()
    if tid.startswith("["):
        end = tid.find("]")
        prov_name = tid[1:end]
        if prov_name and prov_name.lower() != provider.name.lower():
            other = provider.backend.provider(prov_name)
            if other is not None:
                provider = other
        tid = tid[end + 1:]
    segs = [s for s in tid.split("/") if s]
    if segs and segs[0].lower() == "_types_":
        segs = segs[1:]
    types = provider.types_folder()
    if types is None or not segs:
        return None
    node = provider.find(["_types_"] + segs)
    return node if node is not None and node.tag_type == "UdtType" else None


def type_chain(provider, typ, where):
    chain = []
    seen = set()
    while typ is not None:
        if id(typ) in seen:
            raise NodeError("UDT inheritance cycle at %s" % typ.full_path(), where)
        seen.add(id(typ))
        chain.append(typ)
        parent = typ.config.get("typeId")
        if not parent:
            break
        nxt = find_type(provider, parent)
        if nxt is None:
            raise NodeError("UDT %s inherits from unknown type %r" % (typ.full_path(), parent), where)
        typ = nxt
    chain.reverse()   # base first
    return chain


def instance_type_path(typ):
    return typ.rel_path()[len("_types_/"):]


def instance_params(inst, chain):
    raw = {}
    for t in chain:
        for k, v in (t.config.get("parameters") or {}).items():
            raw[k] = udt.param_value(v)
    for k, v in (inst.config.get("parameters") or {}).items():
        raw[k] = udt.param_value(v)
    parent = inst.parent
    builtins = {
        "InstanceName": inst.name,
        "PathToParentFolder": parent.rel_path() if parent is not None else "",
        "ParentInstanceName": inst.udt_owner.name if inst.udt_owner is not None else "",
    }
    root = inst
    while root.udt_owner is not None:
        root = root.udt_owner
    builtins["RootInstanceName"] = root.name
    for k, v in builtins.items():
        raw.setdefault(k, v)
    return raw


def _enclosing_types(inst):
    """The definitions being expanded around ``inst`` (cycle check): each enclosing
    definition, and each enclosing instance's own type -- not that type's parents: a
    member instance may share a base type with the instance holding it (both derive
    from one base definition) without any recursion. A real cycle (a type holding an
    instance of itself, directly, through other types or through a type derived from
    it) still meets its own type here at most one level further down."""
    out = []
    n = inst.parent
    while n is not None:
        if n.tag_type == "UdtType":
            out.append(n)
        elif n.tag_type == "UdtInstance":
            chain = getattr(n, "type_chain", None) or []
            if chain:
                out.append(chain[-1])
        n = n.parent
    return out


def materialize(ctx, inst):
    """(Re)create the members of UDT instance ``inst``."""
    from gateway_sim.backends.tags import build as builder
    where = getattr(inst, "where", inst.full_path())
    tid = inst.config.get("typeId")
    if tid is None:
        raise NodeError("nested UDT instance %s has no typeId and the enclosing definition has "
                        "no member named %r; add \"typeId\" naming its definition"
                        % (inst.full_path(), inst.name), where)
    typ = find_type(inst.provider, tid)
    if typ is None:
        types = inst.provider.types_folder()
        known = sorted(instance_type_path(n) for n in (types.walk() if types else [])
                       if n.tag_type == "UdtType")
        shown = ", ".join(known[:20]) + (", ..." if len(known) > 20 else "")
        raise NodeError("UDT instance %s has unknown typeId %r; load the file defining it "
                        "first or fix the typeId (known types: %s)"
                        % (inst.full_path(), tid, shown or "none"), where)
    chain = type_chain(inst.provider, typ, where)
    if any(typ is e for e in _enclosing_types(inst)):
        raise NodeError("UDT cycle: %s (type %s) is inside a definition of that type; "
                        "remove the nested instance from the definition"
                        % (inst.full_path(), instance_type_path(typ)), where)
    inst.type_chain = chain
    params = instance_params(inst, chain)
    inst.parameters = params
    members = []
    for t in chain:
        members = udt.merge_members(members, t.member_cfgs)
    members = udt.merge_members(members, inst.override_cfgs)
    for i, m in enumerate(members):
        w = node_where(where, m, i)
        m = udt.resolve_member(m, params)
        if ctx.report is None:
            builder.build(ctx, inst, m, w, inert=inst.inert, owner=inst, generated=True)
            continue
        try:
            builder.build(ctx, inst, m, w, inert=inst.inert, owner=inst, generated=True)
        except NodeError as exc:
            ctx.report(exc.message, ctx.source, exc.where)


def instances_of(backend, types):
    """Instances (in the types' providers) whose type chain includes one of ``types``.
    One walk per provider, whatever the number of types."""
    wanted = set(id(t) for t in types)
    provs = []
    for t in types:
        if t.provider not in provs:
            provs.append(t.provider)
    out = []
    for prov in provs:
        cache = {}
        for n in prov.root.walk():
            if n.tag_type != "UdtInstance":
                continue
            tid = n.config.get("typeId")
            key = tid.lower() if isinstance(tid, string_types) else None
            if key not in cache:
                hit = False
                t = find_type(n.provider, tid)
                seen = 0
                while t is not None and seen < 50:
                    if id(t) in wanted:
                        hit = True
                        break
                    parent = t.config.get("typeId")
                    t = find_type(n.provider, parent) if parent else None
                    seen += 1
                cache[key] = hit
            if cache[key]:
                out.append(n)
    return out
