"""PostgreSQL: system.db and the engine on a PostgreSQL datasource (JDBC on Jython,
psycopg 3 on CPython). Skipped, saying why, without a server; a failure when
``GATEWAY_SIM_REQUIRE_SERVICES=1`` (CI).

Each test gets its own throw-away database (``scn_<interpreter>_<random>``) so the
engine's tables never meet another suite's in the shared ``test`` database.
"""
from __future__ import absolute_import, division, print_function

import json
import sys

from exchange.workflows.bootstrap import step, workflow

from . import support

CALLS = support.Counter()


@step(name="scn.pg.add")
def add(a, b):
    CALLS.hit("add")
    return a + b


@step(name="scn.pg.flaky", options={"retries_allowed": True, "max_attempts": 2})
def flaky():
    if CALLS.hit("flaky") == 1:
        import system
        system.db.runPrepQuery("SELECT * FROM no_such_pg_table", [], "PG")
    return "ok"


@workflow(name="scn.pg.flow")
def flow(x):
    return {"total": add(add(x, 1), 2), "flaky": flaky()}


class PostgresCase(support.EngineCase):
    db_name = "PG"

    def setUp(self):
        support.start_server_engine(self, "PG")
        CALLS.reset()


class PostgresScenarios(PostgresCase):

    def test_system_db_types_transactions_and_java_errors(self):
        db = self.system.db
        db.runPrepUpdate("CREATE TABLE items (id SERIAL PRIMARY KEY, name VARCHAR(40), qty BIGINT, "
                         "at TIMESTAMP)", [], "PG")
        key = db.runPrepUpdate("INSERT INTO items (name, qty, at) VALUES (?, ?, ?)",
                               ["bolt", 5, self.system.date.now()], "PG", getKey=True)
        self.assertEqual(key, 1)
        tx = db.beginTransaction("PG")
        db.runPrepUpdate("INSERT INTO items (name, qty) VALUES (?, ?)", ["nut", 2], "PG", tx)
        db.rollbackTransaction(tx)
        db.closeTransaction(tx)
        rows = support.rows_of(db.runPrepQuery("SELECT name, qty, at FROM items ORDER BY id", [], "PG"))
        self.assertEqual([(r["name"], r["qty"]) for r in rows], [("bolt", 5)])
        self.assertTrue(hasattr(rows[0]["at"], "getTime"))  # TIMESTAMP -> java.util.Date
        try:
            try:
                db.runPrepQuery("SELECT * FROM missing_table", [], "PG")
                caught = None
            except Exception:
                caught = "Exception"
        except:  # noqa: E722 - Java exceptions land here on Jython
            caught = "Java:%s" % (sys.exc_info()[0].__name__,)
        self.assertTrue(caught and caught.startswith("Java:"), caught)

    def test_workflow_with_java_sql_error_retried_on_postgres(self):
        row = self.run_to_end("scn.pg.flow", {"x": 1})
        self.assertEqual(row["status"], "SUCCESS", row)
        self.assertEqual(json.loads(row["result_json"]), {"total": 4, "flaky": "ok"})
        ops = self.op_rows(row["workflow_id"])
        self.assertEqual([(o["step_name"], o["status"], o["attempts"]) for o in ops],
                         [("scn.pg.add", "SUCCESS", 1), ("scn.pg.add", "SUCCESS", 1),
                          ("scn.pg.flaky", "SUCCESS", 2)])
