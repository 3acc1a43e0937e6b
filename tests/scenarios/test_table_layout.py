"""Scenario: an old-layout database (engine tables unqualified in the default schema)
is moved under the ``wf_`` prefix on the next engine start, data kept (issue 11 item 15).

Runs on CPython and, through the Jython leg, under Jython 2.7 on JDBC SQLite, which is
the path a real gateway takes (``ALTER TABLE ... RENAME`` in the migration transaction).
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import workflow

from . import support


@workflow("scn.layout.echo")
def layout_echo(value=None):
    return {"echo": value}


class TableLayoutScenario(support.GatewayCase):

    def _raw(self, sql):
        self.system.db.runPrepUpdate(sql, [], "WorkflowsDB")

    def _tables(self):
        ds = self.system.db.runPrepQuery("SELECT name AS t FROM sqlite_master WHERE type = 'table'",
                                         [], "WorkflowsDB")
        return set(("%s" % r["t"]).lower() for r in support.rows_of(ds))

    def _old_layout(self):
        from exchange.workflows.engine.persistence import dialects, migrations, schema
        d = dialects.SQLITE
        for number, tables, indexes, _seed in migrations.MIGRATIONS:
            for ddl in tables:
                self._raw(dialects.render(ddl, d))
            for ddl in indexes:
                self._raw(dialects.render(ddl, d))
        self._raw(dialects.render(migrations._MIGRATIONS_TABLE, d))
        for number, _t, _i, _s in migrations.MIGRATIONS:
            self._raw("INSERT INTO schema_migrations (version, applied_at) VALUES (%d, 1)" % number)
        self._raw("INSERT INTO schema_meta (meta_key, meta_value) VALUES ('schema_version', '%s')"
                  % schema.SCHEMA_VERSION)
        self._raw("INSERT INTO workflow_status (workflow_id, workflow_name, status, queue_name, "
                  "priority, inputs_json, result_json, created_at_epoch_ms, updated_at_epoch_ms, "
                  "completed_at_epoch_ms) VALUES ('old-1', 'scn.layout.echo', 'SUCCESS', "
                  "'default', 0, '{}', '{\"echo\": \"kept\"}', 1, 2, 2)")

    def test_old_layout_moves_under_the_prefix_and_keeps_its_runs(self):
        from exchange.workflows.bootstrap import getWorkflows
        from exchange.workflows.engine import instance
        from exchange.workflows.engine.persistence import schema
        self._old_layout()
        rt = getWorkflows()
        self.addCleanup(instance.shutdownRuntime, 5)
        tables = self._tables()
        for t in schema.ALL_TABLES:
            self.assertIn("wf_" + t, tables)
            self.assertNotIn(t, tables)
        self.assertEqual(rt.getResult("old-1", 5), {"echo": "kept"})
        wid = rt.enqueue("scn.layout.echo", {"value": 3})
        self.assertEqual(rt.getResult(wid, support.WAIT_SECONDS), {"echo": 3})
