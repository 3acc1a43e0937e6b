"""Regenerate ``gateway_sim/catalog_data.py`` from the public ``ignition-api`` stubs.

The stubs are not vendored: download them into a temp dir and point this script at it::

    d=$(mktemp -d)
    pip download --no-deps --ignore-requires-python -d $d "ignition-api==8.3.*" \
        "ignition-api==8.1.*"
    pip download --no-deps --ignore-requires-python -d $d "ignition-api-jython==8.1.*"
    python3 tools/catalog_from_stubs.py $d          # unpacks the sdists found there

Facts taken (only): for every function a ``system.*`` stub module lists in ``__all__``,
its parameter names and default values, per version. 8.1 is the union of
``ignition-api-jython`` 8.1.x (older, still lists the deprecated 7.x-style calls such as
``system.tag.read``) and ``ignition-api`` 8.1.x (newer functions); where both define a
function the newer signature wins. 8.3 is ``ignition-api`` 8.3.x plus the 8.1
functions of the namespaces IA's "Deprecated Pages" index names (``CARRIED_TO_83``):
IA states deprecated functions keep working and are only hidden from autocomplete, and
the 8.3 stubs drop them (unverified per function: no 8.3 gateway was at hand), minus
``REMOVED_IN_83``; both versions get ``MANUAL_ADDITIONS`` (documented by the manual,
absent from the stubs).
CPython 3 only (a tool, not simulator code).
"""
from __future__ import absolute_import, division, print_function

import ast
import glob
import io
import json
import os
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(os.path.dirname(HERE), "gateway_sim", "catalog_data.py")

# Namespaces listed in IA's "Deprecated Pages" index (system.alert is 7.x only): the 8.1
# functions of these that the 8.3 stubs drop are kept on an 8.3 gateway.
CARRIED_TO_83 = ("system.dataset", "system.db", "system.device", "system.gui", "system.nav",
                 "system.net", "system.tag", "system.util")

# Functions the stubs lack but IA's manual documents ("deprecated in 8.1.0", so still
# working on 8.1; signatures from the manual's Deprecated Pages).
MANUAL_ADDITIONS = {
    "system.tag": {
        "writeSynchronous": ("tagPath", "value", ("timeout", "45000")),
        "writeAllSynchronous": ("tagPaths", "values", ("timeout", "45000")),
    },
}

# ...except these: the 7.x-style tag calls an 8.1 gateway still runs are gone from 8.3 (the 8.3
# stubs drop them and the Deprecated Pages list a system.tag removal under 8.3.0).
REMOVED_IN_83 = {"system.tag": ("read", "readAll", "write", "writeAll", "writeSynchronous",
                                "writeAllSynchronous", "browseTags", "browseTagsSimple")}


def _unpack(stub_dir):
    """``{label: src/system folder}`` for each stub sdist in ``stub_dir``."""
    found = {}
    for archive in sorted(glob.glob(os.path.join(stub_dir, "*.tar.gz"))):
        base = os.path.basename(archive)[:-len(".tar.gz")]
        target = os.path.join(stub_dir, base)
        if not os.path.isdir(target):
            with tarfile.open(archive) as tf:
                tf.extractall(stub_dir)
        src = os.path.join(target, "src", "system")
        if not os.path.isdir(src):
            raise SystemExit("%s has no src/system folder: not an ignition-api sdist" % archive)
        found[base] = src
    return found


def _default_text(node):
    """The default's source, checked to be a literal when it is one."""
    text = ast.unparse(node)
    try:
        ast.literal_eval(text)
    except ValueError:
        pass
    return text


def _signature(fn):
    a = fn.args
    params = []
    positional = list(a.posonlyargs) + list(a.args)
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    for arg, default in zip(positional, defaults):
        params.append(arg.arg if default is None else (arg.arg, _default_text(default)))
    if a.vararg is not None:
        params.append("*" + a.vararg.arg)
    for arg, default in zip(a.kwonlyargs, a.kw_defaults):
        params.append(arg.arg if default is None else (arg.arg, _default_text(default)))
    if a.kwarg is not None:
        params.append("**" + a.kwarg.arg)
    return tuple(params)


def _literal(node):
    """The source of a constant's literal value (None for None or a non-literal)."""
    text = ast.unparse(node)
    try:
        value = ast.literal_eval(text)
    except ValueError:
        return None
    return None if value is None else text


def read_stub(system_dir):
    """``{namespace: {name: signature, "object" or "const:<literal>"}}`` of one stub tree."""
    out = {}
    for dirpath, _, files in os.walk(system_dir):
        for fname in files:
            if not fname.endswith(".py") or fname == "__version__.py":
                continue
            path = os.path.join(dirpath, fname)
            rel = os.path.relpath(path, os.path.dirname(system_dir))[:-3].replace(os.sep, ".")
            if rel.endswith(".__init__"):
                rel = rel[:-len(".__init__")]
            if rel == "system":
                continue
            tree = ast.parse(io.open(path, encoding="utf-8").read())
            exported, defs, assigned = None, {}, {}
            for node in tree.body:
                if isinstance(node, ast.Assign):
                    for t in node.targets:
                        if isinstance(t, ast.Name):
                            if t.id == "__all__":
                                exported = [e.value for e in node.value.elts]
                            else:
                                assigned[t.id] = node.value
                elif isinstance(node, ast.FunctionDef):
                    defs[node.name] = _signature(node)
            names = {}
            for name in exported or [n for n in defs if not n.startswith("_")]:
                if name in defs:
                    names[name] = defs[name]
                elif name in assigned and name[:1].islower():
                    names[name] = "object"      # e.g. 8.3's system.net.httpClient instance
                elif name in assigned and _literal(assigned[name]) is not None:
                    names[name] = "const:" + _literal(assigned[name])   # system.db.READ_COMMITTED
            if names:
                out[rel] = names
    return out


