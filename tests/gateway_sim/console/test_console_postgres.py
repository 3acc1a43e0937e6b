"""The console against a gateway whose system database ``WorkflowsDB`` is PostgreSQL.

A throw-away database (``console_<random>`` on 127.0.0.1:5432, user postgres) holds the
engine's tables; the tank batch is started, held, resumed and read back through the
console's HTTP actions and pages. Skipped, saying why, without the server; a failure when
``GATEWAY_SIM_REQUIRE_SERVICES=1`` (CI).
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import socket
import tempfile
import uuid

import pytest

from .conftest import Http, start_project_console, stop_project_console, wait_until

PG = {"type": "postgresql", "host": "127.0.0.1", "port": 5432, "user": "postgres"}


def _server_up():
    try:
        socket.create_connection((PG["host"], PG["port"]), 1.0).close()
        return True
    except OSError:
        return False


def _admin(sql):
    from gateway_sim import Gateway, simulate
    d = tempfile.mkdtemp(prefix="gateway_sim-console-pgadmin-")
    gw = Gateway(name="console-pg-admin", data_dir=d)
    try:
        with simulate(gw):
            gw.databases.add_datasource("admin", database="test", **PG)
            import gateway_sim.system as system
            system.db.runPrepUpdate(sql, [], "admin")
    finally:
        gw.shutdown()
        shutil.rmtree(d, True)


@pytest.fixture
def pg_console():
    if not _server_up():
        msg = "PostgreSQL is not reachable at 127.0.0.1:5432 (user postgres); start it to run this test"
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail(msg + " [GATEWAY_SIM_REQUIRE_SERVICES=1]")
        pytest.skip(msg)
    from gateway_sim import Gateway, simulate
    db = "console_%s" % uuid.uuid4().hex[:10]
    _admin("CREATE DATABASE %s" % db)
    d = tempfile.mkdtemp(prefix="gateway_sim-console-pg-")
    cfg = {"datasources": {"WorkflowsDB": dict(PG, database=db)}, "defaultDatasource": "WorkflowsDB"}
    gw = Gateway(name="console-pg", data_dir=d, config=cfg)
    try:
        with simulate(gw):
            server, proj = start_project_console(gw)
            try:
                yield server, gw
            finally:
                stop_project_console(server, proj)
    finally:
        gw.shutdown()
        shutil.rmtree(d, True)
        _admin("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db)


def test_tank_batch_through_the_console_on_postgres(pg_console):
    server, gw = pg_console
    http = Http(server)
    code, resp = http.post("/action/start", {"workflow": "tank_batch", "in.batchId": "PG-1",
                                             "in.setpoint": "95"})
    assert code == 200 and resp["ok"], resp
    wid = resp["data"]["workflowId"]
    rt = server.source.runtime()
    assert rt.dbName == "WorkflowsDB"
    code, resp = http.post("/action/command", {"workflowId": wid, "cmd": "HOLD"})
    assert resp["code"] == "COMMAND_SENT", resp
    wait_until(lambda: rt.getEvent(wid, "phase.state") == "HELD", message="HELD")
    code, body, _ = http.get("/runs/" + wid)
    assert code == 200 and "HELD" in body and "received <b>HOLD</b>" in body
    code, resp = http.post("/action/command", {"workflowId": wid, "cmd": "RESUME"})
    assert resp["code"] == "COMMAND_SENT", resp
    wait_until(lambda: (rt.getStatus(wid) or {}).get("status") == "SUCCESS", timeout=60,
               message="SUCCESS")
    code, body, _ = http.get("/?status=SUCCESS")
    assert code == 200 and wid in body and "SUCCESS <b>1</b>" in body
    for path in ("/runs/" + wid, "/queues", "/gateway", "/tags"):
        code, body, _ = http.get(path)
        assert code == 200, (path, body[:300])
    rows = server.source.call(lambda: __import__("system").db.runPrepQuery(
        "SELECT version()", [], "WorkflowsDB"))
    assert "PostgreSQL" in str(rows.getValueAt(0, 0))
