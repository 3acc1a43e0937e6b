"""The tag tree: providers, folders, atomic tags, UDT types and instances.

Nodes hold plain state; the backend changes it under its lock. A tag's current
value is one immutable ``QualifiedValue`` in ``AtomicTag.qv`` that writers swap
in a single assignment, so readers need no lock (a reference read is atomic on
CPython and on the JVM). Children are keyed by lower-cased name because tag
lookups are case-insensitive; ``order`` keeps the written order for exports.
May import: stdlib and ``gateway_sim.backends.tags`` siblings (``udt``: per-tag
built-in parameters), ``gateway_sim.quality``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.backends.tags import udt
from gateway_sim.quality import QualifiedValue, QualityCode

# Config keys that are structure, not properties.
STRUCTURAL = ("name", "tags", "tagType", "path", "fullPath")


class Node(object):
    tag_type = "Node"
    is_folder = False

    def __init__(self, provider, parent, name, config):
        self.provider = provider
        self.parent = parent
        self.name = name
        self.config = config
        self.generated = False   # materialized from a UDT definition
        self.inert = False       # part of a UdtType definition: never runs
        self.udt_owner = None    # nearest UdtInstance (for {Param} lookups)

    def segments(self):
        out = []
        n = self
        while n is not None and n.parent is not None:
            out.append(n.name)
            n = n.parent
        out.reverse()
        return out

    def rel_path(self):
        return "/".join(self.segments())

    def full_path(self):
        return "[%s]%s" % (self.provider.name, self.rel_path())

    def key(self):
        # Cached: a node never moves (move/rename rebuild nodes); add() resets it.
        k = self.__dict__.get("_key")
        if k is None:
            k = self._key = make_key(self.provider.name, self.segments())
        return k

    def folder(self):
        """The folder ``[.]`` refers to for this node: its parent."""
        return self.parent if self.parent is not None else self

    def params(self):
        """The UDT parameters this node reads: its instance's, plus its own per-tag
        built-ins (``TagName``, ``PathToTag``, ``PathToParentFolder``)."""
        owner = self.udt_owner
        if owner is None:
            return {}
        base = owner.parameters
        cached = self.__dict__.get("_params")
        if cached is not None and cached[0] is base:
            return cached[1]
        folder = self.parent.rel_path() if self.parent is not None else ""
        p = udt.with_tag_builtins(base, folder, self.name)
        self._params = (base, p)
        return p

    def __repr__(self):
        return "<%s %s>" % (self.tag_type, self.full_path())


def make_key(provider_name, segments):
    return (provider_name + "/" + "/".join(segments)).lower()


class Folder(Node):
    tag_type = "Folder"
    is_folder = True

    def __init__(self, provider, parent, name, config):
        Node.__init__(self, provider, parent, name, config)
        self.children = {}
        self.order = []

    def child(self, name):
        return self.children.get(name.lower())

    def add(self, node):
        k = node.name.lower()
        if k in self.children:
            self.order = [n for n in self.order if n.lower() != k]
        self.children[k] = node
        self.order.append(node.name)
        node.parent = self
        node.__dict__.pop("_key", None)

    def remove(self, name):
        k = name.lower()
        node = self.children.pop(k, None)
        self.order = [n for n in self.order if n.lower() != k]
        return node

    def iter_children(self):
        out = []
        for n in self.order:
            c = self.children.get(n.lower())
            if c is not None:
                out.append(c)
        return out

    def walk(self):
        """This node's descendants, depth first."""
        out = []
        for c in self.iter_children():
            out.append(c)
            if c.is_folder:
                out.extend(c.walk())
        return out


class ProviderRoot(Folder):
    tag_type = "Provider"


class UdtType(Folder):
    tag_type = "UdtType"


class UdtInstance(Folder):
    tag_type = "UdtInstance"

    def __init__(self, provider, parent, name, config):
        Folder.__init__(self, provider, parent, name, config)
        self.parameters = {}

    @property
    def type_id(self):
        return self.config.get("typeId")


class AtomicTag(Node):
    tag_type = "AtomicTag"

    def __init__(self, provider, parent, name, config):
        Node.__init__(self, provider, parent, name, config)
        self.data_type = "Int4"
        self.value_source = "memory"
        self.qv = QualifiedValue(None, QualityCode.Uncertain_InitialValue, None)
        self.read_only = False
        self.enabled = True
        self.scripts = {}        # eventid -> compiled code object, or None (stored, never runs)
        # eventid -> last run {"atMs", "durationMs", "outcome" ok|error, "error", "runs",
        # "errors"}; written by the tag-event thread only (events.py), a new dict per run
        self.script_runs = {}
        self.script_text = {}    # eventid -> body text
        self.runtime = None      # value-source runtime (expr, reference, derived, db)
        self.sim = None          # process simulation runtime
        self.alarms = []


class Provider(object):
    """One tag provider: a named tree rooted at a ``ProviderRoot``."""

    def __init__(self, backend, name, settings=None):
        self.backend = backend
        self.name = name
        self.settings = settings or {}
        self.root = ProviderRoot(self, None, "", {})

    def find(self, segments):
        node = self.root
        for s in segments:
            if not node.is_folder:
                return None
            node = node.children.get(s.lower())
            if node is None:
                return None
        return node

    def types_folder(self, create=False):
        f = self.root.child("_types_")
        if f is None and create:
            f = Folder(self, self.root, "_types_", {})
            self.root.add(f)
        return f

    def __repr__(self):
        return "<Provider %s>" % self.name
