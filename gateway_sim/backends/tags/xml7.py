# -*- coding: utf-8 -*-
"""Ignition 7.x XML tag exports -> the 8.x tag model (load layer: no runtime here).

``parse_text(text, source)`` returns a Provider document ``{"name": "", "tagType":
"Provider", "tags": [...]}`` that ``documents.nodes_from_data`` and the rest of the
loader treat like an 8.x JSON export. The 7.x format, as Ignition 7.9 writes it (no
licensed sample could be found: this follows Ignition's documentation of 7.9 tag
properties and the shape tools that generate these files write)::

    <Tags MinVersion="7.9.0">
      <Tag name="Motor" path="_types_" type="UDT_DEF">
        <Property name="DataType">2</Property>
        <Parameters><Property name="Dev" type="String">PLC1</Property></Parameters>
        <Tags>                                  <!-- members: <Tags> wrapper or direct -->
          <Tag name="Amps" path="" type="OPC">
            <Property name="DataType">5</Property>
            <Property name="OPCItemPath">[{Dev}]N7:{Idx}</Property>
          </Tag>
        </Tags>
      </Tag>
      <Tag name="M1" path="Line1" type="UDT_INST">
        <Property name="UDTParentType">Motor</Property>
        <Parameters><Property name="Idx" type="Integer">4</Property></Parameters>
        <Tag name="Amps" path="" type="EXTENSION"><Property name="EngUnit">A</Property></Tag>
      </Tag>
      <Tag name="Speed" path="Line1" type="DB">
        <Property name="ExpressionType">1</Property>
        <Property name="Expression">{[.]M1/Amps} * 2</Property>
      </Tag>
    </Tags>

* ``path`` is the folder holding the tag, relative to the provider root for top-level
  tags and to the enclosing tag for nested ones; missing folders are created.
* ``type``: ``Folder``; ``OPC`` (valueSource opc); ``DB`` (memory, or by
  ``ExpressionType`` 1 = expression, 2 = SQL query with ``SQLBindingDatasource``);
  ``UDT_DEF`` (UdtType; its ``UDTParentType`` is the parent type); ``UDT_INST``
  (UdtInstance, ``UDTParentType`` = typeId); ``EXTENSION`` (an override of a member of
  the enclosing instance: its tag type comes from the definition). ``DataType`` is the
  numeric code (0 Int1, 1 Int2, 2 Int4, 3 Int8, 4 Float4, 5 Float8, 6 Boolean, 7 String,
  8 DateTime, 9 DataSet, ...). Unverified: ``ExpressionType`` codes beyond 0/1/2.
* Inside definitions and instances a text property holding ``{Param}`` becomes a
  parameter binding (7.x substituted parameters in any text property).
* Property names map to 8.x keys (``OPCItemPath`` -> ``opcItemPath``, ``ScanClass`` ->
  ``tagGroup``, ``AccessRights`` Read_Only -> ``readOnly``...); other names are kept
  in lowerCamel form. A ``Value`` text stays untyped (``datatypes.XmlValueText``) until
  the tag's dataType is known: a DateTime EXTENSION override is written as epoch
  milliseconds by 7.9 (seen in a public export), a definition's as a date text.
  ``<Alarms><Alarm name=..>`` and ``<EventScripts>`` are carried over.

A node this module cannot map keeps its 7.x type in ``tagType`` so the loader reports
it (file, path, fix) and loads the rest. May import: stdlib, ``gateway_sim._compat``,
``gateway_sim.errors``, ``datatypes``.
"""
from __future__ import absolute_import, division, print_function

import re
import xml.etree.ElementTree as ET

from gateway_sim._compat import IS_JYTHON, string_types
from gateway_sim.backends.tags import datatypes
from gateway_sim.errors import ConfigError

