"""util.response envelope contract (upstream test_response_helper_contract + 1.5 rules)."""
from exchange.workflows.util.response import ENVELOPE_KEYS, isEnvelope, makeErr, makeOk


def assert_envelope(resp):
    assert isinstance(resp, dict)
    assert isinstance(resp["ok"], bool)
    assert isinstance(resp["code"], str) and isinstance(resp["message"], str)
    assert isinstance(resp["data"], dict) and isinstance(resp["meta"], dict)
    assert "tsMs" in resp["meta"]
    assert isEnvelope(resp)


def test_response_helper_contract():
    ok = makeOk("X_OK", "fine", {"workflowId": "abc"}, {"dbName": "WorkflowsDB"}, startedMs=0)
    assert_envelope(ok)
    assert ok["ok"] is True and ok["code"] == "X_OK"
    assert ok["workflowId"] == "abc" and ok["data"]["workflowId"] == "abc"
    assert ok["meta"]["durationMs"] >= 0 and ok["meta"]["dbName"] == "WorkflowsDB"
    err = makeErr("X_FAILED", "bad", {"error": "boom"})
    assert_envelope(err)
    assert err["ok"] is False and err["error"] == "boom"
    assert "durationMs" not in err["meta"]


def test_defaults_and_non_dict_data():
    ok = makeOk("", "", data=[1, 2], meta="nope")
    assert ok["code"] == "OK" and ok["message"] and ok["data"] == {}
    err = makeErr(None, None)
    assert err["code"] == "ERROR" and err["message"]


def test_envelope_keys_win_collisions():
    resp = makeOk("C", "m", {"ok": "shadow", "code": "x", "meta": 1, "extra": 2})
    assert resp["ok"] is True and resp["code"] == "C" and isinstance(resp["meta"], dict)
    assert resp["extra"] == 2
    assert resp["data"]["ok"] == "shadow"  # data itself is untouched
    assert set(ENVELOPE_KEYS) <= set(resp)


def test_duration_clamped_and_bad_start():
    future = makeOk("C", "m", startedMs=10 ** 15)
    assert future["meta"]["durationMs"] == 0
    assert makeOk("C", "m", startedMs="junk")["meta"]["durationMs"] == 0


def test_is_envelope_rejects_bad_shapes():
    assert not isEnvelope(None)
    assert not isEnvelope({"ok": 1, "code": "", "message": "", "data": {}, "meta": {"tsMs": 1}})
    assert not isEnvelope({"ok": True, "code": "", "message": "", "data": {}, "meta": {}})


def test_uses_gateway_clock(virtual_gateway):
    assert makeOk("C", "m")["meta"]["tsMs"] == virtual_gateway.clock.now_ms()
