# -*- coding: utf-8 -*-
"""``system.opc``: read, write and browse the gateway's OPC connections (state in ``gw.opc``).

Names, parameters and return types follow the ignition-api 8.1/8.3 stubs (identical
in both): ``readValue`` -> QualifiedValue, ``readValues`` -> list, ``writeValue`` ->
QualityCode, ``writeValues`` -> list, ``getServers(includeDisabled=False)`` -> list
of names, ``getServerState`` -> ``CONNECTED``/``FAULTED``/``DISABLED``... or None for
an unknown connection, ``isServerEnabled``/``setServerEnabled``, ``browse``/
``browseSimple`` -> OPCBrowseTag list, ``browseServer(opcServer, nodeId)`` ->
PyOPCTag list (gateway scope). The simulated connections and their items come from
the gateway config (``opcServers``, see ``gateway_sim.backends.opc``); every gateway has
``Ignition OPC UA Server``, and its ``devices`` (``gateway_sim.backends.opc_devices``)
browse as device, folder and item nodes like configured items.

Unverified choices: the browse tree is derived from the item paths
(``ns=1;s=[Device]Folder/Tag``: a device node ``ns=1;s=[Device]``, folders per ``/``
segment); ``browseServer`` with an empty/None node id lists the top nodes; element
types are ``DEVICE``, ``FOLDER`` and ``DATAVARIABLE`` (BrowseElementType names);
an unknown connection in ``isServerEnabled``/``setServerEnabled``/``browse*``
raises ``IllegalArgumentException`` naming the configured ones.
Single-source 2.7/3.x. May import: ``gateway_sim`` core (runtime, registry, jvm, backends.opc).
"""
from __future__ import absolute_import, division, print_function

import fnmatch
import re

from gateway_sim import jvm, runtime
from gateway_sim._compat import string_types
from gateway_sim.registry import implements


def _opc():
    return runtime.current().opc


def _server_or_raise(fn, name):
    s = _opc().server(name)
    if s is None:
        raise jvm.make_java_exception(
            jvm.IllegalArgumentException,
            "%s(): OPC connection '%s' not found (configured: %s); add it under opcServers: in "
            "the gateway config" % (fn, name, ", ".join(_opc().names(True)) or "none"))
    return s


def _list(paths, what):
    if isinstance(paths, string_types) or paths is None:
        raise TypeError("%s must be a list of item paths, got %r" % (what, paths))
    return ["%s" % (p,) for p in paths]


@implements("system.opc.readValue")
def readValue(opcServer, itemPath):
    """The item's current value, quality and timestamp (a QualifiedValue)."""
    return _opc().read(opcServer, "%s" % (itemPath,))


@implements("system.opc.readValues")
def readValues(opcServer, itemPaths):
    """One QualifiedValue per item path, in order."""
    opc = _opc()
    return [opc.read(opcServer, p) for p in _list(itemPaths, "itemPaths")]


@implements("system.opc.writeValue")
def writeValue(opcServer, itemPath, value):
    """Write synchronously; returns the QualityCode of the write."""
    return _opc().write(opcServer, "%s" % (itemPath,), value)


@implements("system.opc.writeValues")
def writeValues(opcServer, itemPaths, values):
    """Bulk writeValue; one QualityCode per item path."""
    paths = _list(itemPaths, "itemPaths")
    values = list(values)
    if len(values) != len(paths):
        raise ValueError("writeValues(): %d item paths but %d values; pass one value per path"
                         % (len(paths), len(values)))
    opc = _opc()
    return [opc.write(opcServer, p, v) for p, v in zip(paths, values)]


@implements("system.opc.getServers")
def getServers(includeDisabled=False):
    """Names of the OPC connections (enabled ones unless ``includeDisabled``)."""
    return _opc().names(bool(includeDisabled))


@implements("system.opc.getServerState")
def getServerState(opcServer):
    """``CONNECTED``, ``FAULTED``, ``DISABLED``...; None if the connection does not exist."""
    s = _opc().server(opcServer)
    return None if s is None else s.get_state()


@implements("system.opc.isServerEnabled")
def isServerEnabled(serverName):
    return _server_or_raise("isServerEnabled", serverName).enabled


@implements("system.opc.setServerEnabled")
def setServerEnabled(serverName, enabled):
    _server_or_raise("setServerEnabled", serverName)
    _opc().set_enabled(serverName, enabled)


# --- browsing -------------------------------------------------------------------------------
_PATH_RE = re.compile(r"^(?P<ns>ns=\d+;[sig]=)?(?:\[(?P<dev>[^\]]*)\])?(?P<rest>.*)$")