_KEYS = {
    "opcitempath": "opcItemPath", "opcserver": "opcServer", "scanclass": "tagGroup",
    "datatype": "dataType", "value": "value", "expression": "expression",
    "enabled": "enabled", "documentation": "documentation", "tooltip": "tooltip",
    "engunit": "engUnit", "englow": "engLow", "enghigh": "engHigh",
    "formatstring": "formatString", "historyenabled": "historyEnabled",
    "primaryhistoryprovider": "historyProvider", "sqlbindingdatasource": "datasource",
    "udtparenttype": "typeId", "deadband": "deadband", "rawlow": "rawLow",
    "rawhigh": "rawHigh", "scaledlow": "scaledLow", "scaledhigh": "scaledHigh",
    "scalemode": "scaleMode", "clampmode": "clampMode",
}
_BOOL_KEYS = ("enabled", "historyEnabled", "readOnly")
_NUM_KEYS = ("engLow", "engHigh", "deadband", "rawLow", "rawHigh", "scaledLow", "scaledHigh")
_PARAM_RE = re.compile(r"\{[^{}\[\]/]+\}")
# Properties that never hold a parameter reference or hold an expression ({Param} is
# native there).
_NO_BIND = ("expression", "typeId", "dataType", "valueSource", "name")


def parse_text(text, source="<xml>"):
    """A Provider document from the text of a 7.x XML tag export."""
    data = text.encode("utf-8") if not isinstance(text, bytes) else text
    if IS_JYTHON:
        root = _java_parse(data, source)
    else:
        try:
            root = ET.fromstring(data)
        except SyntaxError as exc:   # ET.ParseError is a SyntaxError
            raise ConfigError("invalid XML: %s; fix the XML there (or export the tags again)"
                              % (exc,), source=source)
    if _local(root.tag) != "Tags":
        raise ConfigError("a 7.x XML tag export has a <Tags> root element, got <%s>; export "
                          "the tags from Ignition 7 again" % _local(root.tag), source=source)
    tree = _Tree()
    for el in _tag_children(root):
        _add(tree, el, [], in_udt=False)
    return {"name": "", "tagType": "Provider", "tags": tree.nodes()}


def _java_parse(data, source):
    """Jython: the JDK's DOM parser (Jython's pyexpat needs Xerces, absent from the
    Debian package), wrapped to look like the ElementTree elements used here."""
    from java.io import ByteArrayInputStream
    from java.lang import Throwable
    from javax.xml.parsers import DocumentBuilderFactory
    try:
        factory = DocumentBuilderFactory.newInstance()
        doc = factory.newDocumentBuilder().parse(ByteArrayInputStream(data))
    except Throwable as exc:
        raise ConfigError("invalid XML: %s; fix the XML there (or export the tags again)"
                          % (exc.getMessage(),), source=source)
    return _DomElement(doc.getDocumentElement())


class _DomElement(object):
    """The ElementTree surface (tag, get, text, iteration) over an org.w3c.dom.Element."""

    def __init__(self, el):
        self._el = el
        self.tag = el.getTagName()

    def get(self, name, default=None):
        return self._el.getAttribute(name) if self._el.hasAttribute(name) else default

    @property
    def text(self):
        if any(True for _ in self):
            return None
        return self._el.getTextContent()

    def __iter__(self):
        kids = self._el.getChildNodes()
        for i in range(kids.getLength()):
            k = kids.item(i)
            if k.getNodeType() == 1:   # ELEMENT_NODE
                yield _DomElement(k)


