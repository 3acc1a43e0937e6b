"""Stored procedure calls on the Jython host (JDBC CallableStatement) against the real
PostgreSQL and MariaDB servers, and the datasource administration functions over JDBC;
a server that is down fails on CI."""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

from dbsim_servers import _reachable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "jython"))
import jython_launch  # noqa: E402


@pytest.mark.jython
@pytest.mark.slow
def test_sproc_calls_under_jython(tmp_path):
    kinds = ("postgres", "mariadb")
    down = ["%s (%s)" % (k, _reachable(k)) for k in kinds if _reachable(k) is not None]
    if down:
        why = "stored procedure checks need both servers; unreachable: %s" % ", ".join(down)
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail(why)
        pytest.skip(why)
    try:
        proc = jython_launch.run_jython(os.path.join(HERE, "jython_sproc_check.py"),
                                        [jython_launch.REPO_ROOT, str(tmp_path / "data")]
                                        + list(kinds), timeout=300)
    except jython_launch.JythonMissing as exc:
        jython_launch.unavailable(pytest, exc)
    out = proc.stdout
    assert proc.returncode == 0 and "ALL OK" in out, out[-4000:] + proc.stderr[-4000:]
    for label in ("PG", "Maria"):
        for name in ("INOUT/OUT by index", "INOUT/OUT by name", "function return value",
                     "result set", "call inside a transaction", "rollback undoes the call",
                     "server error has SQLException cause"):
            assert "ok   %s %s" % (label, name) in out, out
    for name in ("addDatasource over JDBC", "disabled datasource refuses",
                 "setDatasourceConnectURL over JDBC", "beginNamedQueryTransaction over JDBC"):
        assert "ok   %s" % name in out, out
