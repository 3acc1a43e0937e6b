# -*- coding: utf-8 -*-
"""UDT instances in the tag tree: type lookup, parameters, materialized members.

``materialize(ctx, inst)`` (re)creates an instance's members: the members of its
type chain (base first) merged with the instance's overrides (``udt.merge_members``),
bindings resolved against the instance's parameters. Nested instances take their
``typeId`` from the parent definition's member of the same name (real exports omit
it) and are materialized in turn; instances inside definitions are materialized
inert so browsing a definition shows what a gateway shows. A type that contains
itself (directly or through other types) is a cycle: reported, left hollow.
A definition that inherits (``typeId`` on the UdtType) shows its parent chain's
members merged with its own (``expand_type``), as a gateway's browse,
getConfiguration and read of ``_types_/Child/Member`` do; exports keep only its own.
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
    """The parameters of ``inst``: its type chain's defaults (base first), then its
    own values, then the built-ins it does not define (``udt.Params``). A parameter
    value bound to parameters (``{"bindType": "parameter", "binding":
    "{PathToParentFolder}"}``, seen as a definition's default in real exports) is
    resolved here with the instance as the tag using it (its name, path and folder);
    a nested instance's values bound to the enclosing instance's parameters were
    resolved by that instance first."""
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
    out = udt.Params(raw)
    have = set(k.lower() for k in raw)
    for k, v in builtins.items():
        if k.lower() not in have:
            out[k] = v
    out.builtin = frozenset(k.lower() for k in builtins if k.lower() not in have)
    bound = [k for k, v in raw.items() if isinstance(v, dict) and v.get("bindType")]
    if bound:
        scope = udt.with_tag_builtins(out, parent.rel_path() if parent is not None else "",
                                      inst.name)
        for k in bound:
            out[k] = udt.resolve_bindings(raw[k], scope)
    return out


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
        m = udt.resolve_member(m, params, inst.rel_path())
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


def derived_types(backend, changed, pending=()):
    """Definitions to (re)build with their parents' members: those of ``pending``
    (just built) and every definition in the providers of ``changed`` that inherits,
    directly or not, from one of ``changed``."""
    wanted = set(id(t) for t in changed)
    out = list(pending)
    seen_ids = set(id(t) for t in out)
    provs = []
    for t in changed:
        if t.provider not in provs:
            provs.append(t.provider)
    for prov in provs:
        types = prov.types_folder()
        for n in (types.walk() if types is not None else []):
            if n.tag_type != "UdtType" or not n.config.get("typeId") or id(n) in seen_ids:
                continue
            t = n
            hops = 0
            while t is not None and hops < 50:
                if id(t) in wanted:
                    out.append(n)
                    seen_ids.add(id(n))
                    break
                parent = t.config.get("typeId")
                t = find_type(n.provider, parent) if parent else None
                hops += 1
    return out


def expand_type(ctx, typ):
    """Build the members of definition ``typ`` that inherits: its parent chain's members
    (base first) merged by name with its own, inert, bindings left unresolved as in any
    definition. A parent that cannot be found (or an inheritance cycle) leaves only its
    own members; its instances report the problem."""
    from gateway_sim.backends.tags import build as builder
    where = getattr(typ, "where", typ.full_path())
    try:
        chain = type_chain(typ.provider, typ, where)
    except NodeError:
        chain = [typ]
    members = []
    for t in chain:
        members = udt.merge_members(members, t.member_cfgs)
    builder.build_children(ctx, typ, members, where, inert=True, owner=None,
                           generated=typ.generated)
