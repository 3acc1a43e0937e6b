"""The console against a gateway whose system database ``WorkflowsDB`` is PostgreSQL or MariaDB.

A throw-away database (``console_<random>`` on the local server: PostgreSQL 127.0.0.1:5432
user postgres, MariaDB 127.0.0.1:3306 user root) holds the engine's tables; the tank batch
is started, held, resumed and read back through the console's HTTP actions and pages.
Skipped, saying why, without the server; a failure when ``GATEWAY_SIM_REQUIRE_SERVICES=1`` (CI).
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import socket
import tempfile
import uuid

import pytest

from .conftest import Http, start_project_console, stop_project_console, wait_until

SERVERS = {
    "postgresql": ({"type": "postgresql", "host": "127.0.0.1", "port": 5432, "user": "postgres"},
                   "DROP DATABASE IF EXISTS %s WITH (FORCE)", "SELECT version()", "PostgreSQL"),
    "mariadb": ({"type": "mariadb", "host": "127.0.0.1", "port": 3306, "user": "root"},
                "DROP DATABASE IF EXISTS %s", "SELECT VERSION()", "MariaDB"),
}


def _server_up(conn):
    try:
        socket.create_connection((conn["host"], conn["port"]), 1.0).close()
        return True
    except OSError:
        return False


def _admin(conn, sql):
    from gateway_sim import Gateway, simulate
    d = tempfile.mkdtemp(prefix="gateway_sim-console-pgadmin-")
    gw = Gateway(name="console-pg-admin", data_dir=d)
    try:
        with simulate(gw):
            gw.databases.add_datasource("admin", database="test", **conn)
            import gateway_sim.system as system
            system.db.runPrepUpdate(sql, [], "admin")
    finally:
        gw.shutdown()
        shutil.rmtree(d, True)


@pytest.fixture(params=sorted(SERVERS))
def db_console(request):
    conn, drop, version_sql, product = SERVERS[request.param]
    if not _server_up(conn):
        msg = ("%s is not reachable at %s:%s (user %s); start it to run this test"
               % (product, conn["host"], conn["port"], conn["user"]))
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail(msg + " [GATEWAY_SIM_REQUIRE_SERVICES=1]")
        pytest.skip(msg)
    from gateway_sim import Gateway, simulate
    db = "console_%s" % uuid.uuid4().hex[:10]
    _admin(conn, "CREATE DATABASE %s" % db)
    d = tempfile.mkdtemp(prefix="gateway_sim-console-pg-")
    cfg = {"datasources": {"WorkflowsDB": dict(conn, database=db)}, "defaultDatasource": "WorkflowsDB"}
    gw = Gateway(name="console-pg", data_dir=d, config=cfg)
    try:
        with simulate(gw):
            server, proj = start_project_console(gw)
            try:
                yield server, gw, version_sql, product
            finally:
                stop_project_console(server, proj)
    finally:
        gw.shutdown()
        shutil.rmtree(d, True)
        _admin(conn, drop % db)


def test_tank_batch_through_the_console_on_a_database_server(db_console):
    server, gw, version_sql, product = db_console
    http = Http(server)
    code, resp = http.post("/action/start", {"workflow": "tank_batch", "in.batchId": "DB-1",
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
        version_sql, [], "WorkflowsDB"))
    assert product in str(rows.getValueAt(0, 0))
