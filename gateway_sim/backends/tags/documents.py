"""Tag documents: reading files into plain config nodes (load layer: no runtime).

This module parses; ``loaders`` applies the parsed nodes to a provider.

Accepted files (``gw.tags.load_file``):

* Ignition exports (``*.json``): a Provider envelope ``{"name": "", "tagType":
  "Provider", "tags": [...]}``, one node with ``tagType`` (Folder, AtomicTag,
  UdtInstance; a ``UdtType`` file goes under ``_types_``), a selection
  ``{"tags": [...]}``, or a bare array of nodes.
* the 8.3 on-disk layout: a folder ``.../tag-definition/<provider>/<folder...>/tags.json``
  (bare arrays; UDT instances of a folder in a sibling ``udts.json``) with the
  definitions in ``.../tag-type-definition/<provider>/<folder...>/udts.json``. Pass the
  ``core/ignition`` resources folder, the ``tag-definition`` folder, or one provider folder.
* YAML (``*.yaml``/``*.yml``, CPython + PyYAML): the same shapes, or the compact form::

      types:                          # UDT definitions -> _types_
        Motor:
          parameters: {Speed: {dataType: Float8, value: 10}}
          tags:
            Amps: {dataType: Float8, value: 0}
            Rated: {dataType: Float8, value: {bindType: parameter, binding: "{Speed}"}}
      tags:
        Line1:                        # a mapping with 'tags' (and no value) is a Folder
          tags:
            Speed: {dataType: Float8, value: 0, engUnit: rpm}
            Running: {expr: "{[.]Speed} > 10", dataType: Boolean}   # expr: = expression tag
            Pump1: {typeId: Motor, parameters: {Speed: 5}}           # typeId = UdtInstance
            Level: {dataType: Float8, sim: {type: follow, target: "[.]Setpoint", rate: 2}}
        Setpoint: 50.0                # a scalar = memory tag; dataType inferred from it

  In the compact form a ``tags``/``types`` value may be a mapping (name -> node) or a
  list of full nodes; a node without ``dataType`` but with a ``value`` gets its type
  from the value (Int4 / Int8 / Float8 / Boolean / String / Document).

* Ignition 7.x XML (``*.xml`` or text starting with ``<``): see ``xml7``.

Problems in a file that cannot be parsed at all are one ``ConfigError`` line naming the
file, the tag being written where it stops, and the fix (``json_problem``).
May import: stdlib, ``gateway_sim._compat``/``errors``, the load-layer siblings
(``datatypes``, ``schema``, ``xml7``); PyYAML lazily. Never the runtime (``configure``,
``build``, ``backend``, ``sources``...): ``tests/gateway_sim/tags/test_layers.py`` checks.
"""
from __future__ import absolute_import, division, print_function

import json
import os

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import datatypes
from gateway_sim.errors import ConfigError

def read_file(path):
    """Parse a JSON or YAML file; ConfigError names the file and the position."""
    if not os.path.isfile(path):
        raise ConfigError("tag file not found", source=path)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("tag file is not UTF-8 text: %s" % (exc,), source=path)
    if path.lower().endswith((".yaml", ".yml")):
        try:
            import yaml
        except ImportError:
            raise ConfigError("YAML tag files need PyYAML (pip install pyyaml); on Jython use "
                              "the JSON form", source=path)
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError("invalid YAML: %s" % (exc,), source=path)
    if path.lower().endswith(".xml") or text.lstrip()[:1] == "<":
        from gateway_sim.backends.tags import xml7
        return xml7.parse_text(text, path)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ConfigError(json_problem(text, exc), source=path, node=open_tag_path(text, exc))


def json_problem(text, exc):
    """One line for a JSON syntax error: what, where, and the fix."""
    pos = getattr(exc, "pos", None)
    msg = getattr(exc, "msg", None) or str(exc)
    tail = text.rstrip()[-1:]
    if (pos is not None and pos >= len(text.rstrip())) or tail not in ("]", "}"):
        return ("invalid JSON: the file ends early (%s); it was cut short: export the tags "
                "again or restore the whole file" % msg)
    where = ""
    if getattr(exc, "lineno", None):
        where = " (line %d, column %d)" % (exc.lineno, exc.colno)
    return "invalid JSON: %s%s; fix the JSON there (or export the tags again)" % (msg, where)


def open_tag_path(text, exc):
    """The path of the tag being written where a JSON error stops (None if unknown):
    the ``name`` values of the objects still open at the error position."""
    pos = getattr(exc, "pos", None)
    if pos is None:
        return None
    stack = []          # one entry per open {...} / [...]: name or None / False (array)
    i = 0
    n = min(pos, len(text))
    last_str = None
    expect_name = False
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            buf = []
            while j < n and text[j] != '"':
                if text[j] == "\\":
                    j += 1
                if j < n:
                    buf.append(text[j])
                j += 1
            val = "".join(buf)
            if expect_name and stack and stack[-1] is not False:
                stack[-1] = val
                expect_name = False
            last_str = val
            i = j + 1
            continue
        if c == ":":
            expect_name = last_str == "name"
        elif c == ",":
            expect_name = False
        elif c == "{":
            stack.append(None)
        elif c == "[":
            stack.append(False)
        elif c in "}]":
            if stack:
                stack.pop()
        i += 1
    names = [x for x in stack if x]
    return "/".join(names) if names else None


