"""MariaDB / MySQL: system.db and the engine on a MariaDB datasource (the MariaDB JDBC
driver on Jython, PyMySQL on CPython). Skipped, saying why, without a server; a
failure when ``GATEWAY_SIM_REQUIRE_SERVICES=1`` (CI). Each test gets its own
throw-away database.
"""
from __future__ import absolute_import, division, print_function

import json

from exchange.workflows.bootstrap import step, workflow

from . import support

CALLS = support.Counter()


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
        support.start_server_engine(self, "MY")
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
