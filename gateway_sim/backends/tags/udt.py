# -*- coding: utf-8 -*-
"""UDT definitions (``_types_``) and instances (reference section 2.7).

An instance's members are its type's members (following the parent-type chain
of ``typeId`` on the definition) merged by name with the instance's override
``tags``; then ``{"bindType": "parameter", "binding": "..."}`` properties are
resolved against the parameters. Parameters come in three shapes: a bare
value, ``{"dataType": ..., "value": ...}`` and ``{"value": ...}`` (the last is
reported to lose its value on a real gateway; the simulator keeps it).
Built-in parameters: ``InstanceName``, ``PathToParentFolder``,
``ParentInstanceName``, ``RootInstanceName``. Expressions inside members read a
parameter as ``{Name}``. May import: stdlib, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import copy
import re

from gateway_sim._compat import string_types
from gateway_sim.backends.tags.schema import NodeError, node_where

_PARAM_RE = re.compile(r"\{([^{}\[\]/]+)\}")


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


def param_value(v):
    """A parameter's value from any of the three shapes."""
    if isinstance(v, dict) and ("value" in v or "dataType" in v):
        return v.get("value")
    return v


def merge_members(base, overrides):
    out = [copy.deepcopy(m) for m in base]
    index = {}
    for i, m in enumerate(out):
        if isinstance(m, dict) and isinstance(m.get("name"), string_types):
            index[m["name"].lower()] = i
    for o in overrides:
        nm = o.get("name") if isinstance(o, dict) else None
        i = index.get(nm.lower()) if isinstance(nm, string_types) else None
        if i is None:
            out.append(copy.deepcopy(o))
            continue
        merged = out[i]
        for k, v in o.items():
            if k == "tags" and isinstance(v, list) and isinstance(merged.get("tags"), list):
                merged["tags"] = merge_members(merged["tags"], v)
            elif k == "parameters" and isinstance(v, dict) and isinstance(merged.get(k), dict):
                merged[k].update(copy.deepcopy(v))
            else:
                merged[k] = copy.deepcopy(v)
    return out


def substitute(text, params):
    """Replace ``{Param}`` in text; unknown names stay as written."""
    low = dict((k.lower(), v) for k, v in params.items())

    def rep(m):
        k = m.group(1).strip().lower()
        if k in low:
            v = low[k]
            return u"%s" % ("" if v is None else v)
        return m.group(0)
    return _PARAM_RE.sub(rep, text)


def resolve_bindings(value, params, skip_tags=False):
    """Resolve parameter bindings anywhere in a member config."""
    if isinstance(value, dict):
        if value.get("bindType") == "parameter" and isinstance(value.get("binding"), string_types):
            b = value["binding"]
            m = _PARAM_RE.match(b.strip())
            if m and m.end() == len(b.strip()):
                low = dict((k.lower(), v) for k, v in params.items())
                k = m.group(1).strip().lower()
                if k in low:
                    return low[k]      # a whole-value binding keeps the parameter's type
            return substitute(b, params)
        out = {}
        for k, v in value.items():
            if k == "tags" and skip_tags:
                out[k] = v
            else:
                out[k] = resolve_bindings(v, params, skip_tags and k != "parameters")
        return out
    if isinstance(value, list):
        return [resolve_bindings(v, params, skip_tags) for v in value]
    return value


def instance_params(inst, chain):
    raw = {}
    for t in chain:
        for k, v in (t.config.get("parameters") or {}).items():
            raw[k] = param_value(v)
    for k, v in (inst.config.get("parameters") or {}).items():
        raw[k] = param_value(v)
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


def materialize(ctx, inst):
    """(Re)create the members of UDT instance ``inst``."""
    from gateway_sim.backends.tags import build as builder
    where = getattr(inst, "where", inst.full_path())
    typ = find_type(inst.provider, inst.config.get("typeId"))
    if typ is None:
        types = inst.provider.types_folder()
        known = sorted(n.rel_path()[len("_types_/"):] for n in (types.walk() if types else [])
                       if n.tag_type == "UdtType")
        raise NodeError("UDT instance %s has unknown typeId %r (known types: %s)"
                        % (inst.full_path(), inst.config.get("typeId"), ", ".join(known) or "none"),
                        where)
    chain = type_chain(inst.provider, typ, where)
    params = instance_params(inst, chain)
    inst.parameters = params
    members = []
    for t in chain:
        members = merge_members(members, t.member_cfgs)
    members = merge_members(members, inst.override_cfgs)
    members = [resolve_bindings(m, params) for m in members]
    for i, m in enumerate(members):
        builder.build(ctx, inst, m, node_where(where, m, i), inert=False, owner=inst, generated=True)


def instances_of(backend, typ):
    """Instances (in typ's provider) whose type chain includes ``typ``."""
    out = []
    for n in typ.provider.root.walk():
        if n.tag_type == "UdtInstance" and not n.inert:
            t = find_type(n.provider, n.config.get("typeId"))
            seen = 0
            while t is not None and seen < 50:
                if t is typ or t.full_path().lower() == typ.full_path().lower():
                    out.append(n)
                    break
                parent = t.config.get("typeId")
                t = find_type(n.provider, parent) if parent else None
                seen += 1
    return out
