"""Parameter-template forms of ``api.params``: sanitize, extract meta, expand enums.

A template is the props of a Perspective Form component as the template editor
saved them: widgets at ``columns.items[*].rows.items[*].widgets[*]``, each with an
``id``, a ``type`` and a per-type config object (``widget[<type>]``); ``data`` maps
widget ids to default values. The stored schema is
``{formProps, meta: {paramKeys, widgetTypes, defaultData, enumRefs}}`` (upstream's).

Enum placeholders: the first option of an enum-capable widget (dropdown, radio,
checkbox, toggle) labelled ``@enum:<Name>`` or ``@enum:<Name>:<version>`` (value
conventionally ``__enum__``) is replaced, when expanded for the UI, by the enum's
values in the widget's option shape. Pure functions on plain dicts/lists.
May import: ``compat`` and the standard library.
"""
from __future__ import absolute_import, division, print_function

import copy
import json

from exchange.workflows import compat

ENUM_WIDGETS = ("dropdown", "radio", "checkbox", "toggle")
ENUM_PREFIX = "@enum:"


def load_form(formProps):
    """A deep copy of ``formProps`` given as a dict or JSON text; ValueError otherwise."""
    if isinstance(formProps, compat.string_types):
        try:
            formProps = json.loads(formProps)
        except ValueError as exc:
            raise ValueError("formProps is not valid JSON (%s); pass the Form component's "
                             "props as a dict or JSON object text" % exc)
    if not isinstance(formProps, dict):
        raise ValueError("formProps must be a dict (the Form component's props), got %s"
                         % type(formProps).__name__)
    return copy.deepcopy(formProps)


def widgets(form):
    """Every widget dict of the form, in layout order."""
    out = []
    columns = form.get("columns") or {}
    for col in (columns.get("items") or []) if isinstance(columns, dict) else []:
        rows = col.get("rows") if isinstance(col, dict) else None
        for row in (rows.get("items") or []) if isinstance(rows, dict) else []:
            for w in (row.get("widgets") or []) if isinstance(row, dict) else []:
                if isinstance(w, dict):
                    out.append(w)
    return out


def sanitize(form, workflow_name, template_name):
    """The form as stored: no runtime ``validation``, a fixed ``name``, ``columns`` and
    ``data`` present, and a ``data`` entry (None) for every widget id."""
    form.pop("validation", None)
    form["name"] = "%s.%s" % (workflow_name, template_name)
    if not isinstance(form.get("columns"), dict):
        form["columns"] = {"items": []}
    if not isinstance(form.get("data"), dict):
        form["data"] = {}
    for w in widgets(form):
        wid = w.get("id")
        if wid and wid not in form["data"]:
            form["data"][wid] = None
    return form


def enum_ref(widget):
    """``{enumName, enumVersion}`` when the widget's first option is an enum placeholder."""
    wtype = widget.get("type")
    if wtype not in ENUM_WIDGETS:
        return None
    options = (widget.get(wtype) or {}).get("options") if isinstance(widget.get(wtype), dict) else None
    if not options or not isinstance(options[0], dict):
        return None
    label = options[0].get("label", options[0].get("text"))
    if not isinstance(label, compat.string_types) or not label.startswith(ENUM_PREFIX):
        return None
    parts = label[len(ENUM_PREFIX):].split(":")
    version = None
    if len(parts) > 1 and parts[1].strip():
        try:
            version = int(parts[1])
        except ValueError:
            version = None  # a bad pin means "latest active", like no pin
    return {"enumName": parts[0].strip(), "enumVersion": version}


def extract_meta(form):
    keys, types, refs = [], {}, {}
    for w in widgets(form):
        wid = w.get("id")
        if not wid:
            continue
        if wid not in keys:
            keys.append(wid)
        types[wid] = w.get("type")
        ref = enum_ref(w)
        if ref is not None and ref["enumName"]:
            refs[wid] = ref
    return {"paramKeys": keys, "widgetTypes": types,
            "defaultData": copy.deepcopy(form.get("data") or {}), "enumRefs": refs}


def normalize_enum_values(values):
    """Enum values as ``[{label, value, isDisabled}]``; ValueError naming the fix."""
    if isinstance(values, compat.string_types):
        try:
            values = json.loads(values)
        except ValueError:
            raise ValueError("enumValues text is not JSON; pass a list of {label, value} "
                             "dicts or of plain values")
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError("enumValues must be a non-empty list of {label, value} dicts or of "
                         "plain values, got %r" % (values,))
    out = []
    for v in values:
        if isinstance(v, dict):
            if "value" not in v:
                raise ValueError("enum value %r has no 'value' key; give each entry "
                                 "{label, value}" % (v,))
            label = v.get("label", v.get("text", v["value"]))
            out.append({"label": compat.to_text(label), "value": v["value"],
                        "isDisabled": bool(v.get("isDisabled", False))})
        else:
            out.append({"label": compat.to_text(v), "value": v, "isDisabled": False})
    return out


def options_for(widget_type, values):
    """Enum values in the option shape of ``widget_type``."""
    if widget_type == "dropdown":
        return [{"label": v["label"], "value": v["value"], "isDisabled": v.get("isDisabled", False)}
                for v in values]
    if widget_type == "checkbox":
        return [{"text": v["label"], "value": v["value"], "triState": False} for v in values]
    return [{"text": v["label"], "value": v["value"]} for v in values]  # radio, toggle


def expand(schema, load_enum):
    """Copy of ``schema`` with enum options filled in; ``load_enum(name, version)`` returns
    the enum's value list and version (or None when the enum does not exist)."""
    out = copy.deepcopy(schema)
    meta = out.get("meta") or {}
    refs = meta.get("enumRefs") or {}
    if not refs:
        return out
    by_id = dict((w.get("id"), w) for w in widgets(out.get("formProps") or {}))
    versions = {}
    for wid, ref in refs.items():
        found = load_enum(ref.get("enumName"), ref.get("enumVersion"))
        versions[ref.get("enumName")] = found[1] if found else None
        w = by_id.get(wid)
        if w is None or found is None:
            continue
        wtype = w.get("type")
        cfg = w.get(wtype)
        if not isinstance(cfg, dict):
            cfg = w[wtype] = {}
        cfg["options"] = options_for(wtype, found[0])
    meta["enumVersions"] = versions
    out["meta"] = meta
    return out
