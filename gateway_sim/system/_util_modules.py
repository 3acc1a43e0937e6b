"""``system.util`` functions about gateways and their modules: ``getModules`` (the modules
the simulated gateway has, as a Dataset) and ``getGatewayStatus`` (ping a gateway).

``getModules``: one row per module, five String columns ``Id``, ``Name``, ``Version``,
``State``, ``License`` (the manual: Id, Name, Version, State, license status). The rows
are the platform modules whose scripting the simulator serves (OPC UA for ``system.opc``,
Perspective for ``system.perspective``, Alarm Notification) plus one per module namespace
plugged into this gateway (config ``modules`` or ``plug_module``), sorted by Id.

``getGatewayStatus``: this simulated gateway's own addresses (``localhost``,
``127.0.0.1``, ``::1``, this machine's host name or IP, on port 8088/8043 or none, with
or without ``/main``) answer ``"RUNNING"`` without any network. Any other address is
asked over the simulator's HTTP layer (``gw.net``: stub routes first, e.g.
``gw.net.add_route("GET", "http://gw2:8088/StatusPing", json={"state": "RUNNING"})``)
with a GET of ``<address>/StatusPing``, whose JSON ``state`` is returned. A failure
(unreachable, timeout, a non-2xx answer, not the status JSON) returns ``"ERROR: "`` plus
the message, never raises, as the manual describes.

Unverified (no real gateway to compare with): the module Ids (``com.inductiveautomation.``
plus the namespace, e.g. ``com.inductiveautomation.twilio``), display names, the Version
column (the platform version, e.g. ``8.1.44 (b2024110512)``; real modules carry their own
version numbers), ``State`` ``"Running"`` and ``License`` ``"Activated"``, the row order;
that the status call is ``GET <address>/StatusPing`` answering ``{"state": "RUNNING"}``
(the endpoint the Gateway Control Utility polls) and the exact ``"ERROR: <message>"``
text (ours: the HTTP layer's message, on the Jython host the JDK exception's class and
root cause's class when it has no message, then the URL asked).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import sys

import socket

from gateway_sim import runtime
from gateway_sim._compat import integer_types, string_types
from gateway_sim.registry import implements

MODULE_COLUMNS = ["Id", "Name", "Version", "State", "License"]
# platform modules behind namespaces the simulator serves
CORE_MODULES = (("com.inductiveautomation.opcua", "OPC UA"),
                ("com.inductiveautomation.perspective", "Perspective"),
                ("com.inductiveautomation.alarm-notification", "Alarm Notification"))
MODULE_NAMES = {"system.twilio": "Twilio Notification", "system.secsgem": "SECS/GEM",
                "system.bacnet": "BACnet Driver", "system.dnp3": "DNP3 Driver",
                "system.dnp": "DNP3 Driver", "system.iec61850": "IEC 61850 Driver",
                "system.kafka": "Kafka Connector", "system.mongodb": "MongoDB Connector",
                "system.eam": "Enterprise Administration"}
RUNNING = "RUNNING"
OWN_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0")
OWN_PORTS = (None, 8088, 8043)


def _version_string(gw):
    from gateway_sim.system.util import VERSIONS
    major, minor, rev, build = VERSIONS[gw.version]
    return "%d.%d.%d (b%d)" % (major, minor, rev, build)


@implements("system.util.getModules")
def getModules():
    """A Dataset with one row per module installed on the simulated gateway."""
    from gateway_sim import surface_config
    from gateway_sim.dataset import BasicDataset
    gw = runtime.current()
    version = _version_string(gw)
    rows = dict((mid, name) for mid, name in CORE_MODULES)
    if surface_config.has_backend(gw, "modules"):
        for ns in surface_config.backend(gw, "modules").names():
            short = ns[len("system."):]
            rows["com.inductiveautomation." + short] = MODULE_NAMES.get(ns, short.capitalize())
    data = [[mid, rows[mid], version, "Running", "Activated"] for mid in sorted(rows)]
    return BasicDataset(list(MODULE_COLUMNS), data, ["String"] * len(MODULE_COLUMNS))


def _timeout(name, value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, integer_types + (float,)) or value < 0:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("getGatewayStatus: %s must be a number of milliseconds "
                                       ">= 0 (or None for the default), got %r" % (name, value))
    return int(value)


def _split(address):
    """``(url_base, host, port)`` of ``host:port[/main]`` or ``http(s)://host:port[/main]``."""
    url = address.strip()
    if "://" not in url:
        url = "http://" + url
    scheme, rest = url.split("://", 1)
    hostport = rest.split("/", 1)[0]
    host, port = hostport, None
    if hostport.startswith("["):
        host, _, tail = hostport.partition("]")
        host += "]"
        if tail.startswith(":"):
            port = tail[1:]
    elif hostport.count(":") == 1:
        host, port = hostport.split(":")
    if port is not None:
        try:
            port = int(port)
        except ValueError:
            port = -1
    return scheme.lower() + "://" + rest.rstrip("/"), host.lower(), port


