"""Issue 11 item 15: the engine's tables stay out of the plant's schema.

PostgreSQL: schema ``workflows`` (configurable); MariaDB/SQLite: prefix ``wf_``
(configurable). A database created by the old layout (tables unqualified in the
default schema, made here with the engine's own DDL) is moved on the next start,
its data kept. Runs on SQLite, and on PostgreSQL / MariaDB when their servers are up.
"""
from __future__ import absolute_import, division, print_function

import pytest

from exchange.workflows import settings
from exchange.workflows.bootstrap import workflow
from exchange.workflows.engine import host, instance
from exchange.workflows.engine.persistence import dialects, migrations, names, schema

from conftest import MY, PG

FAMILIES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres),
            pytest.param("mariadb", marks=pytest.mark.mariadb)]


@workflow("layout.echo")
def echo(value=None):
    return {"echo": value}


@pytest.fixture(params=FAMILIES)
def datasource(request, gateway, tmp_path):
    """Datasource ``T`` on a fresh, empty database of each family; yields the family."""
    family = request.param
    if family == "sqlite":
        gateway.databases.add_datasource("T", type="sqlite", path=str(tmp_path / "plant.sqlite"))
    elif family == "mariadb":
        gateway.databases.add_datasource("T", type="mariadb",
                                         database=request.getfixturevalue("my_database"), **MY)
    else:
        gateway.databases.add_datasource("T", type="postgresql",
                                         database=request.getfixturevalue("pg_database"), **PG)
    names.forget("T")
    yield family
    instance.shutdownRuntime(2)
    names.forget("T")


def _tables(family):
    """(schema or None, table name) of every table in the database, lower-case."""
    if family == "sqlite":
        sql, args = "SELECT NULL AS s, name AS t FROM sqlite_master WHERE type = 'table'", []
    elif family == "mariadb":
        sql, args = ("SELECT NULL AS s, table_name AS t FROM information_schema.tables "
                     "WHERE table_schema = DATABASE()"), []
    else:
        sql, args = ("SELECT table_schema AS s, table_name AS t FROM information_schema.tables "
                     "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"), []
    return set((r["s"], str(r["t"]).lower()) for r in host.db_query(sql, args, "T", raw=True))


def _expected(family, table_name, schema_name="workflows", prefix="wf_"):
    if family == "postgresql":
        return (schema_name, table_name)
    return (None, prefix + table_name)


