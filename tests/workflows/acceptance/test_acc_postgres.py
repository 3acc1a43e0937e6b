"""The [smoke] acceptance cases again, with ``WorkflowsDB`` on PostgreSQL.

Each case gets a fresh database (created and dropped here), so row counts are as
isolated as on the per-test SQLite file. Needs the server at 127.0.0.1:5432 (user
postgres, trust): skipped saying so when absent, failed when
``GATEWAY_SIM_REQUIRE_SERVICES=1``.
"""
import os
import socket
import uuid

import pytest

import test_acc_api
import test_acc_commands
import test_acc_concurrency
import test_acc_db_contract
import test_acc_in_memory_queue
import test_acc_maintenance
import test_acc_runtime
import test_acc_steps

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}

SMOKE = [
    test_acc_api.test_service_envelopes_success,
    test_acc_api.test_admin_envelopes_success,
    test_acc_api.test_new_failure_codes,
    test_acc_commands.test_recv_command_priority,
    test_acc_maintenance.test_drain_blocks_dispatch_and_start,
    test_acc_maintenance.test_cancel_cancels_queued_and_running,
    test_acc_in_memory_queue.test_enqueue_and_timer_flush_roundtrip,
    test_acc_in_memory_queue.test_maintenance_rejects_by_default,
    test_acc_runtime.test_start_enqueues_row,
    test_acc_runtime.test_apply_smoke,
    test_acc_steps.test_operation_outputs_persisted,
    test_acc_steps.test_retry_policy_dbos,
    test_acc_steps.test_error_replay_does_not_rerun,
    test_acc_steps.test_success_replay_does_not_rerun,
    test_acc_concurrency.test_mailbox_hold_resume,
    test_acc_concurrency.test_partition_serializes_same_key,
    test_acc_concurrency.test_streams_log_written,
    test_acc_concurrency.test_cancel_cooperative,
    test_acc_concurrency.test_timeout_deadline_cancel,
    test_acc_db_contract.test_dedup_active_window,
    test_acc_db_contract.test_priority_ordering_contract,
]


def _server_up():
    s = socket.socket()
    s.settimeout(1.0)
    try:
        s.connect((PG["host"], PG["port"]))
        return True
    except (socket.error, OSError):
        return False
    finally:
        s.close()


@pytest.fixture
def pg_database():
    if not _server_up():
        msg = "PostgreSQL is not reachable at 127.0.0.1:5432 (user postgres); start it to run these"
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail(msg + " [GATEWAY_SIM_REQUIRE_SERVICES=1]")
        pytest.skip(msg)
    psycopg = pytest.importorskip("psycopg")
    name = "acc_%s" % uuid.uuid4().hex[:12]
    admin = psycopg.connect(host=PG["host"], port=PG["port"], user=PG["user"], dbname="test",
                            autocommit=True)
    admin.execute('CREATE DATABASE "%s"' % name)
    try:
        yield name
    finally:
        admin.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
        admin.close()


@pytest.fixture
def wf_pg(gateway, pg_database):
    gateway.databases.add_datasource("WorkflowsDB", type="postgresql", database=pg_database, **PG)
    from exchange.workflows.engine import host
    assert host.db_query("SELECT current_database() AS db")[0]["db"] == pg_database
    return pg_database


@pytest.mark.postgres
@pytest.mark.parametrize("case", SMOKE, ids=[c.__name__ for c in SMOKE])
def test_smoke_case_on_postgres(wf_pg, request, case):
    rt = request.getfixturevalue("wf")
    case(rt)
