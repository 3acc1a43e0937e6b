"""Host seam: the ONLY engine module that names ``system`` (Ignition's scripting API).

``system`` is imported lazily inside each function, so importing the engine needs
neither Ignition nor the simulator, and a gateway's own ``system`` (Ignition's, or
``gateway_sim``'s installed by ``simulate()``) is the one used. Everything the
engine needs from the platform goes through these functions: time, databases,
tags, globals, loggers, HTTP. All time is the host's (``system.date.now()``) so the
simulator's virtual clock drives leases, deadlines and durable sleeps.

May import: ``exchange.workflows.compat`` and the standard library (and ``system`` lazily);
``engine.persistence.names`` lazily, to qualify the engine's table names.
"""
from __future__ import absolute_import, division, print_function

import socket

from exchange.workflows import compat


_probed = [False]


def _system():
    import system  # noqa: the gateway's scripting API (real or simulated)
    if not _probed[0]:
        _probed[0] = True
        compat.refresh_java()  # java.* may only exist now that a host is installed
    return system


# (system module, its date.now): a step reads the clock twice (start, completion), and
# resolving ``system.date.now`` costs more than calling it on the simulator (its
# version-filtered namespaces). Re-resolved whenever ``import system`` yields another
# module (another host, a script reload); one tuple, so readers on other threads see
# a consistent pair without a lock (Jython has no GIL).
_now_fn = [(None, None)]


def now_ms():
    """Gateway time in epoch milliseconds (int)."""
    s = _system()
    mod, fn = _now_fn[0]
    if mod is not s:
        fn = s.date.now
        _now_fn[0] = (s, fn)
    return int(fn().getTime())


def globals_map():
    """The JVM-lifetime globals map (survives script reloads)."""
    return _system().util.getGlobals()


def project_name():
    try:
        return _system().util.getProjectName()
    except compat.CATCHABLE:
        return ""


def node_name():
    """Stable name of this gateway: ``[System]Gateway/SystemName``, else host name."""
    try:
        qv = _system().tag.readBlocking(["[System]Gateway/SystemName"])[0]
        value = qv.value
        good = qv.quality.isGood() if hasattr(qv.quality, "isGood") else True
        if good and value:
            return compat.to_text(value)
    except compat.CATCHABLE:
        pass
    try:  # no system name tag (unusual): the machine's host name
        return compat.to_text(socket.gethostname()) or "gateway"
    except compat.CATCHABLE:
        return "gateway"


def logger(name):
    return _system().util.getLogger(name)


def read_tags(paths):
    return list(_system().tag.readBlocking(list(paths)))


def write_tags(paths, values):
    return list(_system().tag.writeBlocking(list(paths), list(values)))


def tag_quality_text(q):
    try:
        return compat.to_text(q.quality if hasattr(q, "quality") else q)
    except compat.CATCHABLE:
        return "Unknown"


def http_client(timeout_ms=10000):
    return _system().net.httpClient(timeout=int(timeout_ms))


def _rows(ds, lower_keys=True):
    """PyDataSet/Dataset -> list of dicts (column names lower-cased by default)."""
    if ds is None:
        return []
    names = [compat.to_text(n) for n in ds.getColumnNames()]
    if lower_keys:
        names = [n.lower() for n in names]
    count = ds.getRowCount()
    out = []
    get = ds.getValueAt
    rng = range(len(names))
    for r in range(count):
        out.append(dict((names[c], get(r, c)) for c in rng))
    return out


_names = []


def _qualified(sql, db):
    """Engine SQL with its table names qualified for ``db`` (persistence.names)."""
    if not _names:
        from exchange.workflows.engine.persistence import names
        _names.append(names)
    return _names[0].qualify(sql, db)


def db_query(sql, args=None, db=None, tx=None, lower_keys=True, raw=False):
    """Run a prepared SELECT; returns a list of dicts (lower-case keys unless told not to).

    Engine table names in ``sql`` are qualified with the datasource's schema/prefix
    (``persistence.names``) unless ``raw`` (SQL that is not the engine's: user steps,
    catalog queries)."""
    if not raw:
        sql = _qualified(sql, db)
    return _rows(_system().db.runPrepQuery(sql, list(args or []), db or "", tx), lower_keys)


def db_update(sql, args=None, db=None, tx=None, get_key=False, raw=False):
    """Run a prepared INSERT/UPDATE/DELETE/DDL; rows affected (or the generated key).
    Table names are qualified as in ``db_query`` unless ``raw``."""
    if not raw:
        sql = _qualified(sql, db)
    return _system().db.runPrepUpdate(sql, list(args or []), db or "", tx, bool(get_key))


def db_scalar(sql, args=None, db=None, tx=None, raw=False):
    rows = db_query(sql, args, db, tx, raw=raw)
    if not rows:
        return None
    first = rows[0]
    return first[sorted(first.keys())[0]] if len(first) > 1 else list(first.values())[0]


def begin(db, timeout_ms=60000):
    """Start a transaction (READ COMMITTED); returns the transaction id."""
    s = _system()
    return s.db.beginTransaction(db or "", 2, int(timeout_ms))


def commit(tx):
    _system().db.commitTransaction(tx)


def rollback(tx):
    _system().db.rollbackTransaction(tx)


def close(tx):
    _system().db.closeTransaction(tx)
