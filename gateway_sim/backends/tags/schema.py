# -*- coding: utf-8 -*-
"""Validation and normalisation of tag config nodes (tags.json / YAML / configure).

``check_node(cfg, where, strict)`` returns a cleaned copy of one node's own
properties or raises ``NodeError`` naming the node. Loaders run it strict (a
problem is a ``ConfigError`` naming file and node); ``system.tag.configure``
runs it lenient, which reproduces Ignition's silent traps: a ``type`` key is
ignored, ``alarms`` given as a dict is ignored. May import: stdlib, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import copy

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import datatypes
from gateway_sim.backends.tags.paths import name_problem

TAG_TYPES = ("Provider", "Folder", "AtomicTag", "UdtType", "UdtInstance", "Node")
VALUE_SOURCES = ("memory", "expr", "opc", "derived", "reference", "db")
EVENT_IDS = ("valueChanged", "qualityChanged", "qualifiedValueChanged", "alarmActive",
             "alarmCleared", "alarmAcked")
CHANGE_TYPES = ("VALUE", "QUALITY", "TIMESTAMP")
_TAG_TYPE_LOWER = dict((t.lower(), t) for t in TAG_TYPES)
_VS_HINTS = {"query": "db", "expression": "expr", "ref": "reference", "mem": "memory"}


class NodeError(ValueError):
    """A node that cannot be built; ``where`` is its path inside the document."""

    def __init__(self, message, where):
        ValueError.__init__(self, message)
        self.message = message
        self.where = where


def node_where(parent_where, cfg, index):
    name = cfg.get("name") if isinstance(cfg, dict) else None
    label = name if isinstance(name, string_types) and name else "tags[%d]" % index
    return label if not parent_where else "%s/%s" % (parent_where, label)


def tag_type_of(cfg, strict, where):
    tt = cfg.get("tagType")
    if tt is None:
        if "type" in cfg and strict:
            raise NodeError("key 'type' is not a tag property (Ignition ignores it); "
                            "use 'tagType': one of %s" % ", ".join(TAG_TYPES), where)
        # Ignition omits the default; a node with children and no value source is a folder
        # only when written so; typeId alone implies an instance in our YAML shorthand.
        return "AtomicTag"
    canon = _TAG_TYPE_LOWER.get(tt.lower()) if isinstance(tt, string_types) else None
    if canon is None and isinstance(tt, string_types) and tt.startswith("7.x type "):
        raise NodeError("unknown 7.x tag type %r; 7.x exports use Folder, OPC, DB, UDT_DEF, "
                        "UDT_INST or EXTENSION: fix the type attribute or remove the tag"
                        % tt[len("7.x type "):], where)
    if canon is None:
        raise NodeError("unknown tagType %r; use one of %s" % (tt, ", ".join(TAG_TYPES)), where)
    return canon


def check_node(cfg, where, strict=True, allow_unnamed=False, in_instance=False):
    """Validate one node (not its children); return (tag_type, own_config copy).

    ``in_instance``: the node is an override inside a UDT instance, where a nested
    instance carries no ``typeId`` (it comes from the parent definition's member)."""
    if not isinstance(cfg, dict):
        raise NodeError("a tag node must be an object/mapping, got %s %r"
                        % (type(cfg).__name__, _short(cfg)), where)
    tt = tag_type_of(cfg, strict, where)
    name = cfg.get("name")
    if not (allow_unnamed and tt == "Provider"):
        if name is None:
            raise NodeError("tag node has no 'name'", where)
        prob = name_problem(name)
        if prob:
            raise NodeError(prob, where)
    own = {}
    for k, v in cfg.items():
        if k in ("name", "tags", "tagType", "path", "fullPath"):
            continue
        if k == "type" and not strict:
            continue  # Ignition silently ignores it (trap of reference section 1.8)
        own[k] = copy.deepcopy(v) if isinstance(v, (dict, list)) else v
    if "tags" in cfg and not isinstance(cfg["tags"], list):
        raise NodeError("'tags' must be a list of child nodes, got %s" % type(cfg["tags"]).__name__, where)
    if tt == "AtomicTag":
        _check_atomic(own, where, strict)
    elif tt == "UdtInstance":
        tid = own.get("typeId")
        if tid is None and in_instance:
            pass   # inherited from the member of the same name in the parent definition
        elif not isinstance(tid, string_types) or not tid.strip():
            raise NodeError("UdtInstance needs a 'typeId' naming its UDT definition (the "
                            "path under _types_, e.g. \"Motors/Pump\")", where)
    if tt in ("UdtInstance", "UdtType") and "parameters" in own:
        if not isinstance(own["parameters"], dict):
            raise NodeError("'parameters' must be an object of name -> value, got %s"
                            % type(own["parameters"]).__name__, where)
    return tt, own


def _check_atomic(own, where, strict):
    if "dataType" in own:
        dt = datatypes.canonical(own["dataType"])
        if dt is None:
            raise NodeError("unknown dataType %r; use one of %s"
                            % (own["dataType"], ", ".join(sorted(datatypes.CODES))), where)
        own["dataType"] = dt
    vs = own.get("valueSource", "memory")
    if not isinstance(vs, string_types) or vs not in VALUE_SOURCES:
        low = vs.lower() if isinstance(vs, string_types) else vs
        if low in VALUE_SOURCES:
            own["valueSource"] = vs = low
        else:
            hint = _VS_HINTS.get(low)
            raise NodeError("unknown valueSource %r; use one of %s%s"
                            % (vs, ", ".join(VALUE_SOURCES),
                               " (did you mean %r?)" % hint if hint else ""), where)
    # A missing 'expression' / 'sourceTagPath' / 'query' is accepted, as a gateway
    # accepts it (UDT definitions are full of them); the tag then reads
    # Error_Configuration (see ``valuesources.unconfigured``). A wrong type is refused.
    if vs == "expr" and not _optional_text_or_binding(own.get("expression")):
        raise NodeError("'expression' must be text", where)
    if vs in ("reference", "derived") and not _optional_text_or_binding(own.get("sourceTagPath")):
        raise NodeError("'sourceTagPath' must be a tag path string", where)
    if vs == "db" and not _optional_text_or_binding(own.get("query")):
        raise NodeError("'query' must be SQL text", where)
    if "alarms" in own and not isinstance(own["alarms"], list):
        if strict:
            raise NodeError("'alarms' must be a list of alarm objects (Ignition silently "
                            "ignores a dict keyed by alarm name)", where)
        del own["alarms"]
    if "eventScripts" in own:
        own["eventScripts"] = _check_scripts(own["eventScripts"], where)
    if "sim" in own:
        from gateway_sim.backends.tags.simconfig import check_sim
        try:
            own["sim"] = check_sim(own["sim"])
        except ValueError as exc:
            raise NodeError("invalid 'sim' block: %s" % (exc,), where)


def _is_text_or_binding(v):
    return isinstance(v, string_types) or (isinstance(v, dict) and "binding" in v)


def _optional_text_or_binding(v):
    return v is None or _is_text_or_binding(v)


def _check_scripts(scripts, where):
    if isinstance(scripts, dict):
        # Foreign/legacy dict form {"valueChanged": {"eventScript": ..., "enabled": ...}}.
        out = []
        for eid in sorted(scripts):
            body = scripts[eid]
            if isinstance(body, dict):
                if body.get("enabled") is False:
                    continue
                body = body.get("eventScript", body.get("script", ""))
            out.append({"eventid": eid, "script": body})
        scripts = out
    if not isinstance(scripts, list):
        raise NodeError("'eventScripts' must be a list of {eventid, script}", where)
    for i, s in enumerate(scripts):
        w = "%s/eventScripts[%d]" % (where, i)
        if not isinstance(s, dict):
            raise NodeError("event script entry must be an object {eventid, script}", w)
        eid = s.get("eventid")
        if eid not in EVENT_IDS:
            raise NodeError("unknown eventid %r; use one of %s" % (eid, ", ".join(EVENT_IDS)), w)
        if not isinstance(s.get("script", ""), string_types):
            raise NodeError("'script' must be text (the indented function body)", w)
        if "enabled" in s and not isinstance(s["enabled"], bool):
            raise NodeError("'enabled' must be true or false", w)
        ct = s.get("changeTypes")
        if ct is not None:
            if not isinstance(ct, list) or [c for c in ct if str(c).upper() not in CHANGE_TYPES]:
                raise NodeError("'changeTypes' must be a list of %s (8.3 qualifiedValueChanged)"
                                % "/".join(CHANGE_TYPES), w)
    return scripts


def _short(v):
    s = repr(v)
    return s if len(s) < 60 else s[:57] + "..."


CONTAINERS = ("Folder", "Node", "UdtType", "UdtInstance", "Provider")


def prune(cfgs, source, report, where="", strict=True, in_instance=False):
    """Checked copies of ``cfgs`` (children included) without the nodes a gateway
    would refuse; each refused node is passed to ``report(message, source, where)``
    and left out with its subtree, so one bad tag never sinks the file.

    A node may carry ``_source`` (the file it came from, 8.3 layout): reports name
    that file and the key is dropped. ``report`` may raise to stop at the first
    problem (strict loads)."""
    out = []
    if not isinstance(cfgs, list):
        report("'tags' must be a list of child nodes, got %s" % type(cfgs).__name__,
               source, where or None)
        return out
    for i, c in enumerate(cfgs):
        src = source
        if isinstance(c, dict) and "_source" in c:
            src = c["_source"]
            c = dict((k, v) for k, v in c.items() if k != "_source")
        w = node_where(where, c, i)
        try:
            tt, _ = check_node(c, w, strict, in_instance=in_instance)
        except NodeError as exc:
            report(exc.message, src, exc.where)
            continue
        kids = c.get("tags")
        if isinstance(kids, list) and tt in CONTAINERS:
            c = dict(c)
            c["tags"] = prune(kids, src, report, w, strict,
                              in_instance or tt in ("UdtInstance", "UdtType"))
        out.append(c)
    return out