def _old_layout(family):
    """What the engine created before this fix: its DDL, unqualified, default schema."""
    d = dialects.detect("T")
    for number, tables, indexes, seed in migrations.MIGRATIONS:
        for ddl in tables:
            host.db_update(dialects.render(ddl, d), [], "T", raw=True)
        for ddl in indexes:
            host.db_update(dialects.render(ddl, d), [], "T", raw=True)
    host.db_update(dialects.render(migrations._MIGRATIONS_TABLE, d), [], "T", raw=True)
    for number, _t, _i, _s in migrations.MIGRATIONS:
        host.db_update("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                       [number, 1], "T", raw=True)
    host.db_update("INSERT INTO schema_meta (meta_key, meta_value) VALUES ('schema_version', ?)",
                   [str(schema.SCHEMA_VERSION)], "T", raw=True)
    host.db_update("INSERT INTO workflow_status (workflow_id, workflow_name, status, queue_name, "
                   "priority, inputs_json, result_json, created_at_epoch_ms, updated_at_epoch_ms, "
                   "completed_at_epoch_ms) VALUES ('old-run-1', 'layout.echo', 'SUCCESS', "
                   "'default', 0, '{}', '{\"echo\": \"kept\"}', 1, 2, 2)", [], "T", raw=True)
    host.db_update("INSERT INTO notifications (destination_uuid, topic, message_json, created_at) "
                   "VALUES ('old-run-1', 'cmd', '\"hello\"', 1)", [], "T", raw=True)


def test_new_database_keeps_out_of_the_default_schema(datasource):
    rt = instance.getWorkflows("T")
    wid = rt.enqueue("layout.echo", {"value": 1})
    assert rt.getResult(wid, 30) == {"echo": 1}
    found = _tables(datasource)
    for t in schema.ALL_TABLES:
        assert _expected(datasource, t) in found, (t, sorted(found))
    bare = [t for s, t in found if t in schema.ALL_TABLES and s in (None, "public")]
    assert bare == [], "engine tables left in the default schema: %s" % bare


def test_old_layout_is_moved_and_its_data_kept(datasource):
    _old_layout(datasource)
    rt = instance.getWorkflows("T")
    found = _tables(datasource)
    for t in schema.ALL_TABLES:
        assert _expected(datasource, t) in found, (t, sorted(found))
    assert not [t for s, t in found if t in schema.ALL_TABLES and s in (None, "public")]
    assert rt.getResult("old-run-1", 5) == {"echo": "kept"}
    rows = host.db_query("SELECT message_json FROM notifications WHERE destination_uuid = ?",
                         ["old-run-1"], "T")
    assert [r["message_json"] for r in rows] == ['"hello"']
    wid = rt.enqueue("layout.echo", {"value": "new"})  # the moved tables work as before
    assert rt.getResult(wid, 30) == {"echo": "new"}
    assert migrations.schema_version("T") == str(schema.SCHEMA_VERSION)


def test_schema_and_prefix_are_configurable(datasource, monkeypatch):
    monkeypatch.setattr(settings, "TABLE_LAYOUTS", {"T": {"schema": "mes_wf", "prefix": "exwf_"}})
    rt = instance.getWorkflows("T")
    wid = rt.enqueue("layout.echo", {"value": 2})
    assert rt.getResult(wid, 30) == {"echo": 2}
    assert _expected(datasource, "workflow_status", "mes_wf", "exwf_") in _tables(datasource)


@workflow("layout.plant_read")
def plant_read():
    from exchange.workflows.steps import db as dbsteps
    return dbsteps.query("T", "SELECT plant_col FROM notifications")


def test_user_sql_is_never_rewritten(datasource):
    """Only engine SQL is qualified: a plant table that shares a name with an engine
    table stays the plant's for the ``db.*`` steps."""
    rt = instance.getWorkflows("T")
    host.db_update("CREATE TABLE notifications (plant_col INTEGER)", [], "T", raw=True)
    host.db_update("INSERT INTO notifications (plant_col) VALUES (7)", [], "T", raw=True)
    wid = rt.enqueue("layout.plant_read")
    assert rt.getResult(wid, 30) == [{"plant_col": 7}]


def test_bad_layout_setting_is_a_clear_error(gateway, monkeypatch):
    monkeypatch.setattr(settings, "TABLE_PREFIX", "wf-; DROP")
    with pytest.raises(ValueError, match="TABLE_PREFIX"):
        names.layout_for("X", "sqlite")
    assert names.rewrite("SELECT a FROM workflow_status w JOIN operation_outputs o ON "
                         "o.workflow_id = w.workflow_id WHERE x.streams = 'notifications'",
                         "wf_") == (
        "SELECT a FROM wf_workflow_status w JOIN wf_operation_outputs o ON "
        "o.workflow_id = w.workflow_id WHERE x.streams = 'notifications'")


def test_no_column_is_named_like_a_table():
    """``names.qualify`` rewrites every bare table name in engine SQL, so a column (or an
    alias) named like a table would be rewritten too: keep them distinct."""
    import re
    columns = set()
    for attr in dir(schema):
        if re.match(r"^V\d+_TABLES$", attr):
            for ddl in getattr(schema, attr):
                body = ddl.split("(", 1)[1]
                columns.update(m.group(1) for m in re.finditer(r"^\s*(\w+)\s", body, re.M))
    assert {"workflow_id", "template_name", "stream_offset"} <= columns  # the parse works
    clash = sorted(columns & set(names.TABLES))
    assert clash == [], "columns named like engine tables: %s" % clash
