"""What the element tree of a binary resource means: Java beans, maps, lists, values.

Ignition's object serialization writes an object as ``<o cls="C">`` holding
one ``<c m="setX" s="1;type">`` per non-default property (the setter call and
its arguments); maps as ``<o cls="java.util.HashMap">`` with ``put`` calls;
lists as ``<arraylist len="n">``; enum sets as ``<enumset>`` of ``<enum n=..>``;
strings ``<str>``, longs ``<lng>``, booleans the empty elements ``<true/>`` /
``<false/>`` (all observed in real 8.0-8.3 files). This module turns such a
tree (``gateway_sim.project.resource_codec``) into Python values and back:

* ``Bean(cls, calls)`` - calls ``[(method, signature, [args])]`` in file order;
* ``JavaMap(cls, items)`` - ``[(key, value)]`` in file order;
* ``EnumSet(cls, names)``; lists; ``str``; ``int`` (Java long); ``bool``;
* ``Opaque(element)`` for an element kind not listed above (its setter is
  reported by the caller, and the element is written back unchanged).

The byte level is strict (``resource_codec``); here an unknown kind of value
only costs the property that holds it.
Single-source 2.7/3. May import: the standard library and ``resource_codec``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import integer_types, string_types
from gateway_sim.project.resource_codec import Document, Element, Ref, ResourceFormatError

MAPS = ("java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap")
PUT_SIGNATURE = ("O", "O")
OWNER = "o"


class Bean(object):
    """An object rebuilt by setter calls: ``cls`` and ``calls`` [(method, signature, args)]."""

    def __init__(self, cls, calls=None):
        self.cls = cls
        self.calls = list(calls or [])

    def get(self, method, default=None):
        """The single argument of the (last) call of ``method``, else ``default``."""
        for name, _sig, args in reversed(self.calls):
            if name == method:
                return args[0] if len(args) == 1 else list(args)
        return default

    def methods(self):
        return [c[0] for c in self.calls]

    def __eq__(self, other):
        return isinstance(other, Bean) and (self.cls, self.calls) == (other.cls, other.calls)

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return "Bean(%s, %r)" % (self.cls.rsplit(".", 1)[-1], self.calls)


class JavaMap(object):
    """A ``java.util.Map`` as its class and ordered ``items``."""

    def __init__(self, cls="java.util.HashMap", items=None):
        self.cls = cls
        self.items = list(items or [])

    def __eq__(self, other):
        return isinstance(other, JavaMap) and (self.cls, self.items) == (other.cls, other.items)

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return "JavaMap(%s, %r)" % (self.cls, self.items)


class EnumSet(object):
    """A ``java.util.EnumSet``: enum class and constant names (file order)."""

    def __init__(self, cls, names):
        self.cls = cls
        self.names = list(names)

    def __eq__(self, other):
        return isinstance(other, EnumSet) and (self.cls, self.names) == (other.cls, other.names)

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return "EnumSet(%s, %r)" % (self.cls.rsplit("$", 1)[-1], self.names)


class Opaque(object):
    """A value this module does not interpret, kept as its element tree."""

    def __init__(self, element):
        self.element = element

    def __eq__(self, other):
        return isinstance(other, Opaque) and self.element == other.element

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return "Opaque(<%s>)" % getattr(self.element, "name", self.element)


# --- tree -> values -------------------------------------------------------------------

def document_values(doc, source=None):
    """The top-level objects of a ``Document`` (children of ``<objects>``) as values."""
    root = doc.root
    if not isinstance(root, Element) or root.name != "objects":
        raise ResourceFormatError("the root element is %r, expected 'objects'"
                                  % (getattr(root, "name", root),), source)
    return _Decoder(source).values(root.children or [], "objects")


class _Decoder(object):
    def __init__(self, source):
        self.source = source
        self.refs = {}

    def fail(self, message, where):
        raise ResourceFormatError("%s (in %s)" % (message, where), self.source)

    def values(self, nodes, where):
        return [self.value(n, where) for n in nodes]

    def value(self, node, where):
        if isinstance(node, Ref):
            if node.ident not in self.refs:
                self.fail("back-reference to unknown object id %d" % node.ident, where)
            return self.refs[node.ident]
        value = self._value(node, "%s/%s" % (where, node.name))
        if node.ident is not None:
            self.refs[node.ident] = value
        return value

    def _value(self, el, where):
        name = el.name
        if name in ("true", "false") and el.children is None and el.text is None:
            return name == "true"
        if name == "str":
            return self._text(el, "str", where)
        if name == "lng":
            return self._text(el, "long", where)
        if name == "arraylist":
            items = self.values(el.children or [], where)
            declared = el.attr("len")
            if declared is not None and declared != len(items):
                self.fail("arraylist says len=%s but holds %d items" % (declared, len(items)),
                          where)
            return items
        if name == "enumset":
            names = []
            for child in el.children or []:
                if not isinstance(child, Element) or child.name != "enum" or child.attr("n") is None:
                    self.fail("an enumset may only hold <enum n=...> elements", where)
                names.append(child.attr("n"))
            return EnumSet(el.attr("cls"), names)
        if name == OWNER:
            cls = el.attr("cls")
            if not cls:
                self.fail("an <o> element without cls", where)
            calls = []
            for child in el.children or []:
                if not isinstance(child, Element) or child.name != "c" or not child.attr("m"):
                    self.fail("object %s holds %r; only setter calls <c m=...> are understood"
                              % (cls, getattr(child, "name", child)), where)
                sig = child.attr("s") or ()
                args = self.values(child.children or [], "%s.%s" % (where, child.attr("m")))
                if len(args) != len(sig):
                    self.fail("%s.%s has %d arguments but its signature names %d"
                              % (cls, child.attr("m"), len(args), len(sig)), where)
                calls.append((child.attr("m"), tuple(sig), args))
            if cls in MAPS:
                items = []
                for method, sig, args in calls:
                    if method != "put" or len(args) != 2:
                        self.fail("map %s: call %s is not put(key, value)" % (cls, method), where)
                    items.append((args[0], args[1]))
                return JavaMap(cls, items)
            return Bean(cls, calls)
        return Opaque(el)

    def _text(self, el, kind, where):
        if el.text is None or el.text[0] != kind:
            self.fail("<%s> must hold a %s value" % (el.name, kind), where)
        return el.text[1]


# --- values -> tree -------------------------------------------------------------------

def values_document(values, attributes=(), timestamp_ms=0, share_strings=True):
    """A ``Document`` whose ``<objects>`` holds ``values``.

    ``attributes``: [(name, text)] of the ``<objects>`` element (Ignition writes
    framework.version and timestamp). With ``share_strings`` a string used more
    than once is written once and referenced after, as Ignition does (equal
    enum sets too, as observed in 8.1 files).
    """
    counts = {}
    if share_strings:
        for v in values:
            _count_strings(v, counts)
    enc = _Encoder(set(s for s, n in counts.items() if n > 1))
    attrs = [(n, "str", t) for n, t in attributes] if attributes else None
    root = Element("objects", attrs=attrs, children=[enc.element(v) for v in values])
    return Document(root, timestamp_ms)


def _share_key(value):
    if isinstance(value, string_types):
        return ("str", value)
    if isinstance(value, EnumSet):
        return ("enumset", value.cls, tuple(value.names))
    return None


def _count_strings(value, counts):
    key = _share_key(value)
    if key is not None:
        counts[key] = counts.get(key, 0) + 1
    elif isinstance(value, Bean):
        for _m, _s, args in value.calls:
            for a in args:
                _count_strings(a, counts)
    elif isinstance(value, JavaMap):
        for k, v in value.items:
            _count_strings(k, counts)
            _count_strings(v, counts)
    elif isinstance(value, list):
        for v in value:
            _count_strings(v, counts)


def _has_ids(el):
    if isinstance(el, Ref) or el.ident is not None:
        return True
    return any(_has_ids(c) for c in el.children or ())


class _Encoder(object):
    def __init__(self, shared):
        self.shared = shared
        self.idents = {}

    def element(self, value):
        if isinstance(value, bool):
            return Element("true" if value else "false")
        key = _share_key(value)
        if key is not None:
            if key in self.idents:
                return Ref(self.idents[key])
            el = self._element(value)
            if key in self.shared:
                el.ident = self.idents[key] = len(self.idents)
            return el
        return self._element(value)

    def _element(self, value):
        if isinstance(value, string_types):
            return Element("str", text=("str", value))
        if isinstance(value, integer_types):
            return Element("lng", text=("long", value))
        if isinstance(value, list):
            return Element("arraylist", attrs=[("len", "int", len(value))],
                           children=[self.element(v) for v in value])
        if isinstance(value, EnumSet):
            return Element("enumset", attrs=[("cls", "cls", value.cls)],
                           children=[Element("enum", attrs=[("cls", "cls", value.cls),
                                                            ("n", "str", n)])
                                     for n in value.names])
        if isinstance(value, JavaMap):
            calls = [("put", PUT_SIGNATURE, [k, v]) for k, v in value.items]
            return self._object(value.cls, calls)
        if isinstance(value, Bean):
            return self._object(value.cls, value.calls)
        if isinstance(value, Opaque):
            if _has_ids(value.element):  # its ids would clash with the ones written here
                raise ValueError("cannot write back an uninterpreted <%s> that holds object ids"
                                 % value.element.name)
            return value.element
        raise ValueError("cannot write %r (%s) in Ignition's binary encoding"
                         % (value, type(value).__name__))

    def _object(self, cls, calls):
        children = []
        for method, sig, args in calls:
            children.append(Element("c", owner=OWNER,
                                    attrs=[("m", "str", method), ("s", "sig", tuple(sig))],
                                    children=[self.element(a) for a in args]))
        return Element(OWNER, attrs=[("cls", "cls", cls)], children=children)
