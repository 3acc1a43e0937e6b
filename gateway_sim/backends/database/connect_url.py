"""JDBC connect URLs the simulator can open, as datasource settings.

``system.db.addDatasource`` / ``setDatasourceConnectURL`` take a gateway's JDBC
connect URL; this maps the ones the simulator has a driver for to the settings
``DatabaseBackend.add_datasource`` takes:

* ``jdbc:postgresql://host[:port]/database[?props]``
* ``jdbc:mariadb://...`` / ``jdbc:mysql://...`` (same shape, port 3306)
* ``jdbc:sqlite:<path>`` (``:memory:`` allowed; a relative path is under the
  gateway's data folder)

URL properties ``user``/``password`` (and ``sslmode`` for PostgreSQL,
``connectTimeout``: seconds for PostgreSQL, milliseconds for MariaDB/MySQL as
their drivers count) become settings; any other property is an error naming the
ones understood, since the simulator cannot honour it. The Ignition JDBC driver
names (``jdbcDriver``) are matched case-insensitively. Unverified: the exact
driver names of every gateway install (a gateway's list is configurable); the
defaults when no URL is given (the driver's template, host ``localhost`` and
database ``database``, as a new datasource form shows before editing).
May import: the standard library and this package.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import string_types

SCHEMES = {"postgresql": "postgresql", "mariadb": "mariadb", "mysql": "mysql",
           "sqlite": "sqlite"}
DEFAULT_PORTS = {"postgresql": 5432, "mariadb": 3306, "mysql": 3306}
# Ignition JDBC driver configuration names -> the type their connect URLs open.
DRIVERS = {"postgresql": "postgresql", "mariadb": "mariadb", "mysql connectorj": "mysql",
           "mysql": "mysql", "sqlite": "sqlite"}
DRIVER_NAMES = "PostgreSQL, MariaDB, MySQL ConnectorJ, SQLite"
DEFAULT_URLS = {"postgresql": "jdbc:postgresql://localhost:5432/database",
                "mariadb": "jdbc:mariadb://localhost:3306/database",
                "mysql": "jdbc:mysql://localhost:3306/database",
                "sqlite": None}
_PROPS = {"user": "user", "password": "password", "connecttimeout": "connectTimeout",
          "sslmode": "sslmode"}
_SUPPORTED = "jdbc:postgresql://host:port/db, jdbc:mariadb://..., jdbc:mysql://..., jdbc:sqlite:path"


class BadURL(ValueError):
    """A connect URL the simulator cannot open (the message names the fix)."""


def driver_type(jdbc_driver):
    """The datasource type the Ignition JDBC driver name stands for (BadURL if unknown)."""
    if not isinstance(jdbc_driver, string_types) or not jdbc_driver.strip():
        raise BadURL("jdbcDriver must be the name of a JDBC driver configuration (%s), got %r"
                     % (DRIVER_NAMES, jdbc_driver))
    kind = DRIVERS.get(jdbc_driver.strip().lower())
    if kind is None:
        raise BadURL("no JDBC driver named %r in the simulated gateway; the simulator has %s "
                     "(a real gateway may have more, e.g. SQL Server or Oracle, which the "
                     "simulator cannot open)" % (jdbc_driver, DRIVER_NAMES))
    return kind


def parse(url):
    """``(type, settings)`` for ``url``; BadURL naming the problem otherwise."""
    if not isinstance(url, string_types) or not url.strip():
        raise BadURL("connectUrl must be a JDBC URL string (%s), got %r" % (_SUPPORTED, url))
    url = url.strip()
    low = url.lower()
    if not low.startswith("jdbc:"):
        raise BadURL("%r is not a JDBC URL; it starts with 'jdbc:' (%s)" % (url, _SUPPORTED))
    scheme = low[5:].split(":", 1)[0]
    kind = SCHEMES.get(scheme)
    if kind is None:
        raise BadURL("the simulator cannot open %r: it has drivers for PostgreSQL, MariaDB/MySQL "
                     "and SQLite only (%s); point the datasource at one of those in tests"
                     % (url, _SUPPORTED))
    rest = url[5 + len(scheme) + 1:]
    if kind == "sqlite":
        path = rest[5:] if rest.lower().startswith("file:") else rest
        path = path.split("?", 1)[0]
        if not path:
            raise BadURL("%r names no database file; use jdbc:sqlite:<path> or "
                         "jdbc:sqlite::memory:" % url)
        return "sqlite", {"path": path}
    if not rest.startswith("//"):
        raise BadURL("%r has no //host; use jdbc:%s://host:port/database" % (url, scheme))
    rest = rest[2:]
    query = ""
    if "?" in rest:
        rest, query = rest.split("?", 1)
    if "/" not in rest:
        raise BadURL("%r names no database; use jdbc:%s://host:port/database" % (url, scheme))
    hostport, database = rest.split("/", 1)
    database = database.strip("/")
    if not database:
        raise BadURL("%r names no database; use jdbc:%s://host:port/database" % (url, scheme))
    host, port = hostport, DEFAULT_PORTS[kind]
    if hostport.startswith("["):
        host, _, tail = hostport[1:].partition("]")
        if tail.startswith(":"):
            port = tail[1:]
    elif ":" in hostport:
        host, port = hostport.rsplit(":", 1)
    if not host:
        raise BadURL("%r names no host; use jdbc:%s://host:port/database" % (url, scheme))
    try:
        port = int(port)
    except ValueError:
        raise BadURL("%r: the port %r is not a number" % (url, port))
    settings = {"host": host, "port": port, "database": database}
    settings.update(parse_props(query, "&", url, kind))
    return kind, settings


def parse_props(text, sep, where, kind):
    """``key=value`` pairs (``sep``-separated) as settings; BadURL for ones not understood."""
    out = {}
    for part in (text or "").split(sep):
        part = part.strip()
        if not part:
            continue
        key, eq, value = part.partition("=")
        name = _PROPS.get(key.strip().lower())
        if not eq or name is None or (name == "sslmode" and kind != "postgresql"):
            raise BadURL("%s: connection property %r is not understood by the simulator; it "
                         "takes user, password, connectTimeout (and sslmode for PostgreSQL); "
                         "leave the others out in tests" % (where, part))
        value = value.strip()
        if name == "connectTimeout":
            try:
                value = int(value)
            except ValueError:
                raise BadURL("%s: connectTimeout must be a number of seconds, got %r"
                             % (where, value))
            if kind != "postgresql":  # MariaDB/MySQL Connector/J count milliseconds
                value = max(1, value // 1000)
        out[name] = value
    return out