def nodes_from_data(data, source="<data>"):
    """(node cfgs, UdtType cfgs for _types_) from any accepted document shape.

    Real exports also come as: the provider root written as a folder named ``""``
    (its children are the root's), and a definitions-only export (folders holding
    nothing but ``UdtType``s, as exported from the UDT Definitions folder), which
    goes under ``_types_`` so instances' ``typeId`` paths find it."""
    if data is None:
        return [], []
    if isinstance(data, list):
        return _split_types(_unwrap_roots(list(data)))
    if not isinstance(data, dict):
        raise ConfigError("a tag document must be an object or a list of tag nodes, got %s"
                          % type(data).__name__, source=source)
    tt = data.get("tagType")
    if tt == "Provider" or (_is_root_folder(data)):
        return _split_types(_unwrap_roots(_tags_value(data.get("tags"), source, "")))
    if tt == "UdtType":
        return [], [data]
    if tt is not None or "name" in data:
        return _split_types([data])
    unknown = sorted(k for k in data if k not in ("tags", "types", "name"))
    if unknown:
        raise ConfigError("unknown top-level key(s) %s; a tag document has 'tags' (and, in "
                          "the compact YAML form, 'types')" % ", ".join(unknown), source=source)
    if "types" not in data and isinstance(data.get("tags"), list):
        # An 8.x export of several selected items: {"tags": [...]} with no name or
        # tagType; from the UDT Definitions tab its folders hold only UdtTypes.
        return _split_types(_unwrap_roots(list(data["tags"])))
    types = _tags_value(data.get("types"), source, "types", force_type="UdtType")
    return _tags_value(data.get("tags"), source, ""), types


def _is_root_folder(node):
    return (isinstance(node, dict) and node.get("name") == "" and
            node.get("tagType", "Folder") in ("Folder", "Provider") and
            isinstance(node.get("tags"), list))


def _unwrap_roots(nodes):
    out = []
    for n in nodes:
        if _is_root_folder(n):
            out.extend(_unwrap_roots(n["tags"]))
        else:
            out.append(n)
    return out


def _only_types(node):
    """True if ``node`` is a UdtType or a folder holding only folders and UdtTypes
    (at least one)."""
    if not isinstance(node, dict):
        return False
    tt = node.get("tagType")
    if tt == "UdtType":
        return True
    if tt != "Folder" or not isinstance(node.get("tags"), list) or not node["tags"]:
        return False
    return all(_only_types(c) for c in node["tags"])


def _split_types(nodes):
    if nodes and all(_only_types(n) for n in nodes) and not any(
            isinstance(n, dict) and str(n.get("name", "")).lower() == "_types_" for n in nodes):
        return [], nodes
    return nodes, []


def _tags_value(v, source, where, force_type=None):
    if v is None:
        return []
    if isinstance(v, list):
        return list(v)
    if isinstance(v, dict):
        return compact_nodes(v, source, where, force_type)
    raise ConfigError("'tags' must be a list of nodes or a mapping name -> node, got %s"
                      % type(v).__name__, source=source, node=where or None)


def compact_nodes(mapping, source, where="", force_type=None):
    """Expand the compact YAML form (name -> node/scalar) into tag nodes."""
    out = []
    for name, spec in mapping.items():
        w = "%s/%s" % (where, name) if where else "%s" % name
        if isinstance(spec, list):
            raise ConfigError("a list is not a tag; write {tags: [...]} for a folder or "
                              "{value: [...], dataType: Int4Array} for an array tag",
                              source=source, node=w)
        if not isinstance(spec, dict):
            out.append({"name": name, "value": spec, "dataType": datatypes.infer(spec)})
            continue
        node = dict(spec)
        node["name"] = name
        if "expr" in node:
            node["expression"] = node.pop("expr")
            node.setdefault("valueSource", "expr")
        if force_type:
            node.setdefault("tagType", force_type)
        if "tagType" not in node:
            if "typeId" in node:
                node["tagType"] = "UdtInstance"
            elif "tags" in node and not any(k in node for k in ("value", "valueSource", "dataType")):
                node["tagType"] = "Folder"
        if (node.get("tagType", "AtomicTag") == "AtomicTag" and "dataType" not in node
                and "value" in node and not isinstance(node["value"], dict)):
            node["dataType"] = datatypes.infer(node["value"])
        if isinstance(node.get("tags"), dict):
            node["tags"] = compact_nodes(node["tags"], source, w)
        out.append(node)
    return out


