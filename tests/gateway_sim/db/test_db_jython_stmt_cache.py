"""The JDBC driver's PreparedStatement cache, checked under real Jython 2.7 (SQLite)."""
from __future__ import absolute_import, division, print_function

import os
import shutil
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
JARS = ["/usr/share/java/jython.jar", "/usr/share/java/sqlite-jdbc.jar"]


@pytest.mark.jython
@pytest.mark.slow
def test_statement_cache_under_jython(tmp_path):
    java = shutil.which("java")
    missing = [j for j in JARS if not os.path.isfile(j)]
    if java is None or missing:
        why = ("needs java and %s (apt-get install jython libxerial-sqlite-jdbc-java)"
               % ", ".join(missing or ["java"]))
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail(why)
        pytest.skip(why)
    proc = subprocess.run([java, "-cp", ":".join(JARS), "org.python.util.jython",
                           os.path.join(HERE, "jython_stmt_cache_check.py"), REPO, str(tmp_path)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300)
    assert proc.returncode == 0 and "ALL OK" in proc.stdout, proc.stdout[-4000:]
