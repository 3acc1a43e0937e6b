"""The console's read APIs on PostgreSQL and MariaDB (same cases as the SQLite tests in
tests/workflows/engine/test_read_apis.py): LIKE escaping, case-insensitive id search,
COUNT/GROUP BY and the mailbox / stream queries differ per database family."""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

from conftest import MY, PG

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine"))
import read_api_cases as cases  # noqa: E402


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


def test_list_runs_filters_and_count_runs_on_servers(server_rt):
    cases.run_filter_cases(server_rt)


def test_list_messages_on_servers(server_rt):
    cases.run_mailbox_cases(server_rt)


def test_list_streams_on_servers(server_rt):
    cases.run_stream_cases(server_rt)


def test_get_queue_limits_on_servers(server_rt):
    cases.run_queue_limit_cases(server_rt)


def test_recv_wait_start_on_servers(server_rt):
    cases.run_wait_start_cases(server_rt)
