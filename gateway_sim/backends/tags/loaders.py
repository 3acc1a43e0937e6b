"""Applying tag documents to providers, and the gateway config section ``tagProviders``.

Parsing lives in ``documents`` (load layer); this module is the bridge that hands the
parsed, checked nodes to ``configure`` (runtime layer).

``gw.tags.load_file(path, provider="default", base_path="", strict=False)`` accepts
every shape ``documents`` parses (exports, the 8.3 folder layout, YAML, 7.x XML). Nodes
are checked first (``schema.prune``): a node a gateway would refuse is left out and
reported -- one line naming the file, the tag path and the fix -- in ``gw.tags.warnings``
and the ``tags.loader`` log, in the order met; the rest loads. ``strict=True`` raises
``ConfigError`` for the first problem before anything is applied. A file that cannot be
parsed raises ``ConfigError`` either way.

Gateway config section (``gw.tags.configure(section, default_name, base_dir)``)::

    tagProviders:
      default:
        files: [tags/plant.json, tags/udts.json, tags/extra.yaml, config/tag-definition/default]
        tags: {Setpoint: 50.0}         # optional inline nodes (list or compact mapping)
        types: {...}                   # optional inline UDT definitions (compact)
        type: standard                 # optional: standard (default) | realtime (informational)
        strict: false                  # optional: true = a bad tag fails the start (CI)
      edge: {files: [edge.json]}
    defaultTagProvider: default        # which provider [] and bare paths use

``files`` are relative to the config file's folder and load in order (later files
overwrite earlier tags of the same path). Runtime layer (the bridge).
May import: stdlib, ``gateway_sim`` core, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import os

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import configure as cfgops
from gateway_sim.backends.tags.documents import (  # noqa: F401  (re-exported)
    _find_83_dirs, _walk_folder_tree, compact_nodes, nodes_from_data, providers_83, read_file)
from gateway_sim.backends.tags.schema import NodeError, prune
from gateway_sim.errors import ConfigError

PROVIDER_KEYS = ("files", "tags", "types", "type", "description", "strict")


class LoadReport(object):
    """Problems met while loading one document, in the order met (the first is the
    first real error). ``strict`` raises ``ConfigError`` at the first one instead."""

    def __init__(self, backend, strict=False):
        self.backend = backend
        self.strict = strict
        self.lines = []

    def __call__(self, message, source=None, where=None):
        err = ConfigError(message, source=source, node=where)
        if self.strict:
            raise err
        self.lines.append(str(err))

    def publish(self):
        for line in self.lines:
            self.backend.warn(line)
        return self.lines


def load_data(backend, data, provider="default", base_path="", source="<data>", policy="o",
              strict=False):
    cfgs, types = nodes_from_data(data, source)
    return apply_nodes(backend, cfgs, types, provider, base_path, source, policy, strict)


def apply_nodes(backend, cfgs, types, provider, base_path, source, policy="o", strict=False,
                type_source=None):
    """Check, then apply ``types`` (under ``_types_``) and ``cfgs``. A node a gateway
    would refuse is reported (``gw.tags.warnings``, the log) with file, path and fix,
    and left out; the rest loads. ``strict``: raise ``ConfigError`` for the first
    problem before anything is applied."""
    report = LoadReport(backend, strict)
    types = prune(types, type_source or source, report, "_types_")
    cfgs = prune(cfgs, source, report, "")
    prov = backend.provider(provider)
    if prov is None:
        prov = backend.add_provider(provider)
    if prov.name.lower() == "system":
        # An exported System provider merges into the built-in tags: the gateway
        # computes those, so they stay; exported tags it does not have are added.
        policy = "i"
    results = []
    try:
        with backend.lock:
            if types:
                tf = cfgops.ensure_folder(backend, prov, ["_types_"])
                results += cfgops.apply(backend, prov, tf, types, policy, strict=strict,
                                        source=type_source or source, where="_types_",
                                        report=report)
            if cfgs:
                segs = [s for s in (base_path or "").strip("/").split("/") if s]
                try:
                    folder = cfgops.ensure_folder(backend, prov, segs)
                except NodeError as exc:
                    raise ConfigError(exc.message, source=source)
                results += cfgops.apply(backend, prov, folder, cfgs, policy, strict=strict,
                                        source=source, report=report)
            if prov.name.lower() == "system":
                _uncomputed_system_tags(prov)
    finally:
        report.publish()   # what was found before a failure is still reported
    return results


def _uncomputed_system_tags(prov):
    """An exported System provider names the gateway's computed tags without config;
    those this simulator does not compute read None / Uncertain (read-only), never a
    made-up memory value (systemtags docstring)."""
    for node in prov.root.walk():
        if node.tag_type != "AtomicTag" or getattr(node, "live", None) is not None:
            continue
        if set(node.config or {}) <= set(("name", "tagType")):
            node.live = _NOT_COMPUTED
            node.read_only = True


def _NOT_COMPUTED():
    return None


def load_path(backend, path, provider="default", base_path="", policy="o", strict=False):
    if os.path.isdir(path):
        return load_83(backend, path, provider, strict)
    return load_data(backend, read_file(path), provider, base_path, path, policy, strict)


def load_83(backend, path, provider="default", strict=False):
    """An 8.3 provider folder into ``provider``. Given a whole gateway config (or its
    ``tag-definition`` folder) loaded into the default provider, every other provider of
    it loads too, each into its own provider, as that gateway has them; with no folder for
    the default provider, only those. Naming another provider loads just that one."""
    everything = provider.lower() == "default"
    pdir, tdir = _find_83_dirs(path, provider, must_exist=not everything)
    result = None
    if pdir is not None:
        result = _load_83_dirs(backend, pdir, tdir, provider, strict)
    if everything:
        for name, odir, otdir in providers_83(path, provider):
            backend.add_provider(name)
            if odir is not None or otdir is not None:
                _load_83_dirs(backend, odir, otdir, name, strict)
    return result


def _load_83_dirs(backend, pdir, tdir, provider, strict):
    cfgs = _walk_folder_tree(pdir) if pdir else []
    types = _walk_folder_tree(tdir) if tdir else []
    return apply_nodes(backend, cfgs, types, provider, "", pdir or tdir, "o", strict,
                       type_source=tdir)


# --- gateway config section ------------------------------------------------------
def configure_section(backend, providers, default_name=None, base_dir=None):
    if not isinstance(providers, dict):
        raise ConfigError("tagProviders must be a mapping of provider name -> settings, got %s"
                          % type(providers).__name__, node="tagProviders")
    base_dir = base_dir or os.getcwd()
    for name in providers:
        spec = providers[name]
        where = "tagProviders/%s" % name
        if spec is None:
            spec = {}
        if isinstance(spec, list):
            spec = {"files": spec}
        if not isinstance(spec, dict):
            raise ConfigError("provider settings must be a mapping with keys %s"
                              % ", ".join(PROVIDER_KEYS), node=where)
        unknown = sorted(k for k in spec if k not in PROVIDER_KEYS)
        if unknown:
            raise ConfigError("unknown key(s) %s; known keys: %s"
                              % (", ".join(unknown), ", ".join(PROVIDER_KEYS)), node=where)
        ptype = spec.get("type", "standard")
        if ptype not in ("standard", "realtime"):
            raise ConfigError("provider type %r is not supported; use 'standard' or 'realtime'"
                              % (ptype,), node=where)
        backend.add_provider(name, type=ptype, description=spec.get("description", ""))
        files = spec.get("files") or []
        if isinstance(files, string_types):
            files = [files]
        if not isinstance(files, list):
            raise ConfigError("'files' must be a list of paths", node=where)
        strict = spec.get("strict", False)
        if not isinstance(strict, bool):
            raise ConfigError("'strict' must be true or false (true: a bad tag fails the "
                              "start instead of being skipped with a warning)", node=where)
        for f in files:
            fp = f if os.path.isabs(f) else os.path.join(base_dir, f)
            load_path(backend, fp, name, strict=strict)
        if spec.get("tags") is not None or spec.get("types") is not None:
            data = {"tags": spec.get("tags"), "types": spec.get("types")}
            load_data(backend, data, name, "", "config %s" % where, strict=strict)
    if default_name:
        if backend.provider(default_name) is None:
            raise ConfigError("defaultTagProvider %r is not a configured provider (configured: %s)"
                              % (default_name, ", ".join(backend.provider_names())),
                              node="defaultTagProvider")
        backend.default_name = backend.provider(default_name).name
        backend.invalidate()
    return backend.provider_names()
