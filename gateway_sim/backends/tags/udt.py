# -*- coding: utf-8 -*-
"""UDT definitions (``_types_``) and instances (reference section 2.7).

An instance's members are its type's members (following the parent-type chain
of ``typeId`` on the definition) merged by name with the instance's override
``tags``; then ``{"bindType": "parameter", "binding": "..."}`` properties (and alarm
properties as exports bind them, ``{"bindType": "UDTParameter", "value": "..."}``) are
resolved against the parameters. Parameters come in three shapes: a bare
value, ``{"dataType": ..., "value": ...}`` and ``{"value": ...}`` (the last is
reported to lose its value on a real gateway; the simulator keeps it).
Built-in parameters (manual, UDT Parameters, "Pre-Defined Parameters"; each "uses
that Tag it is in as a starting point"): ``InstanceName``, ``ParentInstanceName``,
``RootInstanceName`` (per instance) and, per tag, ``TagName`` (the tag's name),
``PathToTag`` (its path) and ``PathToParentFolder`` (the path of the folder it is
in: for a direct member, the instance itself). Paths carry no ``[provider]``
(observed in a public project built against a gateway for ``PathToParentFolder``;
unverified for ``PathToTag``, taken the same). A parameter the UDT itself defines
under a built-in's name wins over the built-in (unverified). Expressions inside
members read a parameter as ``{Name}``; a reference may compute and format
(``{Base+1|000}``, ``parammath``).

Load layer: pure functions on config dicts (merging members, parameter values,
bindings). Building the members of an instance in the tag tree is ``instances``
(runtime layer). May import: stdlib, ``gateway_sim._compat``, ``parammath``.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import parammath

_PARAM_RE = re.compile(r"\{([^{}\[\]/]+)\}")


TAG_BUILTINS = ("PathToParentFolder", "TagName", "PathToTag")


class Params(dict):
    """Parameters of one scope. ``builtin`` holds the lower-cased names whose value is a
    built-in (not defined by the UDT), so a tag's own built-ins may replace them."""
    builtin = frozenset()


def with_tag_builtins(params, folder_path, name):
    """``params`` plus the per-tag built-ins of the tag ``name`` in the folder at
    ``folder_path`` (a provider-relative path): ``TagName``, ``PathToTag``,
    ``PathToParentFolder``. A parameter of that name defined by the UDT is kept."""
    out = Params(params)
    builtin = set(getattr(params, "builtin", ()))
    have = dict((k.lower(), k) for k in params)
    path = "%s/%s" % (folder_path, name) if folder_path else name
    for k, v in zip(TAG_BUILTINS, (folder_path, name, path)):
        low = k.lower()
        if low in have and low not in builtin:
            continue            # the UDT's own parameter of that name
        if low in have:
            del out[have[low]]
        out[k] = v
        builtin.add(low)
    out.builtin = frozenset(builtin)
    return out


def param_value(v):
    """A parameter's value from any of the three shapes."""
    if isinstance(v, dict) and ("value" in v or "dataType" in v):
        return v.get("value")
    return v


def merge_members(base, overrides):
    """Members of ``base`` merged by name (case-insensitive) with ``overrides``.

    Copy-on-write: configs are never changed in place, only the members an override
    touches are copied, so definitions stay shared (loading thousands of instances
    does not deep-copy every member)."""
    out = list(base)
    index = {}
    for i, m in enumerate(out):
        if isinstance(m, dict) and isinstance(m.get("name"), string_types):
            index[m["name"].lower()] = i
    for o in overrides:
        nm = o.get("name") if isinstance(o, dict) else None
        i = index.get(nm.lower()) if isinstance(nm, string_types) else None
        if i is None:
            out.append(o)
            if isinstance(nm, string_types):
                index[nm.lower()] = len(out) - 1
            continue
        merged = dict(out[i])
        for k, v in o.items():
            if k == "tags" and isinstance(v, list) and isinstance(merged.get("tags"), list):
                merged["tags"] = merge_members(merged["tags"], v)
            elif k == "parameters" and isinstance(v, dict) and isinstance(merged.get(k), dict):
                params = dict(merged[k])
                params.update(v)
                merged[k] = params
            else:
                merged[k] = v
        out[i] = merged
    return out


