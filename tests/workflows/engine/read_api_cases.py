"""The read APIs the operator console uses (issue 13 NOTES-console items 1-4, 7, 8), as
cases run on SQLite (test_read_apis.py) and on PostgreSQL / MariaDB
(tests/workflows/persistence/test_read_apis_server.py) and under Jython 2.7
(jython_read_apis.py)."""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.bootstrap import workflow
from exchange.workflows.engine.runtime import WorkflowsRuntime


@workflow("ra.echo")
def ra_echo(x=None):
    return x


@workflow("ra.mail")
def ra_mail():
    rt = WorkflowsRuntime.getCurrentRuntime()
    return rt.recv("cmd", 30)


@workflow("ra.streams")
def ra_streams():
    rt = WorkflowsRuntime.getCurrentRuntime()
    rt.writeStream("b", 1)
    rt.writeStream("a", 2)
    rt.writeStream("a", 3)
    return None


@workflow("ra.wait_nothing")
def ra_wait_nothing():
    rt = WorkflowsRuntime.getCurrentRuntime()
    return rt.recv("none", 0.05)


IDS = ("ra-line1-a", "ra-line1-b", "ra-LINE2_x%", "ra-line2Yx")


def run_filter_cases(rt):
    """listRuns(partitionKey, idContains) and countRuns agree, in SQL, on any database."""
    parts = {"ra-line1-a": "line-1", "ra-line1-b": "line-1", "ra-LINE2_x%": "line-2",
             "ra-line2Yx": None}
    for wid in IDS:
        rt.enqueue("ra.echo", {"x": wid}, workflowId=wid, partitionKey=parts[wid],
                   queueName="ra-parts" if parts[wid] else None)
    for wid in IDS:
        assert rt.getResult(wid, 20) == wid
    rt.enqueue("ra.echo", {"x": 0}, workflowId="ra-late", startAtMs=2 ** 41)  # stays DELAYED

    def ids(**kw):
        return sorted(r["workflowId"] for r in rt.listRuns(**kw))
    assert ids(partitionKey="line-1") == ["ra-line1-a", "ra-line1-b"]
    assert ids(idContains="LINE1") == ["ra-line1-a", "ra-line1-b"]  # any case
    # LIKE's wildcards in the text are matched literally
    assert ids(idContains="2_x") == ["ra-LINE2_x%"]
    assert ids(idContains="%") == ["ra-LINE2_x%"]
    assert ids(idContains="line2") == ["ra-LINE2_x%", "ra-line2Yx"]
    assert ids(partitionKey="line-1", idContains="-b") == ["ra-line1-b"]
    assert ids(idContains="ra-", status="DELAYED") == ["ra-late"]
    assert rt.countRuns() == 5
    assert rt.countRuns(partitionKey="line-1") == 2
    assert rt.countRuns(idContains="2_x") == 1
    assert rt.countRuns(status=["SUCCESS", "DELAYED"], queueName="ra-parts") == 3
    assert rt.countRuns(workflowName="nope") == 0
    assert rt.countRuns(byStatus=True) == {"SUCCESS": 4, "DELAYED": 1}
    assert rt.countRuns(byStatus=True, partitionKey="line-2") == {"SUCCESS": 1}
    assert rt.countRuns(sinceMs=2 ** 42) == 0
    # paging agrees with the count
    page = rt.listRuns(idContains="ra-", limit=2, offset=4)
    assert [r["workflowId"] for r in page] and len(page) == rt.countRuns(idContains="ra-") - 4


def run_mailbox_cases(rt):
    """listMessages: pending and consumed messages with their uuid, topic, times, op number."""
    wid = rt.enqueue("ra.mail")
    rt.send(wid, {"n": 1}, messageUUID="u-1")
    rt.send(wid, {"n": 2})
    rt.send(wid, "other", topic="log")
    assert rt.getResult(wid, 20) == {"n": 1}
    msgs = rt.listMessages(wid)
    assert [(m["topic"], m["message"], m["uuid"]) for m in msgs] == [
        ("cmd", {"n": 1}, "u-1"), ("cmd", {"n": 2}, None), ("log", "other", None)]
    first = msgs[0]
    assert first["consumedBySeq"] == 1 and first["consumedAtMs"] >= first["sentAtMs"]
    assert [m["consumedAtMs"] for m in msgs[1:]] == [None, None]
    assert [m["message"] for m in rt.listMessages(wid, includeConsumed=False)] == [{"n": 2}, "other"]
    assert [m["message"] for m in rt.listMessages(wid, topic="log")] == ["other"]
    assert [m["message"] for m in rt.listMessages(wid, limit=1)] == [{"n": 1}]
    assert rt.listMessages("ra-nobody") == []
    ids = [m["messageId"] for m in msgs]
    assert ids == sorted(ids) and len(set(ids)) == 3


def run_stream_cases(rt):
    wid = rt.enqueue("ra.streams")
    rt.getResult(wid, 20)
    got = rt.listStreams(wid)
    assert [(s["key"], s["entries"]) for s in got] == [("a", 2), ("b", 1)]
    assert all(isinstance(s["lastAtMs"], compat.integer_types) for s in got)  # long on Jython
    assert rt.listStreams("ra-nobody") == []


def run_queue_limit_cases(rt):
    assert rt.getQueueLimits() == {}
    rt.setQueueLimit("ra-q1", workerConcurrency=2, concurrency=5)
    rt.setQueueLimit("ra-q2", concurrency=1)
    rt.setQueueLimit("ra-q3", workerConcurrency=3)
    assert rt.getQueueLimits() == {
        "ra-q1": {"workerConcurrency": 2, "concurrency": 5},
        "ra-q2": {"workerConcurrency": None, "concurrency": 1},
        "ra-q3": {"workerConcurrency": 3, "concurrency": None}}
    rt.setQueueLimit("ra-q1")
    assert sorted(rt.getQueueLimits()) == ["ra-q2", "ra-q3"]


def run_wait_start_cases(rt):
    """recv records the wait's start as started_at (item 8): a 50 ms timeout shows 50 ms."""
    wid = rt.enqueue("ra.wait_nothing")
    assert rt.getResult(wid, 20) is None
    op = rt.listRunSteps(wid)[0]
    assert op["kind"] == "recv"
    assert op["completedAtMs"] - op["startedAtMs"] >= 50
