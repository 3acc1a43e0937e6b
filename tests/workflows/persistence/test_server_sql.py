"""Engine SQL on real PostgreSQL / MariaDB servers (bugs 3, 8 and 9 of the issue).

Each test gets its own throw-away database (conftest) on a datasource the engine's
runtime does not use, so no dispatcher touches the rows under test.
"""
from __future__ import absolute_import, division, print_function

import pytest

from exchange.workflows.bootstrap import workflow
from exchange.workflows.engine import host
from exchange.workflows.errors import InvalidArgument
from exchange.workflows.engine.persistence import migrations, runs

from conftest import MY, PG


def _insert_running(db, wid, lease_expires_at):
    host.db_update(
        "INSERT INTO workflow_status (workflow_id, workflow_name, status, queue_name, priority, "
        "created_at_epoch_ms, updated_at_epoch_ms, claimed_by, claimed_node, lease_expires_at, "
        "recovery_attempts) VALUES (?, 'wf', ?, 'default', 0, 1, 1, 'ex-old', 'node', ?, 0)",
        [wid, "RUNNING", lease_expires_at], db)


def _attempts(db, wid):
    row = host.db_query("SELECT status, recovery_attempts FROM workflow_status "
                        "WHERE workflow_id = ?", [wid], db)[0]
    return row["status"], int(row["recovery_attempts"])


@pytest.mark.parametrize("family", ["mariadb", "postgresql"])
def test_recovery_counts_a_running_run(gateway, request, family):
    """Bug 3: MariaDB applies SET left to right, so the CASE saw status already ENQUEUED."""
    if family == "mariadb":
        name = request.getfixturevalue("my_database")
        gateway.databases.add_datasource("T", type="mariadb", database=name, **MY)
    else:
        name = request.getfixturevalue("pg_database")
        gateway.databases.add_datasource("T", type="postgresql", database=name, **PG)
    migrations.ensure_schema("T")
    _insert_running("T", "r1", 100)
    assert runs.recover_expired("T", 1000) == 1
    assert _attempts("T", "r1") == ("ENQUEUED", 1)
    host.db_update("UPDATE workflow_status SET status = 'RUNNING', lease_expires_at = 100, "
                   "claimed_node = 'node', claimed_by = 'ex-old' WHERE workflow_id = 'r1'", [], "T")
    assert runs.recover_own("T", "node", "ex-new", 1000) == 1
    assert _attempts("T", "r1") == ("ENQUEUED", 2)


@pytest.fixture(params=["mariadb", "postgresql"])
def server_rt(request, gateway):
    """The runtime on a WorkflowsDB that is a fresh MariaDB / PostgreSQL database."""
    if request.param == "mariadb":
        name = request.getfixturevalue("my_database")
        gateway.databases.add_datasource("WorkflowsDB", type="mariadb", database=name, **MY)
    else:
        name = request.getfixturevalue("pg_database")
        gateway.databases.add_datasource("WorkflowsDB", type="postgresql", database=name, **PG)
    from exchange.workflows.engine import instance
    rt = instance.getWorkflows()
    yield rt
    instance.shutdownRuntime(2)


@workflow("srv.echo")
def srv_echo(x=None):
    return x


@pytest.mark.parametrize("kwargs, named", [
    ({"workflowId": "w" * 65}, "workflowId"),
    ({"priority": 10 ** 30}, "priority"),
    ({"timeoutSeconds": 1e300}, "timeoutSeconds"),
    ({"queueName": "q" * 191}, "queueName"),
])
def test_values_beyond_the_columns_are_named_not_raw_db_errors(server_rt, kwargs, named):
    """Bug 9: these reached the database and came back as raw driver errors."""
    with pytest.raises(InvalidArgument) as err:
        server_rt.enqueue("srv.echo", {"x": 1}, **kwargs)
    assert named in str(err.value)
    assert host.db_scalar("SELECT COUNT(*) AS n FROM workflow_status", [], "WorkflowsDB") == 0
    wid = server_rt.enqueue("srv.echo", {"x": "y" * 100000}, workflowId="w" * 64)
    assert server_rt.getResult(wid, 20) == "y" * 100000
    text = host.db_scalar("SELECT inputs_json FROM workflow_status WHERE workflow_id = ?", [wid],
                          "WorkflowsDB")
    assert text.count("y" * 100000) == 1  # bug 8: stored once