def _own_hosts():
    names = set(OWN_HOSTS)
    try:
        hn = socket.gethostname()
        names.add(hn.lower())
        names.add(socket.gethostbyname(hn))
    except (socket.error, OSError):
        pass
    return names


def _message(exc, url=None):
    """The failure text: the first message along a Java cause chain (the JDK HTTP client's
    ConnectException carries none: then its class and the root cause's, e.g.
    ``java.net.ConnectException (java.nio.channels.UnresolvedAddressException)``), and the
    URL asked when the text does not name it already."""
    msg, names, seen = None, [], exc
    while seen is not None and len(names) < 10:
        get = getattr(seen, "getMessage", None)
        msg = get() if callable(get) else None
        if msg:
            break
        get_class = getattr(seen, "getClass", None)
        names.append(get_class().getName() if callable(get_class) else type(seen).__name__)
        get_cause = getattr(seen, "getCause", None)
        seen = get_cause() if callable(get_cause) else None
    if not msg:
        if getattr(exc, "getClass", None) is not None and names:
            msg = names[0] if names[-1] == names[0] else "%s (%s)" % (names[0], names[-1])
        else:
            msg = str(exc) or type(exc).__name__
    if url and url not in msg:
        msg = "%s (%s)" % (msg, url)
    return msg


@implements("system.util.getGatewayStatus")
def getGatewayStatus(gatewayAddress, connectTimeoutMillis=None, socketTimeoutMillis=None,
                     bypassCertValidation=True):
    """``"RUNNING"`` when the gateway at ``gatewayAddress`` is fully up, else its state or
    ``"ERROR: <message>"``."""
    gw = runtime.current()
    if not isinstance(gatewayAddress, string_types) or not gatewayAddress.strip():
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("getGatewayStatus: gatewayAddress must be a non-empty "
                                       "string such as \"10.0.0.5:8088\", got %r"
                                       % (gatewayAddress,))
    connect = _timeout("connectTimeoutMillis", connectTimeoutMillis)
    read = _timeout("socketTimeoutMillis", socketTimeoutMillis)
    base, host, port = _split(gatewayAddress)
    if host in _own_hosts() and port in OWN_PORTS:
        return RUNNING
    client = gw.net.make_client(timeout=connect,
                                bypass_cert_validation=bool(bypassCertValidation))
    try:
        try:
            resp = client.request("GET", base + "/StatusPing", timeout=read)
        except:  # noqa: E722 - a Java exception from the HTTP layer (not a BaseException on Jython)
            exc = sys.exc_info()[1]
            from gateway_sim.errors import NotImplementedInSimulator
            if isinstance(exc, (KeyboardInterrupt, SystemExit, NotImplementedInSimulator)):
                raise
            return "ERROR: " + _message(exc, base + "/StatusPing")
        if not 200 <= resp.statusCode < 300:
            return "ERROR: HTTP %d from %s/StatusPing" % (resp.statusCode, base)
        try:
            data = resp.getJson()
        except:  # noqa: E722 - IllegalArgumentException: not JSON (a Java exception on Jython)
            exc = sys.exc_info()[1]
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            return "ERROR: %s/StatusPing did not answer the gateway status JSON (%s)" % (
                base, _message(exc))
        state = data.get("state") if isinstance(data, dict) else None
        if not isinstance(state, string_types) or not state:
            return "ERROR: %s/StatusPing answered no \"state\"" % base
        return state
    finally:
        close = getattr(client, "_close", None)
        if close is not None:
            close()
