"""Which runtime runs a tag's value source (runtime layer).

``make_runtime(backend, node)``: ``expr``/``reference``/``derived`` (``sources``),
``db`` (``querytag``), ``opc`` (``gateway_sim.backends.opc_tag``), memory: None. A tag
whose source lacks the property it cannot do without gets ``UnconfiguredRuntime``.
May import: ``gateway_sim.quality``, tag siblings, ``gateway_sim.backends.opc_tag``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.backends.tags import querytag, sources
from gateway_sim.quality import QualityCode


# The property each value source cannot do without (a gateway accepts the tag without
# it -- UDT definitions are full of such members -- but cannot evaluate it).
_REQUIRED = {"expr": "expression", "reference": "sourceTagPath", "derived": "sourceTagPath",
             "db": "query", "opc": "opcItemPath"}


def unconfigured(node):
    """The missing property's name if ``node``'s value source cannot run, else None."""
    key = _REQUIRED.get(node.value_source)
    if key is None:
        return None
    v = node.config.get(key)
    if isinstance(v, dict):
        return key   # a parameter binding left unresolved (no such parameter)
    if v is None or not str(v).strip():
        return key
    return None


class UnconfiguredRuntime(object):
    """A tag whose value source lacks its expression/source path/query: it loads and
    reads ``Error_Configuration`` (unverified: Ignition's code for a tag it cannot
    evaluate for a configuration reason; no public page names the exact code shown)."""

    def __init__(self, backend, node, key):
        self.backend = backend
        self.node = node
        self.key = key

    def start(self, events):
        self.backend._set(self.node, None, QualityCode.Error_Configuration.derive(
            "%s tag %s has no '%s'; set it in the tag's config" % (
                self.node.value_source, self.node.full_path(), self.key)), events)

    def refresh(self, events):
        pass

    def stop(self):
        pass

    def write(self, value):
        return QualityCode.Error_Configuration.derive(
            "%s has no '%s'; it cannot be written" % (self.node.full_path(), self.key))


def make_runtime(backend, node):
    """The runtime of ``node``'s value source (None for memory tags)."""
    vs = node.value_source
    missing = unconfigured(node)
    if missing is not None:
        return UnconfiguredRuntime(backend, node, missing)
    if vs == "expr":
        return sources.ExprRuntime(backend, node)
    if vs == "reference":
        return sources.ReferenceRuntime(backend, node)
    if vs == "derived":
        return sources.DerivedRuntime(backend, node)
    if vs == "db":
        return querytag.DbRuntime(backend, node)
    if vs == "opc":
        from gateway_sim.backends.opc_tag import OpcTagRuntime
        return OpcTagRuntime(backend, node)
    return None
