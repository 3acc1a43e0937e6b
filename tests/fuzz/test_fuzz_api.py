"""Fuzz: ``api.service`` / ``api.admin`` with arbitrary arguments return envelopes only.

Whatever the caller passes (wrong types, NaN, huge numbers, non-JSON objects, odd
unicode, unknown datasources), every function returns the upstream envelope
``{ok, code, message, data, meta}`` and never raises, Python or Java exception.
"""
from __future__ import absolute_import, division, print_function

import math

import pytest
from hypothesis import given, strategies as st

from fuzz_settings import FUZZ

from exchange.workflows.bootstrap import workflow

pytestmark = pytest.mark.slow


@workflow("fuzz.noop")
def noop(**kwargs):
    return len(kwargs)


class Opaque(object):
    """Not JSON serializable."""


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-2 ** 70, 2 ** 70),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
                    st.binary(max_size=10), st.just(Opaque()))
anything = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4),
    st.tuples(inner, inner), st.sets(st.integers(), max_size=3)), max_leaves=12)
names = st.one_of(st.sampled_from(["fuzz.noop", "", " ", "nope", None]), st.text(max_size=30),
                  anything)
db_names = st.one_of(st.sampled_from([None, "", "WorkflowsDB", "NoSuchDB"]), st.text(max_size=12))


def check_envelope(resp):
    assert isinstance(resp, dict), "not an envelope: %r" % (resp,)
    for key in ("ok", "code", "message", "data", "meta"):
        assert key in resp, "envelope misses %r: %r" % (key, resp)
    assert isinstance(resp["ok"], bool)
    assert isinstance(resp["code"], str) and resp["code"]
    assert isinstance(resp["message"], str)
    assert isinstance(resp["data"], dict) and isinstance(resp["meta"], dict)
    assert "tsMs" in resp["meta"] and "durationMs" in resp["meta"]
    assert resp["meta"]["durationMs"] >= 0
    return resp


def call(fn, *args, **kwargs):
    """Call and check; a raised exception of ANY kind (Java ones included) fails the test."""
    try:
        resp = fn(*args, **kwargs)
    except BaseException as exc:  # noqa: B902 - Java exceptions derive from BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise AssertionError("%s raised %s: %s" % (fn.__name__, type(exc).__name__, exc))
    return check_envelope(resp)


@pytest.fixture(scope="module")
def api(sim_gateway):
    from exchange.workflows.api import admin, service
    return service, admin


@FUZZ
@given(name=names, inputs=anything, queue=st.one_of(st.none(), st.text(max_size=20), anything),
       pkey=st.one_of(st.none(), st.text(max_size=20), anything), priority=anything,
       dedup=st.one_of(st.none(), st.text(max_size=10), anything), timeout=anything, db=db_names)
def test_service_start_and_enqueue_in_memory(api, name, inputs, queue, pkey, priority, dedup,
                                             timeout, db):
    service, _ = api
    r = call(service.start, workflowName=name, inputs=inputs, queueName=queue, partitionKey=pkey,
             priority=priority, deduplicationId=dedup, timeoutSeconds=timeout, dbName=db)
    if r["ok"]:
        assert r["code"] == "WORKFLOW_ENQUEUED" and r["data"].get("workflowId")
    call(service.enqueueInMemory, workflowName=name, inputs=inputs, queueName=queue,
         partitionKey=pkey, priority=priority, deduplicationId=dedup, timeoutSeconds=timeout,
         dbName=db)


@FUZZ
@given(wid=anything, cmd=anything, reason=anything, topic=anything, db=db_names)
def test_service_commands_and_cancel(api, wid, cmd, reason, topic, db):
    service, _ = api
    call(service.sendCommand, workflowId=wid, cmd=cmd, reason=reason, topic=topic, dbName=db)
    call(service.cancel, workflowId=wid, reason=reason, dbName=db)


@FUZZ
@given(queue=anything, max_claim=anything, flush_items=anything, flush_ms=anything, db=db_names)
def test_service_dispatch_and_list(api, queue, max_claim, flush_items, flush_ms, db):
    service, _ = api
    r = call(service.dispatch, queueName=queue, maxToClaim=max_claim, dbName=db,
             flushMaxItems=flush_items, flushMaxMs=flush_ms)
    if r["ok"]:
        c = r["data"]["claimedCount"]
        assert isinstance(c, int) and c >= 0
    call(service.listWorkflows, dbName=db)


@FUZZ
@given(mode=st.one_of(st.sampled_from(["drain", "cancel", "DRAIN", "bogus"]), anything),
       reason=anything, queue=anything, db=db_names)
def test_admin_functions(api, mode, reason, queue, db):
    _, admin = api
    call(admin.checkSchema, dbName=db)
    call(admin.getMaintenanceStatus, dbName=db)
    call(admin.enterMaintenance, mode=mode, reason=reason, queueName=queue, dbName=db)
    call(admin.swapIfDrained, dbName=db)
    call(admin.exitMaintenance, dbName=db)
    call(admin.applyRetention, dbName=db)


def test_service_still_works_after_fuzzing(api):
    service, admin = api
    call(admin.exitMaintenance)
    r = call(service.start, workflowName="fuzz.noop", inputs={"a": 1})
    assert r["ok"], r
    assert not math.isnan(r["meta"]["tsMs"])