# --- the 8.3 on-disk layout ---------------------------------------------------------
def _tag_definition_dir(path):
    """The ``tag-definition`` folder ``path`` is or holds (a gateway config/resources
    folder), or None when ``path`` is a single provider's folder."""
    path = os.path.abspath(path)
    if os.path.basename(path) == "tag-definition":
        return path
    for c in (os.path.join(path, "tag-definition"),
              os.path.join(path, "config", "resources", "core", "ignition", "tag-definition"),
              os.path.join(path, "resources", "core", "ignition", "tag-definition"),
              os.path.join(path, "core", "ignition", "tag-definition")):
        if os.path.isdir(c):
            return c
    return None


def providers_83(path, provider):
    """[(provider name, tag-definition dir or None, tag-type-definition dir or None)] for
    the providers of an 8.3 gateway config folder other than ``provider``: every folder of
    ``tag-definition/`` and every ``tag-provider/`` resource (a provider with no tags yet),
    as on the gateway, where each is its own provider. ``System`` is left out (the
    gateway computes its tags). Empty for a single provider's folder."""
    td = _tag_definition_dir(path)
    if td is None:
        return []
    core = os.path.dirname(td)
    names = {}
    for sub in ("tag-definition", "tag-provider"):
        d = os.path.join(core, sub)
        if os.path.isdir(d):
            for n in sorted(os.listdir(d)):
                if os.path.isdir(os.path.join(d, n)):
                    names.setdefault(n.lower(), n)
    out = []
    for low in sorted(names):
        if low in (provider.lower(), "system"):
            continue
        n = names[low]
        pdir = os.path.join(td, n)
        ttd = os.path.join(core, "tag-type-definition", n)
        out.append((n, pdir if os.path.isdir(pdir) else None,
                    ttd if os.path.isdir(ttd) else None))
    return out


def _find_83_dirs(path, provider, must_exist=True):
    """(provider tag-definition dir, provider tag-type-definition dir or None); with
    ``must_exist=False`` (None, None) when the config folder has no folder for it."""
    path = os.path.abspath(path)
    candidates = [os.path.join(path, "tag-definition"),
                  os.path.join(path, "config", "resources", "core", "ignition", "tag-definition"),
                  os.path.join(path, "resources", "core", "ignition", "tag-definition"),
                  os.path.join(path, "core", "ignition", "tag-definition")]
    td = None
    if os.path.basename(path) == "tag-definition":
        td = path
    else:
        for c in candidates:
            if os.path.isdir(c):
                td = c
                break
    if td is None:
        if os.path.basename(os.path.dirname(path)) == "tag-definition":
            ttd = os.path.join(os.path.dirname(os.path.dirname(path)), "tag-type-definition",
                               os.path.basename(path))
            return path, (ttd if os.path.isdir(ttd) else None)
        return path, None   # a bare provider folder
    provs = sorted(d for d in os.listdir(td) if os.path.isdir(os.path.join(td, d)))
    match = [d for d in provs if d.lower() == provider.lower()]
    if match:
        pdir = match[0]
    elif not must_exist:
        return None, None
    elif len(provs) == 1:
        pdir = provs[0]
    else:
        raise ConfigError("no folder for provider %r in the 8.3 tag-definition folder (found: %s)"
                          % (provider, ", ".join(provs) or "none"), source=td)
    ttd = os.path.join(os.path.dirname(td), "tag-type-definition", pdir)
    return os.path.join(td, pdir), (ttd if os.path.isdir(ttd) else None)


def _read_array(path):
    data = read_file(path)
    cfgs, types = nodes_from_data(data, path)
    return cfgs + types


def _walk_folder_tree(root):
    """Nodes of an 8.3 provider folder: per-folder files merged into one tree."""
    top = []
    by_rel = {"": top}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        if rel not in by_rel:
            parent_rel, _, name = rel.rpartition("/")
            siblings = by_rel[parent_rel]
            folder = None
            for n in siblings:
                if isinstance(n, dict) and str(n.get("name", "")).lower() == name.lower():
                    folder = n
            if folder is None:
                folder = {"name": name, "tagType": "Folder", "tags": []}
                siblings.append(folder)
            folder.setdefault("tags", [])
            by_rel[rel] = folder["tags"]
        here = by_rel[rel]
        for fname in ("tags.json", "udts.json"):
            fp = os.path.join(dirpath, fname)
            if os.path.isfile(fp):
                for n in _read_array(fp):
                    here.append(n)
                    if isinstance(n, dict):
                        n.setdefault("_source", fp)
    return top


def _strip(nodes):
    out = []
    for n in nodes:
        if isinstance(n, dict):
            n = dict((k, v) for k, v in n.items() if k != "_source")
            if isinstance(n.get("tags"), list):
                n["tags"] = _strip(n["tags"])
        out.append(n)
    return out
