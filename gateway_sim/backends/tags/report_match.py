# -*- coding: utf-8 -*-
"""Matching one tag against a ``system.tag.query`` condition (the Tag Report Tool's).

``compile_condition(cond, warn)`` checks the ``condition`` dict once and returns a
``Condition`` whose ``matches(node)`` tests one tree node; ``prop_value(node, name)``
is the value a property condition or a ``returnProperties`` entry sees.

Condition keys (manual example, 8.1/8.3): ``path`` (``*`` matches any run of
characters, ``/`` included, so ``"*"`` is every tag; a leading ``[provider]`` is
ignored), ``tagType``, ``valueSource``, ``quality`` (a level ``Good``/``Uncertain``/
``Bad``/``Error`` or a full name such as ``Bad_Stale``), ``attributes``
(``{"values": [...], "requireAll": bool}``), ``properties`` (a group ``{"op": "And"|"Or",
"conditions": [...]}`` whose items are groups or ``{"prop", "comp", "value"}``).
``dataType`` is accepted too. Choices no source states (all unverified):

* text comparisons (path, names, Equal, Like, Contains) ignore case, as tag lookups do;
* ``tagType``/``valueSource``/``dataType``/``quality`` may also be lists (any of them);
  ``quality`` and ``valueSource`` match atomic tags only (as ``system.tag.browse``);
* a property item may be spelled ``{"property", "comparison", "value"}`` as well; a
  property name ignores case and spaces (``Documentation``, ``documentation``,
  ``Tag Event Scripts``);
* comparisons: ``Equal``, ``NotEqual``, ``Like``, ``NotLike`` (``*`` wildcard, whole
  value), ``Contains``, ``GreaterThan``, ``GreaterThanOrEqual``, ``LessThan``,
  ``LessThanOrEqual`` (numbers only: a text or missing value never matches). A
  property a tag lacks is None: it is NotEqual/NotLike anything and matches nothing
  else. A set property (alarms, parameters, tag event scripts, read/write permissions,
  an array value) is compared as the text ``[a, b]`` of its names, so Like needs
  wildcards around the term (the manual's note on set properties);
* attribute wire names (``alarm``, ``history``, ``disabled``, ``scripting``,
  ``scaling``, ``security``, ``override``, ``udt-inheritance``) come from a public
  project's note on the gateway's ``CommonTagAttributes`` enum; the enum names
  (``Alarms``, ``History``, ``Inherited`` ...) are accepted too. What each means here:
  alarm = has alarms; history = historyEnabled; disabled = enabled false; scripting =
  has tag event scripts; scaling = scaleMode other than Off; security = read or write
  permissions configured; override = a UDT member the instance overrides;
  udt-inheritance = a UDT member, or a definition that extends another.
  ``alarm-metrics`` and a ``hierarchy`` condition are known but not modelled: they raise
  ``NotImplementedInSimulator``;
* an unknown condition key is ignored with a warning (a gateway's JSON reader most
  plausibly skips it); an unknown comparison, op or attribute is a ``ValueError``
  naming the known ones.

Runtime layer. May import: stdlib, ``gateway_sim`` core, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import refs
from gateway_sim.errors import NotImplementedInSimulator
from gateway_sim.quality import QualityCode

CONDITION_KEYS = ("path", "tagType", "valueSource", "dataType", "quality", "attributes",
                  "properties", "hierarchy")
COMPARISONS = ("Equal", "NotEqual", "Like", "NotLike", "Contains", "GreaterThan",
               "GreaterThanOrEqual", "LessThan", "LessThanOrEqual")
OPS = ("And", "Or")
# wire value -> enum name (both accepted, case-insensitive)
ATTRIBUTES = (("alarm", "Alarms"), ("alarm-metrics", "AlarmMetrics"), ("disabled", "Disabled"),
              ("history", "History"), ("udt-inheritance", "Inherited"),
              ("override", "Override"), ("scaling", "Scaling"), ("scripting", "Scripting"),
              ("security", "Security"))
_ATTR_BY_NAME = {}
for _wire, _enum in ATTRIBUTES:
    _ATTR_BY_NAME[_wire] = _wire
    _ATTR_BY_NAME[_enum.lower()] = _wire
_COMP_BY_NAME = dict((c.lower(), c) for c in COMPARISONS)

# Property names (lower case, no spaces) that hold a set; compared as "[a, b]".
_SET_PROPS = {"alarms": "name", "tageventscripts": "eventid", "eventscripts": "eventid",
              "parameters": None, "readpermissions": None, "writepermissions": None}
_ALIASES = {"tageventscripts": "eventScripts", "qualifiedvalue": "value"}
# Config keys that are structure, never an override of a UDT member.
_STRUCTURAL = ("name", "tagType", "tags", "typeId")


def like_regex(pattern):
    """``*`` matches any run of characters; every other character is literal."""
    parts = [re.escape(p) for p in str(pattern).split("*")]
    return re.compile("^" + ".*".join(parts) + "$", re.IGNORECASE | re.DOTALL)


def _norm(name):
    return str(name).replace(" ", "").lower()


def _as_list(v):
    if v is None:
        return []
    if isinstance(v, string_types):
        return [v]
    try:
        return list(v)
    except TypeError:
        return [v]


# --- property values --------------------------------------------------------

def overrides_of(node):
    """Names of the properties the owning UDT instance overrides on member ``node``
    (config order), or [] for a tag that is not an overridden member."""
    owner = getattr(node, "udt_owner", None)
    if owner is None or not getattr(node, "generated", False):
        return []
    segs = node.segments()[len(owner.segments()):]
    cfgs = getattr(owner, "override_cfgs", None) or []
    cfg = None
    for s in segs:
        cfg = None
        for c in cfgs:
            if isinstance(c, dict) and str(c.get("name", "")).lower() == s.lower():
                cfg = c
                break
        if cfg is None:
            return []
        cfgs = cfg.get("tags") or []
    return [k for k in cfg if k not in _STRUCTURAL]


def prop_value(backend, node, name):
    """The value of property ``name`` of ``node`` as a query sees it (None if absent)."""
    key = _norm(name)
    if key == "fullpath":
        from gateway_sim.backends.tags.paths import TagPath
        return TagPath(node.provider.name, node.segments())
    if key == "value":
        return node.qv if node.tag_type == "AtomicTag" else None
    if key == "tagqueryoverrides":
        names = overrides_of(node)
        return ",".join(names) if names else None
    if key == "typeid" and node.tag_type not in ("UdtInstance", "UdtType"):
        return None
    prop = _ALIASES.get(key, name)
    qv = refs.PropRef(backend, node, prop).read()
    if qv.quality.isGood():
        return qv.value
    if key in ("eventscripts", "tageventscripts", "alarms"):
        return []
    return None


def _set_text(key, value):
    field = _SET_PROPS.get(key)
    if isinstance(value, dict):
        items = list(value.keys())
    else:
        items = []
        for v in _as_list(value):
            if field and isinstance(v, dict):
                v = v.get(field)
            items.append(v)
    return "[%s]" % ", ".join("" if i is None else str(i) for i in items)


# --- attributes -------------------------------------------------------------

def _has_attribute(node, wire):
    cfg = node.config
    if wire == "alarm":
        return bool(getattr(node, "alarms", None) or cfg.get("alarms"))
    if wire == "history":
        return cfg.get("historyEnabled") is True
    if wire == "disabled":
        return node.tag_type == "AtomicTag" and not node.enabled or cfg.get("enabled") is False
    if wire == "scripting":
        return bool(cfg.get("eventScripts"))
    if wire == "scaling":
        mode = cfg.get("scaleMode")
        return mode not in (None, "", "Off", 0, "0")
    if wire == "security":
        return bool(cfg.get("readPermissions") or cfg.get("writePermissions"))
    if wire == "override":
        return bool(overrides_of(node))
    if wire == "udt-inheritance":
        if node.tag_type == "UdtType":
            return bool(cfg.get("typeId"))
        return bool(getattr(node, "generated", False) and node.udt_owner is not None)
    raise NotImplementedInSimulator("system.tag.query attribute %r" % (wire,))


# --- comparisons ------------------------------------------------------------

def _number(v):
    if isinstance(v, bool) or v is None:
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, QualityCode):
        return v.getName()
    return "" if v is None else str(v)


def _equal(have, want):
    if isinstance(have, bool):
        return _text(have) == _text(want).strip().lower()
    a, b = _number(have), _number(want)
    if a is not None and b is not None:
        return a == b
    if isinstance(have, QualityCode):
        return _text(want).lower() in (have.getName().lower(), str(have.getLevel()).lower())
    return _text(have).lower() == _text(want).lower()


def compare(comp, have, want, is_set=False, key=None):
    """True if property value ``have`` passes comparison ``comp`` with ``want``."""
    if comp in ("NotEqual", "NotLike"):
        return not compare("Equal" if comp == "NotEqual" else "Like", have, want, is_set, key)
    if have is None:
        return False
    if is_set:
        have = _set_text(key, have)
    if comp == "Equal":
        return _equal(have, want)
    if comp == "Like":
        return like_regex(_text(want)).match(_text(have)) is not None
    if comp == "Contains":
        return _text(want).lower() in _text(have).lower()
    a, b = _number(have), _number(want)
    if a is None or b is None:
        return False
    if comp == "GreaterThan":
        return a > b
    if comp == "GreaterThanOrEqual":
        return a >= b
    if comp == "LessThan":
        return a < b
    return a <= b


# --- the compiled condition -------------------------------------------------

class Condition(object):
    """A checked ``condition`` dict; ``matches(backend, node)``."""

    def __init__(self, cond, warn):
        self.path = None
        self.tag_types = self._lower_set(cond.get("tagType"))
        self.value_sources = self._lower_set(cond.get("valueSource"))
        self.data_types = self._lower_set(cond.get("dataType"))
        self.qualities = self._lower_set(cond.get("quality"))
        self.attrs, self.require_all = self._attributes(cond.get("attributes"))
        self.props = None
        p = cond.get("path")
        if p not in (None, ""):
            text = str(p).strip()
            if text.startswith("["):
                text = text[text.find("]") + 1:]
            self.path = like_regex(text.strip("/") or "*")
        if cond.get("properties"):
            self.props = _compile_group(cond["properties"], "condition.properties")
        if cond.get("hierarchy"):
            raise NotImplementedInSimulator("system.tag.query condition 'hierarchy'")
        unknown = sorted(str(k) for k in cond if k not in CONDITION_KEYS)
        if unknown:
            warn("system.tag.query: condition key(s) %s are not known to the simulator and "
                 "are ignored (known: %s)" % (", ".join(unknown), ", ".join(CONDITION_KEYS)))

    @staticmethod
    def _lower_set(v):
        items = [str(x).strip().lower() for x in _as_list(v) if x not in (None, "")]
        return set(items) if items else None

    @staticmethod
    def _attributes(spec):
        if spec in (None, ""):
            return [], True
        if not isinstance(spec, dict):
            raise TypeError("condition.attributes must be a dict like {\"values\": [\"alarm\"], "
                            "\"requireAll\": True}, got %r" % (spec,))
        out = []
        for v in _as_list(spec.get("values")):
            wire = _ATTR_BY_NAME.get(str(v).strip().lower())
            if wire is None:
                raise ValueError("unknown tag attribute %r in condition.attributes; known: %s"
                                 % (v, ", ".join(w for w, _ in ATTRIBUTES)))
            out.append(wire)
        require_all = spec.get("requireAll", True)
        return out, require_all is not False

    def matches(self, backend, node):
        tt = node.tag_type
        if self.tag_types is not None and tt.lower() not in self.tag_types:
            return False
        if self.path is not None and self.path.match(node.rel_path()) is None:
            return False
        atomic = tt == "AtomicTag"
        if self.value_sources is not None and (
                not atomic or str(node.value_source).lower() not in self.value_sources):
            return False
        if self.data_types is not None and (
                not atomic or str(node.data_type).lower() not in self.data_types):
            return False
        if self.qualities is not None:
            if not atomic:
                return False
            q = node.qv.quality if node.enabled else QualityCode.Bad_Disabled
            if q.getName().lower() not in self.qualities and \
                    str(q.getLevel()).lower() not in self.qualities:
                return False
        if self.attrs:
            hits = [_has_attribute(node, a) for a in self.attrs]
            if not (all(hits) if self.require_all else any(hits)):
                return False
        if self.props is not None and not self.props(backend, node):
            return False
        return True


def _compile_group(spec, where):
    if not isinstance(spec, dict):
        raise TypeError("%s must be a dict like {\"op\": \"And\", \"conditions\": [...]}, got %r"
                        % (where, spec))
    if "conditions" not in spec:
        return _compile_item(spec, where)
    op_raw = spec.get("op", "And")
    op = dict((o.lower(), o) for o in OPS).get(str(op_raw).lower())
    if op is None:
        raise ValueError("unknown op %r in %s; use one of %s" % (op_raw, where, ", ".join(OPS)))
    items = [_compile_group(c, "%s.conditions[%d]" % (where, i))
             for i, c in enumerate(_as_list(spec.get("conditions")))]
    if not items:
        return lambda backend, node: True
    if op == "And":
        return lambda backend, node: all(f(backend, node) for f in items)
    return lambda backend, node: any(f(backend, node) for f in items)


def _compile_item(spec, where):
    prop = spec.get("prop", spec.get("property"))
    comp_raw = spec.get("comp", spec.get("comparison"))
    if not prop:
        raise ValueError("%s has no property name: write {\"prop\": \"documentation\", "
                         "\"comp\": \"Contains\", \"value\": \"...\"} (got %r)" % (where, spec))
    comp = _COMP_BY_NAME.get(str(comp_raw).replace(" ", "").lower())
    if comp is None:
        raise ValueError("unknown comparison %r in %s; use one of %s"
                         % (comp_raw, where, ", ".join(COMPARISONS)))
    want = spec.get("value")
    key = _norm(prop)

    def test(backend, node):
        have = prop_value(backend, node, prop)
        is_set = key in _SET_PROPS or (key == "value" and have is not None and
                                       isinstance(getattr(have, "value", None), (list, tuple)))
        if key == "value" and have is not None:
            have = have.value
        return compare(comp, have, want, is_set, key)
    return test
