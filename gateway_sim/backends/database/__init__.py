"""Database backend: datasources, pooled connections, transactions, named queries.

``DatabaseBackend(gateway)`` is ``gw.databases``. Drivers: ``driver_sqlite``
(sqlite3), ``driver_postgres`` (psycopg 3), ``driver_mysql`` (pymysql) on
CPython; ``driver_jdbc`` (java.sql) on Jython. CPython drivers for servers are
imported only when such a datasource is configured.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.backends.database.backend import DEFAULT_DATASOURCE, DatabaseBackend

__all__ = ["DatabaseBackend", "DEFAULT_DATASOURCE"]
