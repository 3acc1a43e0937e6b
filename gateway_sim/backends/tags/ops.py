"""``system.tag`` configuration functions: configure, getConfiguration,
deleteTags, exportTags, importTags, copy, move, rename.

All go through ``configure.apply`` (lenient: a bad node gives a bad
QualityCode for its entry, as Ignition does). Editing inside a UDT definition
or instance (``basePath`` is a ``UdtType`` / ``UdtInstance``) rewrites its
member list / overrides and rebuilds it. May import: stdlib, ``gateway_sim``
core, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import copy as _copy
import json

from gateway_sim._compat import string_types, text_type
from gateway_sim.backends.tags import configure as cfgops
from gateway_sim.backends.tags.paths import PathSyntaxError, TagPath, parse, to_text_path
from gateway_sim.jvm import Date, IllegalArgumentException, make_java_exception
from gateway_sim.quality import QualityCode


def _illegal(msg):
    return make_java_exception(IllegalArgumentException, msg)


def _folder_target(backend, base_path, create=True):
    """(provider, folder node) for a base path, or raise IllegalArgumentException."""
    text = to_text_path(base_path) or ""
    try:
        pp = parse(text) if text.strip() else None
    except PathSyntaxError as exc:
        raise _illegal("invalid basePath %r: %s" % (base_path, exc))
    if pp is not None and pp.relative:
        raise _illegal("basePath %r must be absolute ([provider]folder)" % (base_path,))
    prov = backend.provider(pp.provider if pp else None)
    if prov is None:
        raise _illegal("tag provider %r not found (configured providers: %s)"
                       % (pp.provider, ", ".join(backend.provider_names())))
    segs = pp.segments if pp else []
    if not create:
        return prov, prov.find(segs)
    with backend.lock:
        node = prov.find(segs)
        try:
            if node is None:
                node = cfgops.ensure_folder(backend, prov, segs)
        except cfgops.NodeError as exc:
            raise _illegal("basePath %r: %s" % (base_path, exc.message))
    if not node.is_folder:
        raise _illegal("basePath %r is a %s; name its parent folder and select the tag by "
                       "'name' in the tag dict" % (base_path, node.tag_type))
    return prov, node


def parse_tags_arg(tags):
    """``tags`` of configure: list of dicts, one dict, or JSON text."""
    if isinstance(tags, string_types):
        try:
            tags = json.loads(tags)
        except ValueError as exc:
            raise _illegal("tags is not valid JSON: %s" % (exc,))
    if isinstance(tags, dict):
        if "name" not in tags and isinstance(tags.get("tags"), list):
            return list(tags["tags"])
        return [tags]
    if isinstance(tags, (list, tuple)):
        return [_plain(t) for t in tags]
    raise _illegal("tags must be a list of tag dicts or a JSON string, got %s" % type(tags).__name__)


def _plain(t):
    # Scripts may pass Java-ish maps (PyDictionary-like); copy to plain dicts.
    if isinstance(t, dict) or not hasattr(t, "keys"):
        return t
    return dict((k, t[k]) for k in t.keys())


def configure(backend, base_path, tags, policy="o"):
    try:
        policy = cfgops.policy_code(policy)
    except ValueError as exc:
        raise _illegal(str(exc))
    cfgs = parse_tags_arg(tags)
    prov, folder = _folder_target(backend, base_path)
    if folder.tag_type in ("UdtType", "UdtInstance"):
        return _configure_composite(backend, folder, cfgs, policy)
    try:
        return cfgops.apply(backend, prov, folder, cfgs, policy, strict=False)
    except cfgops.CollisionAbort as exc:
        raise _illegal(str(exc))


def _configure_composite(backend, node, cfgs, policy):
    full = cfgops.node_config(node)
    members = list(full.get("tags") or [])
    results = []
    for cfg in cfgs:
        if not isinstance(cfg, dict) or not isinstance(cfg.get("name"), string_types):
            results.append(QualityCode.Error_Configuration.derive("tag dict needs a 'name'"))
            continue
        idx = None
        for i, m in enumerate(members):
            if isinstance(m, dict) and str(m.get("name", "")).lower() == cfg["name"].lower():
                idx = i
        if idx is None:
            members.append(_copy.deepcopy(cfg))
        elif policy == "a":
            raise _illegal("tag %s/%s already exists (collisionPolicy 'a' aborts)"
                           % (node.full_path(), cfg["name"]))
        elif policy == "o":
            members[idx] = _copy.deepcopy(cfg)
        elif policy == "m":
            members[idx] = cfgops.merge_config(members[idx], cfg)
        results.append(QualityCode.Good)
    full["tags"] = members
    res = cfgops.apply(backend, node.provider, node.parent, [full], "o", strict=False)
    if not res[0].isGood():
        return [res[0]] * len(cfgs)
    return results


def _node_at(backend, path):
    r = backend.resolve(to_text_path(path))
    return getattr(r, "node", None), r


def get_configuration(backend, base_path, recursive=False, overrides_only=False):
    """Config dicts as ``system.tag.getConfiguration`` returns them. A UDT instance shows
    its materialized members (resolved from its definition chain, as a gateway does);
    ``overrides_only`` (8.3's ``overridesOnly``) shows only what the instance itself
    overrides, as its export holds it."""
    node, r = _node_at(backend, base_path)
    if node is None:
        raise _illegal("cannot get the configuration of %r: %s" % (base_path, r.read().quality))
    return [_config_view(node, recursive, True, overrides_only)]


def _config_view(node, recursive, top, overrides_only=False):
    d = cfgops.node_config(node, recursive=False)
    d.pop("tags", None)
    d["path"] = TagPath(node.provider.name, node.segments())
    if node.tag_type == "UdtInstance":
        d["parameters"] = _copy.deepcopy(node.config.get("parameters") or {})
        if overrides_only:
            if node.override_cfgs and (top or recursive):
                d["tags"] = _copy.deepcopy(node.override_cfgs)
            return d
    if node.is_folder and (top or recursive):
        kids = [_config_view(c, recursive, False, overrides_only) for c in node.iter_children()]
        if node.tag_type == "UdtType" and not kids:
            kids = _copy.deepcopy(node.member_cfgs)
        if kids:
            d["tags"] = kids
    return d


def delete_tags(backend, paths):
    out = []
    for p in paths:
        node, r = _node_at(backend, p)
        if node is None:
            out.append(r.read().quality)
            continue
        if node.parent is None:
            out.append(QualityCode.Bad_Unsupported.derive("cannot delete a provider root"))
            continue
        if node.generated:
            out.append(QualityCode.Bad_Unsupported.derive(
                "%s belongs to a UDT instance; delete the instance" % node.full_path()))
            continue
        _delete(backend, node)
        out.append(QualityCode.Good)
    return out


def _delete(backend, node):
    from gateway_sim.backends.tags.build import BuildContext
    removed = []
    with backend.lock:
        parent = node.parent
        cfgops.remove_node(backend, node, removed)
        if parent.tag_type == "UdtType":
            parent.member_cfgs = [m for m in parent.member_cfgs
                                  if str(m.get("name", "")).lower() != node.name.lower()]
        cfgops.finalize(backend, BuildContext(backend, node.provider, strict=False), removed)


def _json_default(o):
    if isinstance(o, Date) or hasattr(o, "getTime"):
        import time
        ms = o.getTime()
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ms / 1000.0)) + ".%03d" % (ms % 1000)
    if hasattr(o, "getRowCount") and hasattr(o, "getColumnNames"):
        cols = list(o.getColumnNames())
        rows = [[o.getValueAt(r, c) for c in range(len(cols))] for r in range(o.getRowCount())]
        return {"columns": [{"name": c} for c in cols], "rows": rows}
    if isinstance(o, (bytearray, bytes)):
        return list(bytearray(o))
    if isinstance(o, TagPath):
        return str(o)
    return text_type(o)


def to_json(obj):
    return json.dumps(obj, indent=2, sort_keys=True, default=_json_default)


def export_tags(backend, file_path=None, tag_paths=None, recursive=True, export_type="json"):
    if (export_type or "json").lower() != "json":
        raise _illegal("exportType %r is not supported by gateway_sim; use 'json'" % (export_type,))
    if tag_paths is None:
        tag_paths = ["[%s]" % backend.default_name]
    elif isinstance(tag_paths, string_types):
        tag_paths = [tag_paths]
    nodes = []
    for p in tag_paths:
        node, r = _node_at(backend, p)
        if node is None:
            raise _illegal("cannot export %r: %s" % (p, r.read().quality))
        nodes.append(node)
    if len(nodes) == 1 and nodes[0].parent is None:
        doc = {"name": "", "tagType": "Provider",
               "tags": [cfgops.node_config(c, recursive) for c in nodes[0].iter_children()]}
    elif len(nodes) == 1:
        doc = cfgops.node_config(nodes[0], recursive)
    else:
        doc = {"tags": [cfgops.node_config(n, recursive) for n in nodes]}
    text = to_json(doc)
    if file_path is None:
        return text
    with open(file_path, "w") as f:
        f.write(text)
    return None


def import_tags(backend, file_path, base_path, policy="o"):
    from gateway_sim.backends.tags import documents as loaders
    try:
        data = loaders.read_file(file_path)
    except Exception as exc:
        raise _illegal("cannot import %s: %s" % (file_path, exc))
    cfgs, types = loaders.nodes_from_data(data, file_path)
    results = []
    if types:
        prov, _ = _folder_target(backend, base_path)
        tf = cfgops.ensure_folder(backend, prov, ["_types_"])
        results.extend(cfgops.apply(backend, prov, tf, types, cfgops.policy_code(policy)))
    if cfgs:
        results.extend(configure(backend, base_path, cfgs, policy))
    return results


def copy_tags(backend, paths, destination, policy="o", move=False):
    dest_text = to_text_path(destination) or ""
    if not dest_text.strip().startswith("["):
        raise _illegal("destination %r must include the provider, e.g. [default]Folder" % (destination,))
    out = []
    for p in paths:
        node, r = _node_at(backend, p)
        if node is None:
            out.append(r.read().quality)
            continue
        cfg = cfgops.node_config(node, recursive=True)
        res = configure(backend, dest_text, [cfg], policy)[0]
        if res.isGood() and move:
            _delete(backend, node)
        out.append(res)
    return out


def rename(backend, tag, new_name, policy="a"):
    node, r = _node_at(backend, tag)
    if node is None:
        return r.read().quality
    if node.parent is None or node.generated:
        return QualityCode.Bad_Unsupported.derive("cannot rename %s" % node.full_path())
    if not isinstance(new_name, string_types) or not new_name.strip():
        raise _illegal("newName must be a non-empty tag name, got %r" % (new_name,))
    if new_name.lower() == node.name.lower():
        cfg = cfgops.node_config(node, recursive=True)
        cfg["name"] = new_name
        parent = node.parent
        _delete(backend, node)
        return cfgops.apply(backend, node.provider, parent, [cfg], "o")[0]
    cfg = cfgops.node_config(node, recursive=True)
    cfg["name"] = new_name
    parent = node.parent
    try:
        res = cfgops.apply(backend, node.provider, parent, [cfg], cfgops.policy_code(policy))[0]
    except cfgops.CollisionAbort as exc:
        raise _illegal(str(exc))
    if res.isGood():
        _delete(backend, node)
    return res