def substitute(text, params):
    """Replace ``{Param}`` in text; unknown names stay as written."""
    low = dict((k.lower(), v) for k, v in params.items())

    def rep(m):
        k = m.group(1).strip().lower()
        if k in low:
            v = low[k]
            return u"%s" % ("" if v is None else v)
        ok, v = parammath.evaluate(m.group(1), params)
        if ok:
            return parammath.as_text(v)     # {Base+1}, {Base+2|000} (manual)
        return m.group(0)
    return _PARAM_RE.sub(rep, text)


_EXPRESSION_KEYS = ("expression", "deriveExpressionGetter", "deriveExpressionSetter")


def substitute_in_references(text, params):
    """``{[.]../Tank{N}/Level}`` -> ``{[.]../Tank3/Level}``: parameters written inside a
    tag reference of an expression are replaced before the expression is parsed (a
    brace inside a reference is otherwise a syntax error, so valid expressions never
    change). Unknown names stay as written. Unverified: done the way UDT parameters
    substitute into any other text property."""
    if "{" not in text or not params:
        return text
    out = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            j = text.find(c, i + 1)
            j = n - 1 if j < 0 else j
            out.append(text[i:j + 1])
            i = j + 1
            continue
        if c == "{":
            depth = 0
            j = i
            while j < n:
                if text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = text[i + 1:j]
            if "{" in inner:
                inner = substitute(inner, params)
            out.append("{" + inner + ("}" if j < n else ""))
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def resolve_member(member, params, folder_path=None):
    """A member config with the instance's parameter bindings resolved. The members
    of a nested UDT instance are left to that instance: they resolve against its
    own parameters (which may themselves bind to ours). ``folder_path``: the path of
    the folder the member goes in (the instance's path for a direct member); given,
    each tag resolves its own ``TagName``/``PathToTag``/``PathToParentFolder``."""
    if not isinstance(member, dict):
        return member
    name = member.get("name")
    sub_path = None
    if folder_path is not None and isinstance(name, string_types):
        params = with_tag_builtins(params, folder_path, name)
        sub_path = "%s/%s" % (folder_path, name) if folder_path else name
    if member.get("tagType") == "UdtInstance":
        out = {}
        for k, v in member.items():
            out[k] = v if k == "tags" else resolve_bindings(v, params)
        return out
    out = {}
    for k, v in member.items():
        if k == "tags" and isinstance(v, list):
            out[k] = [resolve_member(m, params, sub_path) for m in v]
        elif k in _EXPRESSION_KEYS and isinstance(v, string_types):
            out[k] = substitute_in_references(v, params)
        else:
            out[k] = resolve_bindings(v, params)
    return out


def _all_known(text, params):
    low = set(k.lower() for k in params)
    for m in _PARAM_RE.finditer(text):
        if m.group(1).strip().lower() not in low and not parammath.evaluate(
                m.group(1), params)[0]:
            return False
    return True


def resolve_bindings(value, params, skip_tags=False):
    """Resolve parameter bindings anywhere in a member config. A binding naming a
    parameter this scope does not have stays a binding (an enclosing instance or a
    nested one resolves it)."""
    if isinstance(value, dict):
        bt = value.get("bindType")
        low_bt = bt.lower() if isinstance(bt, string_types) else None
        if low_bt == "udtparameter" and isinstance(value.get("value"), string_types):
            # An alarm property bound to parameters (8.x exports: {"bindType":
            # "UDTParameter", "value": "{RootInstanceName}"}): same rules, text in "value".
            value = {"bindType": "parameter", "binding": value["value"]}
            low_bt = "parameter"
        if low_bt == "parameter" and isinstance(value.get("binding"), string_types):
            b = value["binding"]
            m = _PARAM_RE.match(b.strip())
            if m and m.end() == len(b.strip()):
                low = dict((k.lower(), v) for k, v in params.items())
                k = m.group(1).strip().lower()
                if k in low:
                    return low[k]      # a whole-value binding keeps the parameter's type
                ok, v = parammath.evaluate(m.group(1), params)
                if ok:
                    return v           # {Base+1}: the computed number (text if formatted)
            if not _all_known(b, params):
                # Substitute what this scope knows; the rest stays a binding for the
                # scope that has it (a nested instance's own parameters).
                out = dict(value)
                out["binding"] = substitute(b, params)
                return out
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