class _Tree(object):
    """Nodes keyed by path; implicit folders for paths nobody declared."""

    def __init__(self):
        self.children = []       # top-level node dicts in order
        self.by_path = {}        # lower path -> node dict

    def folder(self, segs, implicit_type="Folder"):
        parent_list = self.children
        node = None
        for i, s in enumerate(segs):
            key = "/".join(segs[:i + 1]).lower()
            node = self.by_path.get(key)
            if node is None:
                node = {"name": s, "tags": [], _IMPLICIT: True}
                if implicit_type:
                    node["tagType"] = implicit_type
                parent_list.append(node)
                self.by_path[key] = node
            node.setdefault("tags", [])
            parent_list = node["tags"]
        return parent_list

    def place(self, segs, node):
        siblings = self.folder(segs[:-1])
        key = "/".join(segs).lower()
        prev = self.by_path.get(key)
        if prev is not None:
            # A folder created implicitly (a child listed first) takes the real config.
            kids = prev.get("tags") or []
            prev.clear()
            prev.update(node)
            if kids:
                prev["tags"] = kids + [k for k in node.get("tags") or [] if k not in kids]
            return prev
        siblings.append(node)
        self.by_path[key] = node
        return node

    def nodes(self):
        _strip_marks(self.children)
        return self.children


_IMPLICIT = "__implicit_folder__"   # marks a folder made for a path no <Tag> declared


def _strip_marks(nodes):
    for n in nodes:
        n.pop(_IMPLICIT, None)
        _strip_marks(n.get("tags") or [])


def _local(tag):
    return tag.split("}", 1)[-1] if isinstance(tag, string_types) else tag


def _tag_children(el):
    """<Tag> elements directly under ``el`` or under its <Tags> wrapper."""
    out = []
    for c in el:
        name = _local(c.tag)
        if name == "Tag":
            out.append(c)
        elif name == "Tags":
            out.extend(x for x in c if _local(x.tag) == "Tag")
    return out


def _segments(path):
    return [s for s in (path or "").replace("\\", "/").split("/") if s.strip()]


def _add(tree, el, prefix, in_udt):
    name = el.get("name")
    t = (el.get("type") or "").strip()
    segs = prefix + _segments(el.get("path")) + [name or ""]
    node = _convert(el, t, in_udt)
    placed = tree.place(segs, node)
    nested_udt = in_udt or t in ("UDT_DEF", "UDT_INST")
    for c in _tag_children(el):
        _add(tree, c, segs, nested_udt)
    if placed.get("tagType") == "UdtInstance" or t == "EXTENSION" or (
            placed.get("tagType") == "UdtType" and placed.get("typeId")):
        _untype_implicit(placed)


def _untype_implicit(node):
    """Folders created for EXTENSION paths inside an instance -- or inside a definition
    that inherits (UDTParentType), where such a path names an inherited member, e.g. a
    nested instance of the parent definition -- take their type from the definition:
    drop the implicit 'Folder' so the merge keeps the member's type."""
    for c in node.get("tags") or []:
        if c.get(_IMPLICIT) and c.get("tagType") == "Folder":
            del c["tagType"]
        _untype_implicit(c)


def _convert(el, t, in_udt):
    node = {"name": el.get("name")}
    props = {}
    for c in el:
        if _local(c.tag) == "Property":
            props[c.get("name") or ""] = _text(c)
    bind = in_udt or t in ("UDT_DEF", "EXTENSION")
    if t == "Folder":
        node["tagType"] = "Folder"
    elif t == "UDT_DEF":
        node["tagType"] = "UdtType"
    elif t == "UDT_INST":
        node["tagType"] = "UdtInstance"
    elif t == "EXTENSION":
        pass   # the member's type comes from the definition
    elif t in ("OPC", "DB", "MEMORY", "EXPRESSION", "QUERY"):
        node["tagType"] = "AtomicTag"
    else:
        node["tagType"] = "7.x type %s" % (t or "(none)")
        return node
    for k, v in props.items():
        key, val = _property(k, v)
        if key is None:
            continue
        if bind and key not in _NO_BIND and isinstance(val, string_types) and _PARAM_RE.search(val):
            val = {"bindType": "parameter", "binding": val}
        node[key] = val
    _value_source(node, t, props)
    if node.get("tagType") in ("Folder", "UdtType", "UdtInstance") or t == "EXTENSION":
        if t != "EXTENSION":
            for k in ("dataType", "value"):
                node.pop(k, None)   # 7.x writes DataType 2 / Value on every node
    if node.get("tagType") == "UdtType" and "typeId" in node and not node["typeId"]:
        del node["typeId"]
    params = _parameters(el)
    if params:
        node["parameters"] = params
    alarms = _alarms(el)
    if alarms:
        node["alarms"] = alarms
    scripts = _scripts(el)
    if scripts:
        node["eventScripts"] = scripts
    if node.get("tagType") == "AtomicTag" and "value" in node and "dataType" in node:
        node["value"] = _typed_value(node["value"], node["dataType"])
    return node


