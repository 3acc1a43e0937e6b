"""Engine SQL on real PostgreSQL / MariaDB servers (bug 3 of the issue: the recovery counter).

Each test gets its own throw-away database (conftest) on a datasource the engine's
runtime does not use, so no dispatcher touches the rows under test.
"""
from __future__ import absolute_import, division, print_function

import pytest

from exchange.workflows.engine import host
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
