"""Compare the simulated ``system`` surface of one version with the stub catalog."""
from __future__ import absolute_import, division, print_function

import ast
import inspect

from gateway_sim import catalog


def _expected_params(sig):
    out = []
    for p in sig:
        if isinstance(p, tuple):
            try:
                default = ast.literal_eval(p[1])
            except ValueError:
                default = Ellipsis          # non-literal (Locale.ENGLISH): presence only
            out.append((p[0], "default", default))
        elif p.startswith("**"):
            out.append((p[2:], "**", None))
        elif p.startswith("*"):
            out.append((p[1:], "*", None))
        else:
            out.append((p, "required", None))
    return out


def _actual_params(fn):
    out = []
    for p in inspect.signature(fn).parameters.values():
        if p.kind == p.VAR_POSITIONAL:
            out.append((p.name, "*", None))
        elif p.kind == p.VAR_KEYWORD:
            out.append((p.name, "**", None))
        elif p.default is p.empty:
            out.append((p.name, "required", None))
        else:
            out.append((p.name, "default", p.default))
    return out


def signature_problem(fn, sig):
    """None when ``fn`` takes exactly the stub's parameters, else a one-line description."""
    expected = _expected_params(sig)
    try:
        actual = _actual_params(fn)
    except (TypeError, ValueError):
        return "no inspectable signature"
    if len(actual) != len(expected):
        return "parameters %s, stub has %s" % ([a[0] for a in actual], [e[0] for e in expected])
    for a, e in zip(actual, expected):
        if a[:2] != e[:2]:
            return "parameter %s (%s), stub has %s (%s)" % (a[0], a[1], e[0], e[1])
        if e[1] == "default" and e[2] is not Ellipsis and not (a[2] == e[2] and type(a[2]) is type(e[2])):
            return "parameter %s defaults to %r, stub has %r" % (a[0], a[2], e[2])
    return None


def problems(system_pkg, version, namespaces=None):
    """Every difference between the surface seen now and ``version``'s catalog."""
    out = []
    for ns in namespaces or catalog.PLATFORM_NAMESPACES:
        present = version in catalog.namespace_versions(ns)
        obj = system_pkg
        try:
            for part in ns.split(".")[1:]:
                obj = getattr(obj, part)
        except AttributeError:
            if present:
                out.append("%s: namespace missing" % ns)
            continue
        if not present:
            out.append("%s: namespace present, %s lacks it" % (ns, version))
            continue
        for name in catalog.names(ns):
            sig = catalog.signature(ns, name, version)
            fn = getattr(obj, name, None)
            q = "%s.%s" % (ns, name)
            if sig is None:
                if fn is not None:
                    out.append("%s: present, %s lacks it" % (q, version))
            elif fn is None:
                out.append("%s: missing" % q)
            elif sig != "object":
                bad = signature_problem(fn, sig)
                if bad:
                    out.append("%s: %s" % (q, bad))
        have = catalog.constants(ns, version)
        for name in catalog.constants(ns):
            q = "%s.%s" % (ns, name)
            present = hasattr(obj, name)
            if name in have and not present:
                out.append("%s: constant missing" % q)
            elif name not in have and present:
                out.append("%s: constant present, %s lacks it" % (q, version))
        known = set(catalog.names(ns)) | set(catalog.constants(ns))
        for name in dir(obj):
            if name.startswith("_") or name in known:
                continue
            try:
                value = getattr(obj, name)
            except AttributeError:
                continue
            if type(value).__name__ != "Namespace":
                out.append("%s.%s: not an Ignition name, yet visible" % (ns, name))
    return out
