"""The console's read APIs on SQLite (cases in read_api_cases.py, also run on the servers)."""
from __future__ import absolute_import, division, print_function

import read_api_cases as cases


def test_list_runs_by_partition_and_id_substring_and_count_runs(wf):
    cases.run_filter_cases(wf)


def test_list_messages_pending_and_consumed(wf):
    cases.run_mailbox_cases(wf)


def test_list_streams_of_a_run(wf):
    cases.run_stream_cases(wf)


def test_get_queue_limits_reads_set_queue_limit(wf):
    cases.run_queue_limit_cases(wf)


def test_recv_records_when_its_wait_began(wf):
    cases.run_wait_start_cases(wf)


def test_partition_filter_uses_an_index(wf):
    from exchange.workflows.engine import host
    plan = host.db_query("EXPLAIN QUERY PLAN SELECT workflow_id FROM workflow_status WHERE "
                         "partition_key = ? ORDER BY created_at_epoch_ms DESC", ["p"], "WorkflowsDB")
    text = " ".join(str(r.get("detail")) for r in plan)
    assert "idx_wf_partition" in text, text


def test_cancel_workflow_of_an_unknown_id_returns_0_as_documented(wf):
    assert wf.cancelWorkflow("ra-no-such-run") == 0
    doc = " ".join(type(wf).cancelWorkflow.__doc__.split())
    assert "also 0 for an id that names no run" in doc and "WORKFLOW_NOT_FOUND" in doc
