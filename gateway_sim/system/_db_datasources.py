"""``system.db`` datasource configuration: ``addDatasource``, ``setDatasourceEnabled``,
``setDatasourceConnectURL``, on the simulated gateway's datasources.

A datasource is opened from its JDBC connect URL when the simulator has a driver
for it (``gateway_sim.backends.database.connect_url``: PostgreSQL, MariaDB/MySQL,
SQLite); any other URL or JDBC driver name is an error naming what the simulator
can open. A disabled datasource refuses every new query, update, transaction and
stored procedure call with an error naming the datasource and how to enable it;
transactions already open keep their connection until closed.

Unverified: the exact text of a real gateway's error for a disabled datasource
(the simulator's names the datasource and ``setDatasourceEnabled``); that
``addDatasource`` refuses a name already in use (a gateway's config store rejects
duplicate names); that ``setDatasourceConnectURL`` keeps the user, password and
pool settings of the datasource (it only changes the URL in the gateway's form);
that extra connection ``props`` other than user/password/connectTimeout/sslmode
matter (the simulator refuses them rather than ignore them).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim._compat import integer_types, string_types
from gateway_sim.registry import implements

_CARRIED = ("user", "password", "connectTimeout", "sslmode")


def _backend():
    return runtime.current().databases


def _illegal(message):
    from gateway_sim.jvm import IllegalArgumentException
    return IllegalArgumentException(message)


def _find(func, name):
    b = _backend()
    if not isinstance(name, string_types) or not name.strip():
        raise _illegal("%s: name must be a datasource name (string), got %r" % (func, name))
    ds = b._lookup(name)
    if ds is None:
        raise _illegal("%s: no datasource named %r; datasources: %s; add it with "
                       "system.db.addDatasource first" % (func, name,
                                                          ", ".join(b.datasource_names())))
    return b, ds


def _open(func, b, name, kind, settings, keep=None):
    """(Re)create datasource ``name`` with ``settings``; ``keep`` is the old one to copy."""
    from gateway_sim.errors import ConfigError
    try:
        ds = b.add_datasource(name, type=kind, **settings)
    except ConfigError as exc:
        raise _illegal("%s: %s" % (func, exc))
    if keep is not None:
        ds.enabled = keep.enabled
        ds.description = keep.description
        ds.validation_query = keep.validation_query
        ds.props = keep.props
    return ds


@implements("system.db.addDatasource")
def addDatasource(jdbcDriver, name, description="", connectUrl=None, username=None,
                  password=None, props=None, validationQuery=None, maxConnections=8):
    """Add datasource ``name`` using the JDBC driver configuration ``jdbcDriver``."""
    from gateway_sim.backends.database import connect_url
    func = "system.db.addDatasource"
    b = _backend()
    if not isinstance(name, string_types) or not name.strip():
        raise _illegal("%s: name must be a non-empty datasource name, got %r" % (func, name))
    if b._lookup(name) is not None:
        raise _illegal("%s: a datasource named %r already exists; remove it first with "
                       "system.db.removeDatasource, or change it with setDatasourceConnectURL"
                       % (func, name))
    for label, value in (("description", description), ("username", username),
                         ("password", password), ("props", props),
                         ("validationQuery", validationQuery)):
        if value is not None and not isinstance(value, string_types):
            raise _illegal("%s: %s must be a string, got %s" % (func, label,
                                                               type(value).__name__))
    if isinstance(maxConnections, bool) or not isinstance(maxConnections, integer_types) \
            or maxConnections < 1:
        raise _illegal("%s: maxConnections must be an integer >= 1, got %r"
                       % (func, maxConnections))
    try:
        kind = connect_url.driver_type(jdbcDriver)
        url = connectUrl if connectUrl is not None else connect_url.DEFAULT_URLS[kind]
        if url is None:
            settings = {}
            url_kind = kind
        else:
            url_kind, settings = connect_url.parse(url)
        settings.update(connect_url.parse_props(props, ";", "props", url_kind))
    except connect_url.BadURL as exc:
        raise _illegal("%s: %s" % (func, exc))
    if url_kind != kind and {url_kind, kind} != {"mariadb", "mysql"}:
        raise _illegal("%s: the JDBC driver %r cannot open %r (a %s URL); use the %s driver or a "
                       "jdbc:%s URL" % (func, jdbcDriver, url, url_kind, url_kind, kind))
    if kind != "sqlite":
        if username is not None:
            settings["user"] = username
        if password is not None:
            settings["password"] = password
    elif username or password:
        raise _illegal("%s: SQLite datasources have no login; leave username/password out"
                       % func)
    settings["maxActive"] = int(maxConnections)
    ds = _open(func, b, name.strip(), url_kind, settings)
    ds.description = description or ""
    ds.validation_query = validationQuery or None
    ds.props = props or ""


@implements("system.db.setDatasourceEnabled")
def setDatasourceEnabled(name, enabled):
    """Enable or disable datasource ``name``; a disabled one refuses queries."""
    b, ds = _find("system.db.setDatasourceEnabled", name)
    if not isinstance(enabled, (bool,) + integer_types):
        raise _illegal("system.db.setDatasourceEnabled: enabled must be True or False, got %r"
                       % (enabled,))
    ds.set_enabled(bool(enabled))


@implements("system.db.setDatasourceConnectURL")
def setDatasourceConnectURL(name, connectUrl):
    """Point datasource ``name`` at ``connectUrl`` (its login and pool settings are kept)."""
    from gateway_sim.backends.database import connect_url
    func = "system.db.setDatasourceConnectURL"
    b, ds = _find(func, name)
    try:
        kind, settings = connect_url.parse(connectUrl)
    except connect_url.BadURL as exc:
        raise _illegal("%s: %s" % (func, exc))
    old = ds.driver.params
    if kind != "sqlite" and ds.driver.family != "sqlite":
        for key in _CARRIED:
            if key in old and key not in settings and (key != "sslmode" or kind == "postgresql"):
                settings[key] = old[key]
    settings["maxActive"] = ds.max_active
    settings["maxWaitMs"] = ds.max_wait_ms
    settings["maxIdle"] = ds.max_idle
    _open(func, b, ds.name, kind, settings, keep=ds)