def merge(stubs):
    """``{namespace: {name: (sig81, sig83)}}`` from the unpacked stub trees."""
    def pick(prefix):
        keys = sorted(k for k in stubs if k.startswith(prefix))
        return keys
    old81 = [read_stub(stubs[k]) for k in pick("ignition-api-jython-8.1")]
    new81 = [read_stub(stubs[k]) for k in pick("ignition_api-8.1")]
    v83 = [read_stub(stubs[k]) for k in pick("ignition_api-8.3")]
    if not (old81 or new81) or not v83:
        raise SystemExit("need the 8.1 and the 8.3 stubs; found %s" % sorted(stubs))
    s81, s83 = {}, {}
    for tree in old81[-1:] + new81[-1:]:      # newest of each, newer 8.1 wins
        for ns, names in tree.items():
            s81.setdefault(ns, {}).update(names)
    for ns, names in v83[-1].items():
        s83.setdefault(ns, {}).update(names)
    for ns in CARRIED_TO_83:
        for name, sig in s81.get(ns, {}).items():
            s83.setdefault(ns, {}).setdefault(name, sig)
    for ns, names in MANUAL_ADDITIONS.items():
        for name, sig in names.items():
            s81.setdefault(ns, {}).setdefault(name, sig)
            s83.setdefault(ns, {}).setdefault(name, sig)
    for ns, names in REMOVED_IN_83.items():
        for name in names:
            s83.get(ns, {}).pop(name, None)
    out = {}
    for ns in set(s81) | set(s83):
        for name in set(s81.get(ns, {})) | set(s83.get(ns, {})):
            out.setdefault(ns, {})[name] = (s81.get(ns, {}).get(name), s83.get(ns, {}).get(name))
    return out


def _sig_json(sig):
    if sig is None or isinstance(sig, str):
        return json.dumps(sig)
    return json.dumps([list(p) if isinstance(p, tuple) else p for p in sig],
                      separators=(",", ":"))


def render(merged, labels):
    """One short string per function (Jython cannot compile one huge dict literal:
    a module's code must stay under the JVM's 64 KB method limit)."""
    lines = ['"""Generated by tools/catalog_from_stubs.py from %s. Do not edit by hand.' % (
             ", ".join(labels)),
             "",
             "FUNCTIONS: namespace -> function name -> (8.1 signature, 8.3 signature), None when",
             "the version lacks it. A signature is a tuple of parameters: ``\"name\"`` (required),",
             "``(\"name\", \"default source\")``, ``\"*args\"``, ``\"**kwargs\"``; ``\"object\"``",
             "marks a name that is an object, not a function (8.3's ``system.net.httpClient``);",
             "``\"const:<literal>\"`` a constant and its value (``system.db.READ_COMMITTED``).",
             "Stored as tab-separated lines (namespace, name, 8.1 JSON, 8.3 JSON or ``=``).",
             "Single-source 2.7/3.x. May import: the standard library.",
             '"""',
             "from __future__ import absolute_import, division, print_function",
             "",
             "import json",
             "",
             "STUBS = %r" % (tuple(labels),),
             "",
             "_LINES = ("]
    for ns in sorted(merged):
        for name in sorted(merged[ns]):
            s81, s83 = merged[ns][name]
            j83 = "=" if s81 == s83 else _sig_json(s83)
            lines.append("    %r," % ("\t".join((ns, name, _sig_json(s81), j83)),))
    lines += [")",
              "",
              "",
              "def _sig(text):",
              "    value = json.loads(text)",
              "    if isinstance(value, list):",
              "        return tuple(tuple(str(x) for x in p) if isinstance(p, list) else str(p)",
              "                     for p in value)",
              "    return value if value is None else str(value)",
              "",
              "",
              "def _parse(lines):",
              "    out = {}",
              "    for line in lines:",
              "        ns, name, j81, j83 = line.split(\"\\t\")",
              "        s81 = _sig(j81)",
              "        out.setdefault(str(ns), {})[str(name)] = (s81, s81 if j83 == \"=\" else _sig(j83))",
              "    return out",
              "",
              "",
              "FUNCTIONS = _parse(_LINES)"]
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        sys.stderr.write("usage: python3 tools/catalog_from_stubs.py STUB_DIR "
                         "(a folder holding the downloaded ignition-api sdists)\n")
        return 2
    stubs = _unpack(argv[1])
    merged = merge(stubs)
    with io.open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(render(merged, sorted(stubs)))
    print("wrote %s (%d namespaces, %d names)" % (
        OUTPUT, len(merged), sum(len(v) for v in merged.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
