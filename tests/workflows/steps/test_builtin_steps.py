"""Built-in steps (upstream 1.8) against simulated tags, SQLite and a local HTTP server.

Bodies are called raw (outside a workflow: ``context.sleep`` is then a plain
host-clock sleep); waits are driven by advancing a VirtualClock, never timed.
Cancellation inside workflows is covered in ``test_steps_in_workflows.py``.
"""
import ast
import json
import os
import socket

import pytest

from steps_helpers import Background, raw_step

STEP_NAMES = ("tags.read", "tags.write", "tags.write_confirm", "http.request", "db.query",
              "db.update", "wait.until_tag_equals", "sleep.ms", "sleep.sleep_chunked",
              "sleep.chunked")


def test_all_builtin_steps_registered(gateway):
    from exchange.workflows.bootstrap import getWorkflows
    names = set(getWorkflows().listSteps())
    assert set(STEP_NAMES) <= names


def test_steps_use_the_host_seam_only():
    """Steps reach the platform only through engine.host: no ``system``, no ``time.sleep``."""
    import exchange.workflows.steps as pkg
    folder = os.path.dirname(pkg.__file__)
    for fname in sorted(os.listdir(folder)):
        if not fname.endswith(".py"):
            continue
        tree = ast.parse(open(os.path.join(folder, fname)).read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not [a for a in node.names if a.name.split(".")[0] in ("system", "time")], \
                    fname
            elif isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] not in ("system", "time"), fname
            elif isinstance(node, ast.Name):
                assert node.id != "system", fname


# --- tags ---------------------------------------------------------------------

def test_tags_read_shape(memory_tags):
    out = raw_step("tags.read")("[default]Level")
    assert out["value"] == 5 and out["quality"] == "Good"
    assert isinstance(out["timestamp"], str) and out["timestamp"]
    json.dumps(out)


def test_tags_read_missing_and_json_safe(memory_tags):
    out = raw_step("tags.read")("[default]Nope/Missing")
    assert out["value"] is None and out["quality"].startswith("Bad_NotFound")
    memory_tags.tags.set_value("[default]When", 1764072000000)
    out = raw_step("tags.read")("[default]When")
    json.dumps(out)  # a java.util.Date value becomes epoch ms
    assert out["value"] == 1764072000000


def test_tags_read_rejects_bad_path(memory_tags):
    with pytest.raises(ValueError) as info:
        raw_step("tags.read")("")
    assert "tag path" in str(info.value)


def test_tags_write(memory_tags):
    assert raw_step("tags.write")("[default]Level", 7) == {"quality": "Good"}
    assert raw_step("tags.read")("[default]Level")["value"] == 7
    assert raw_step("tags.write")("[default]Nope", 1)["quality"].startswith("Bad_NotFound")


def test_write_confirm_confirmed(memory_tags):
    out = raw_step("tags.write_confirm")("[default]Level", "9")  # coerced to Int4 9
    assert out == {"ok": True, "write_quality": "Good", "confirmed": True}


def test_write_confirm_times_out_on_host_clock(virtual_tags):
    fn = raw_step("tags.write_confirm")
    job = Background(fn, "[default]Level", 3, confirm_path="[default]Confirm", timeout_ms=2000,
                     poll_ms=250)
    out = job.drive(virtual_tags.clock, 0.25)
    assert out == {"ok": False, "write_quality": "Good", "confirmed": False, "timeout_ms": 2000}


def test_write_confirm_sees_confirmation(virtual_tags):
    fn = raw_step("tags.write_confirm")
    job = Background(fn, "[default]Level", 4, confirm_path="[default]Confirm",
                     timeout_ms=3600000)  # generous: a loaded machine must not time out

    def device(i):
        if i == 3:
            virtual_tags.tags.set_value("[default]Confirm", 4)
    out = job.drive(virtual_tags.clock, 0.25, on_step=device)
    assert out["ok"] is True and out["confirmed"] is True


def test_write_confirm_rejected_write_returns_at_once(memory_tags):
    out = raw_step("tags.write_confirm")("[default]Nope", 1, timeout_ms=600000)
    assert out["ok"] is False and out["confirmed"] is False
    assert out["write_quality"].startswith("Bad_NotFound")


@pytest.mark.parametrize("kwargs", [{"poll_ms": 0}, {"poll_ms": -5}, {"timeout_ms": -1},
                                    {"timeout_ms": "soon"}])
def test_write_confirm_bad_timing_is_value_error(memory_tags, kwargs):
    with pytest.raises(ValueError):
        raw_step("tags.write_confirm")("[default]Level", 1, **kwargs)


# --- wait -------------------------------------------------------------------

def test_until_tag_equals_immediate(memory_tags):
    out = raw_step("wait.until_tag_equals")("[default]Name", "tank")
    assert out == {"ok": True, "value": "tank", "quality": "Good"}


def test_until_tag_equals_waits_for_change(virtual_tags):
    job = Background(raw_step("wait.until_tag_equals"), "[default]Level", 42,
                     timeout_ms=3600000)

    def device(i):
        if i == 5:
            virtual_tags.tags.set_value("[default]Level", 42)
    out = job.drive(virtual_tags.clock, 0.25, on_step=device)
    assert out == {"ok": True, "value": 42, "quality": "Good"}


