"""The database backend under real Jython 2.7 through JDBC (SQLite, and PostgreSQL if up)."""
from __future__ import absolute_import, division, print_function

import os
import shutil
import subprocess

import pytest

from dbsim_servers import _reachable

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
JARS = ["/usr/share/java/jython.jar", "/usr/share/java/sqlite-jdbc.jar",
        "/usr/share/java/postgresql.jar", "/usr/share/java/mariadb-java-client.jar"]


@pytest.mark.jython
@pytest.mark.slow
def test_engine_style_calls_under_jython(tmp_path):
    java = shutil.which("java")
    missing = [j for j in JARS if not os.path.isfile(j)]
    if java is None or missing:
        why = ("needs java and %s (apt-get install jython libxerial-sqlite-jdbc-java "
               "libpostgresql-jdbc-java)" % ", ".join(missing or ["java"]))
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail(why)
        pytest.skip(why)
    args = [java, "-cp", ":".join(JARS), "org.python.util.jython",
            os.path.join(HERE, "jython_db_check.py"), REPO, str(tmp_path / "data")]
    servers = [k for k in ("postgres", "mariadb") if _reachable(k) is None]
    down = ["%s (%s)" % (k, _reachable(k)) for k in ("postgres", "mariadb") if k not in servers]
    if down and os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
        pytest.fail("the JDBC checks need every server in CI; unreachable: %s" % ", ".join(down))
    args.extend(servers)
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300)
    assert proc.returncode == 0 and "ALL OK" in proc.stdout, proc.stdout[-4000:]
    if "postgres" in servers:
        assert "ok   PG concurrent threads" in proc.stdout
    if "mariadb" in servers:
        assert "ok   Maria concurrent threads" in proc.stdout
