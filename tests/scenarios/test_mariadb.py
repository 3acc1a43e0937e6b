"""MariaDB / MySQL: system.db and the engine on a MariaDB datasource (the MariaDB JDBC
driver on Jython, PyMySQL on CPython). Skipped, saying why, without a server; a
failure when ``GATEWAY_SIM_REQUIRE_SERVICES=1`` (CI). Each test gets its own
throw-away database.
"""
from __future__ import absolute_import, division, print_function

import json
import tempfile
import uuid

from exchange.workflows.bootstrap import step, workflow

from . import support

CALLS = support.Counter()


def _admin(sql):
    from gateway_sim import Gateway, simulate
    gw = Gateway(name="mariadb-admin", data_dir=tempfile.mkdtemp(prefix="mariadb-admin-"))
    try:
        with simulate(gw):
            gw.databases.add_datasource("admin", type="mariadb", host=support.MARIADB_HOST,
                                        port=support.MARIADB_PORT, database=support.MARIADB_DB,
                                        user=support.MARIADB_USER)
            import gateway_sim.system as system
            system.db.runPrepUpdate(sql, [], "admin")
    finally:
        gw.shutdown()


@step(name="scn.my.add")
def add(a, b):
    CALLS.hit("add")
    return a + b


@step(name="scn.my.flaky", options={"retries_allowed": True, "max_attempts": 2})
def flaky():
    if CALLS.hit("flaky") == 1:
        import system
        system.db.runPrepQuery("SELECT * FROM no_such_mariadb_table", [], "MY")
    return "ok"


@workflow(name="scn.my.flow")
def flow(x):
    return {"total": add(add(x, 1), 2), "flaky": flaky()}


class MariaDbScenarios(support.EngineCase):
    db_name = "MY"

    def setUp(self):
        support.require_mariadb(self)
        self.my_db = "scn_%s_%s" % (support.INTERPRETER, uuid.uuid4().hex[:10])
        _admin("CREATE DATABASE %s" % self.my_db)
        self.addCleanup(_admin, "DROP DATABASE IF EXISTS %s" % self.my_db)  # runs last
        support.GatewayCase.setUp(self)
        self.gw.databases.add_datasource("MY", type="mariadb", host=support.MARIADB_HOST,
                                         port=support.MARIADB_PORT, database=self.my_db,
                                         user=support.MARIADB_USER)
        from exchange.workflows.bootstrap import getWorkflows
        self.rt = getWorkflows("MY")
        self.addCleanup(self._stop_engine)
        CALLS.reset()

    def test_system_db_and_a_workflow_with_a_retried_sql_error(self):
        db = self.system.db
        db.runPrepUpdate("CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40))",
                         [], "MY")
        self.assertEqual(db.runPrepUpdate("INSERT INTO items (name) VALUES (?)", [u"M\u00fchle"], "MY",
                                          getKey=True), 1)
        rows = support.rows_of(db.runPrepQuery("SELECT id, name FROM items", [], "MY"))
        self.assertEqual([(r["id"], r["name"]) for r in rows], [(1, u"M\u00fchle")])
        row = self.run_to_end("scn.my.flow", {"x": 1})
        self.assertEqual(row["status"], "SUCCESS", row)
        self.assertEqual(json.loads(row["result_json"]), {"total": 4, "flaky": "ok"})
        self.assertEqual([(o["step_name"], o["attempts"]) for o in self.op_rows(row["workflow_id"])],
                         [("scn.my.add", 1), ("scn.my.add", 1), ("scn.my.flaky", 2)])