def test_until_tag_equals_timeout(virtual_tags):
    job = Background(raw_step("wait.until_tag_equals"), "[default]Level", 42, timeout_ms=1000,
                     poll_ms=100)
    out = job.drive(virtual_tags.clock, 0.1)
    assert out == {"ok": False, "value": 0, "quality": "Good", "timeout_ms": 1000}


def test_until_tag_equals_rejects_busy_loop(memory_tags):
    with pytest.raises(ValueError):
        raw_step("wait.until_tag_equals")("[default]Level", 1, poll_ms=0)


# --- sleep ------------------------------------------------------------------

def test_sleep_ms_on_virtual_clock(virtual_gateway):
    start = virtual_gateway.clock.now_ms()
    job = Background(raw_step("sleep.ms"), 1500)
    assert job.drive(virtual_gateway.clock, 0.1) == {"slept_ms": 1500}
    assert virtual_gateway.clock.now_ms() - start >= 1500


@pytest.mark.parametrize("name", ["sleep.sleep_chunked", "sleep.chunked"])
def test_sleep_chunked(virtual_gateway, name):
    job = Background(raw_step(name), 1000, 250)
    out = job.drive(virtual_gateway.clock, 0.05)
    assert out["slept_ms"] == 1000 and out["chunk_ms"] == 250
    assert 1 <= out["chunks"] <= 4


@pytest.mark.parametrize("chunk", [0, -1, None, "x"])
def test_sleep_chunked_bad_chunk_is_value_error(gateway, chunk):
    with pytest.raises(ValueError) as info:
        raw_step("sleep.sleep_chunked")(1000, chunk)
    assert "chunk_ms" in str(info.value)


def test_sleep_zero_returns(gateway):
    assert raw_step("sleep.sleep_chunked")(0, 10) == {"slept_ms": 0, "chunks": 0, "chunk_ms": 10}
    assert raw_step("sleep.ms")(0) == {"slept_ms": 0}
    with pytest.raises(ValueError):
        raw_step("sleep.ms")(-1)


# --- db ---------------------------------------------------------------------

def test_db_update_and_query(gateway):
    update, query = raw_step("db.update"), raw_step("db.query")
    update("WorkflowsDB", "CREATE TABLE batch_log (id INTEGER PRIMARY KEY, note TEXT, qty REAL)")
    assert update("WorkflowsDB", "INSERT INTO batch_log (note, qty) VALUES (?, ?)",
                  ["fill", 1.5]) == {"rows_affected": 1}
    update("", "INSERT INTO batch_log (note, qty) VALUES (?, ?)", ("drain", None))
    rows = query("WorkflowsDB", "SELECT id, note, qty FROM batch_log ORDER BY id")
    assert rows == [{"id": 1, "note": "fill", "qty": 1.5}, {"id": 2, "note": "drain", "qty": None}]
    json.dumps(rows)
    assert query(None, "SELECT note FROM batch_log WHERE qty > ?", [5]) == []


def test_db_errors(gateway):
    with pytest.raises(ValueError):
        raw_step("db.query")("WorkflowsDB", "")
    with pytest.raises(ValueError):
        raw_step("db.query")("WorkflowsDB", "SELECT 1", "not-a-list")
    from gateway_sim.jvm import JavaException, SQLException
    with pytest.raises(JavaException) as info:  # Ignition's error: propagates out of the step
        raw_step("db.query")("WorkflowsDB", "SELECT * FROM no_such_table")
    assert isinstance(info.value.getCause(), SQLException)
    assert "no_such_table" in str(info.value.getCause())


# --- http -------------------------------------------------------------------

def test_http_get_with_params(gateway, http_server):
    out = raw_step("http.request")("get", http_server + "/items", params={"q": "a b"},
                                   headers={"X-Test": "1"})
    assert out["status"] == 200
    body = json.loads(out["text"])
    assert body["method"] == "GET" and body["path"].startswith("/items?q=a")
    assert body["xTest"] == "1"
    assert isinstance(out["headers"], dict) and out["headers"]
    json.dumps(out)


def test_http_json_body_wins(gateway, http_server):
    out = raw_step("http.request")("POST", http_server + "/submit", data="ignored",
                                   json_body={"batch": 7})
    body = json.loads(out["text"])
    assert json.loads(body["body"]) == {"batch": 7}
    assert body["contentType"].startswith("application/json")


def test_http_errors_are_returned(gateway, http_server):
    out = raw_step("http.request")("GET", http_server + "/missing")
    assert out["status"] == 404
    assert raw_step("http.request")("PUT", http_server + "/boom", data="x")["status"] == 500


def test_http_network_error_raises(gateway):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    from gateway_sim.java.net import ConnectException
    with pytest.raises(ConnectException) as info:  # what Ignition's JythonHttpClient raises
        raw_step("http.request")("GET", "http://127.0.0.1:%d/" % port, timeout_ms=2000)
    assert "127.0.0.1:%d" % port in str(info.value)


def test_http_bad_arguments(gateway):
    with pytest.raises(ValueError):
        raw_step("http.request")("FETCH", "http://127.0.0.1/")
    with pytest.raises(ValueError):
        raw_step("http.request")("GET", "")
