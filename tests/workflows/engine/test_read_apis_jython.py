"""The console's read APIs under real Jython 2.7 (jython_read_apis.py)."""
from __future__ import absolute_import, division, print_function

import os
import subprocess

import pytest

JARS = ["/usr/share/java/jython.jar", "/usr/share/java/sqlite-jdbc.jar"]
SCRIPT = os.path.join(os.path.dirname(__file__), "jython_read_apis.py")


@pytest.mark.jython
@pytest.mark.slow
def test_read_apis_under_jython():
    missing = [j for j in JARS if not os.path.exists(j)]
    if missing:
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail("Jython jars missing: %s" % missing)
        pytest.skip("Jython jars missing: %s (apt-get install jython libxerial-sqlite-jdbc-java)"
                    % missing)
    out = subprocess.check_output(["java", "-cp", ":".join(JARS), "org.python.util.jython", SCRIPT],
                                  stderr=subprocess.STDOUT, timeout=240).decode("utf-8", "replace")
    assert "READ APIS OK" in out, out[-3000:]