def _split(item_path):
    m = _PATH_RE.match(item_path)
    ns = m.group("ns") or ""
    dev = m.group("dev")
    rest = [p for p in m.group("rest").split("/") if p]
    return ns, dev, rest


class OPCBrowseTag(object):
    """``system.opc.browse`` result (ialabs ``OPCBrowseTag``)."""

    def __init__(self, server, item):
        ns, dev, rest = _split(item.path)
        self._server = server.name
        self._path = item.path
        self._name = rest[-1] if rest else item.path
        self._display_path = "/".join(rest)
        self._device = dev
        v = item.value if item.kind in ("memory", "constant") else 0.0
        self._data_type = item.cfg.get("dataType") or type(v).__name__

    def getOpcServer(self):
        return self._server

    def getOpcItemPath(self):
        return self._path

    def getDisplayName(self):
        return self._name

    def getDisplayPath(self):
        return self._display_path

    def getDataType(self):
        return self._data_type

    def getType(self):
        return "DATAVARIABLE"

    opcServer = property(getOpcServer)
    opcItemPath = property(getOpcItemPath)
    displayName = property(getDisplayName)
    displayPath = property(getDisplayPath)
    dataType = property(getDataType)
    type = property(getType)

    def __repr__(self):
        return "OPCBrowseTag(%s, %s)" % (self._server, self._path)


def _browse(fn, opcServer, device, folderPath, opcItemPath):
    s = _server_or_raise(fn, opcServer)
    out = []
    for path in sorted(s.items):
        ns, dev, rest = _split(path)
        if device and (dev or "") != device:
            continue
        folder = "/".join(rest[:-1])
        if folderPath and not fnmatch.fnmatchcase(folder.lower(), str(folderPath).lower()):
            continue
        if opcItemPath and not fnmatch.fnmatchcase(path.lower(), str(opcItemPath).lower()):
            continue
        out.append(OPCBrowseTag(s, s.items[path]))
    return out


@implements("system.opc.browse")
def browse(opcServer, device, folderPath, opcItemPath):
    """Items of ``opcServer`` filtered by device (exact), folder path and item path (``*``/``?``)."""
    return _browse("browse", opcServer, device, folderPath, opcItemPath)


@implements("system.opc.browseSimple")
def browseSimple(opcServer, device, folderPath, opcItemPath):
    """Same as ``browse`` (the simple form takes the same filters)."""
    return _browse("browseSimple", opcServer, device, folderPath, opcItemPath)


class PyOPCTag(object):
    """``system.opc.browseServer`` result in gateway scope."""

    def __init__(self, server, node_id, name, element_type):
        self._server, self._node_id, self._name, self._type = server, node_id, name, element_type

    def getServerName(self):
        return self._server

    def getNodeId(self):
        return self._node_id

    def getDisplayName(self):
        return self._name

    def getElementType(self):
        return self._type

    serverName = property(getServerName)
    nodeId = property(getNodeId)
    displayName = property(getDisplayName)
    elementType = property(getElementType)

    def __repr__(self):
        return "PyOPCTag(%s, %s, %s)" % (self._name, self._node_id, self._type)


def _children(server, node_id):
    """Direct children (node id -> (name, type)) of ``node_id`` in the item-path tree."""
    want = (node_id or "").strip()
    kids = {}
    for path in server.items:
        ns, dev, rest = _split(path)
        chain = []
        if dev is not None:
            chain.append(("%s[%s]" % (ns, dev), dev, "DEVICE"))
        base = "%s[%s]" % (ns, dev) if dev is not None else ns
        for i, seg in enumerate(rest):
            nid = base + "/".join(rest[:i + 1])
            chain.append((nid, seg, "DATAVARIABLE" if i == len(rest) - 1 else "FOLDER"))
        if not want:
            if chain:
                kids[chain[0][0]] = chain[0][1:]
            continue
        for i, (nid, _, _) in enumerate(chain[:-1]):
            if nid == want:
                kids[chain[i + 1][0]] = chain[i + 1][1:]
    return kids


@implements("system.opc.browseServer")
def browseServer(opcServer, nodeId):
    """The children of ``nodeId`` ('' for the top) as PyOPCTag objects."""
    s = _server_or_raise("browseServer", opcServer)
    kids = _children(s, nodeId)
    return [PyOPCTag(s.name, nid, kids[nid][0], kids[nid][1]) for nid in sorted(kids)]
