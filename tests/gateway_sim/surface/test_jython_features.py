"""This session's features under real Jython 2.7 (one JVM, jython_features_check.py): tag
history and annotations, 8.3 system.historian, util.getModules/getGatewayStatus,
perspective.getProjectInfo, dataset.dataSetToHTML/toExcel, user schedules and holidays,
alarm pipelines and rosters, Generic Simulator OPC devices. The OPC devices' moving values
must be the same numbers on both hosts, so this side reads them on CPython too.

Skips saying what to install when Jython is missing; fails instead on CI (env CI=true).
"""
from __future__ import absolute_import, division, print_function

import json
import os
import sys

import pytest

from gateway_sim import Gateway, VirtualClock, simulate

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "jython"))
import jython_launch  # noqa: E402

SERVER = "Ignition OPC UA Server"
DEV = "ns=1;s=[Test-PLC]"


def _cpython_opc_values(tmp_path):
    """The reads jython_features_check.opc_values makes, on this CPython."""
    gw = Gateway(data_dir=str(tmp_path / "gw"), clock=VirtualClock(start=1764072000.0),
                 config={"opcServers": {SERVER: {"devices": {"Test-PLC": "generic",
                                                             "Other": {"driver": "generic"}}}}})
    try:
        with simulate(gw):
            import gateway_sim.system as system
            gw.clock.advance(2.5)
            out = []
            for step in (0.0, 3600.0):
                gw.clock.advance(step)
                for item in ("Random/RandomInteger1", "Random/RandomDouble2",
                             "Random/RandomBoolean1", "Random/RandomLong2",
                             "Realistic/Realistic0", "Realistic/Realistic3"):
                    out.append(system.opc.readValue(SERVER, DEV + item).getValue())
            return out
    finally:
        gw.shutdown()


@pytest.mark.jython
def test_session_features_under_jython(tmp_path):
    proc = jython_launch.run_check_script(
        pytest, os.path.join(HERE, "jython_features_check.py"))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "FAIL" not in proc.stdout, out
    assert proc.stdout.splitlines()[-1].startswith("ALL OK "), out
    assert int(proc.stdout.splitlines()[-1].split()[-1]) >= 100, out
    (line,) = [ln for ln in proc.stdout.splitlines() if ln.startswith("opc-values ")]
    on_jython = json.loads(line[len("opc-values "):])
    assert on_jython == _cpython_opc_values(tmp_path)