def _text(el):
    return el.text if el.text is not None else ""


def _property(name, text):
    low = name.lower()
    if low == "expressiontype":
        return None, None   # handled by _value_source
    if low == "accessrights":
        return "readOnly", text.strip().lower() == "read_only"
    key = _KEYS.get(low) or (name[:1].lower() + name[1:])
    if key == "dataType":
        s = text.strip()
        dt = datatypes.canonical(int(s)) if s.lstrip("-").isdigit() else datatypes.canonical(s)
        return key, dt or s
    if key in _BOOL_KEYS:
        return key, text.strip().lower() == "true"
    if key in _NUM_KEYS:
        try:
            return key, float(text)
        except ValueError:
            return key, text
    if key == "value":
        return key, datatypes.XmlValueText(text)
    return key, text


def _value_source(node, t, props):
    if t == "OPC":
        node["valueSource"] = "opc"
        return
    if t not in ("DB", "MEMORY", "EXPRESSION", "QUERY"):
        return
    et = None
    for k, v in props.items():
        if k.lower() == "expressiontype":
            et = v.strip()
    if t == "EXPRESSION" or et == "1":
        node["valueSource"] = "expr"
    elif t == "QUERY" or et == "2":
        node["valueSource"] = "db"
        node["query"] = node.pop("expression", "")
    else:
        node["valueSource"] = "memory"
        node.pop("expression", None)


def _typed_value(text, dt):
    if not isinstance(text, string_types) or datatypes.canonical(dt) is None:
        return text
    if text == "" and dt not in ("String", "Text"):
        return None
    try:
        return datatypes.coerce(text, dt)
    except datatypes.CoercionError:
        return text    # the loader reports it (Error_TypeConversion)


def _parameters(el):
    out = {}
    for c in el:
        if _local(c.tag) != "Parameters":
            continue
        for p in c:
            if _local(p.tag) != "Property":
                continue
            ptype = (p.get("type") or "String").strip()
            raw = _text(p)
            dt = {"integer": "Int4", "long": "Int8", "float": "Float4", "double": "Float8",
                  "boolean": "Boolean", "string": "String"}.get(ptype.lower(), "String")
            try:
                val = datatypes.coerce(raw, dt) if raw != "" or dt == "String" else None
            except datatypes.CoercionError:
                val = raw
            if isinstance(val, string_types) and _PARAM_RE.search(val):
                val = {"bindType": "parameter", "binding": val}
            out[p.get("name")] = {"dataType": dt, "value": val}
    return out


def _alarms(el):
    out = []
    for c in el:
        if _local(c.tag) != "Alarms":
            continue
        for a in c:
            if _local(a.tag) != "Alarm":
                continue
            alarm = {"name": a.get("name")}
            for p in a:
                if _local(p.tag) == "Property":
                    alarm[p.get("name")] = _text(p)
            out.append(alarm)
    return out


def _scripts(el):
    out = []
    for c in el:
        if _local(c.tag) != "EventScripts":
            continue
        for s in c:
            # 7.9 writes <Event id="valueChanged" enabled="true">script</Event>.
            eid = s.get("id") or s.get("event") or s.get("name") or s.get("eventid")
            if eid:
                script = {"eventid": eid, "script": _text(s)}
                if (s.get("enabled") or "").strip().lower() == "false":
                    script["enabled"] = False
                out.append(script)
    return out
