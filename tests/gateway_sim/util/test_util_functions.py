"""system.util: globals, invokeAsynchronous, messages, JSON, facts, missing functions."""
from __future__ import absolute_import, division, print_function

import threading

import pytest

from gateway_sim import jvm
from gateway_sim.errors import NotImplementedInSimulator


def test_get_globals_is_one_dict_per_gateway(gateway, system, tmp_path):
    g = system.util.getGlobals()
    g["kernel"] = "k1"
    assert system.util.getGlobals() is g
    assert system.util.globals["kernel"] == "k1" and "kernel" in system.util.globals
    system.util.globals["other"] = 2
    assert g["other"] == 2 and len(system.util.globals) == 2
    assert system.util.globals.get("missing", 3) == 3
    from gateway_sim import Gateway, simulate
    other = Gateway(data_dir=str(tmp_path / "other"))
    with simulate(other):
        assert system.util.getGlobals() == {} and "kernel" not in system.util.globals
    other.shutdown()
    assert system.util.getGlobals()["kernel"] == "k1"


def test_globals_survive_a_script_reload(gateway, system):
    import types
    system.util.getGlobals()["count"] = 1
    mod = types.ModuleType("lib")
    exec("import system\nstate = system.util.getGlobals()\nstate['count'] += 1", mod.__dict__)
    reloaded = types.ModuleType("lib")  # a "script restart" re-runs module code
    exec("import system\nstate = system.util.getGlobals()\nstate['count'] += 1", reloaded.__dict__)
    assert system.util.getGlobals()["count"] == 3


def test_no_global_var_map(system):
    assert not hasattr(system.util, "globalVarMap")


def test_invoke_asynchronous(gateway, system):
    done = threading.Event()
    seen = {}

    def work(a, b=None):
        seen["args"] = (a, b)
        seen["project"] = system.util.getProjectName()
        done.set()

    t = system.util.invokeAsynchronous(work, [1], {"b": 2}, description="job")
    assert isinstance(t, jvm.Thread)
    assert done.wait(10)
    t.join(5000)
    assert seen == {"args": (1, 2), "project": gateway.project_name}
    assert "job" in t.getName()


def test_invoke_asynchronous_logs_errors(gateway, system):
    def boom():
        raise ValueError("kaput")

    def java_boom():
        raise jvm.make_java_exception(jvm.IllegalStateException, "java kaput")

    system.util.invokeAsynchronous(boom).join()
    system.util.invokeAsynchronous(java_boom, description="jb").join()
    assert gateway.util.join_async(10)
    errors = gateway.util.records_for(logger="system.util.invokeAsynchronous", level="error")
    assert len(errors) == 2
    assert "ValueError: kaput" in errors[0].message
    assert "java.lang.IllegalStateException: java kaput" in errors[1].message
    assert errors[1].throwable is not None


def test_invoke_asynchronous_bad_input(system):
    with pytest.raises(TypeError):
        system.util.invokeAsynchronous("not callable")
    with pytest.raises(TypeError):
        system.util.invokeAsynchronous(lambda: None, args="abc")
    with pytest.raises(TypeError):
        system.util.invokeAsynchronous(lambda: None, kwargs=[1])


def test_send_message_runs_handler_async(gateway, system):
    got = []
    done = threading.Event()
    gateway.util.register_message_handler("Proj", "onOrder",
                                          lambda payload: (got.append(payload), done.set()))
    result = system.util.sendMessage("Proj", "onOrder", {"id": 7})
    assert isinstance(result, list) and len(result) == 1 and "onOrder" in result[0]
    assert done.wait(10) and got == [{"id": 7}]
    # default payload is an empty dict; scope without G reaches no gateway handler
    assert system.util.sendMessage("Proj", "onOrder", scope="C") == []
    assert system.util.sendMessage("Proj", "onOrder", user="bob") == []


def test_send_message_unknown_handler_returns_no_recipients(system):
    assert system.util.sendMessage("Proj", "nobody", {"x": 1}) == []


def test_send_message_bad_input(gateway, system):
    with pytest.raises(jvm.IllegalArgumentException):
        system.util.sendMessage("", "h")
    with pytest.raises(jvm.IllegalArgumentException):
        system.util.sendMessage("P", "h", scope="X")
    with pytest.raises(jvm.IllegalArgumentException):
        system.util.sendMessage("P", "h", remoteServers=["gw2"])
    with pytest.raises(ValueError):
        gateway.util.register_message_handler("P", "h", "not callable")
    with pytest.raises(ValueError):
        gateway.util.register_message_handler("P", "h", len, thread_type="Weird")


def test_send_request_returns_handler_value(gateway, system):
    gateway.util.register_message_handler("Proj", "double", lambda p: p["n"] * 2)
    assert system.util.sendRequest("Proj", "double", {"n": 21}) == 42


def test_send_request_unknown_handler(gateway, system):
    gateway.util.register_message_handler("Proj", "known", lambda p: None)
    with pytest.raises(jvm.JavaException) as info:
        system.util.sendRequest("Proj", "unknown", {})
    assert "No message handler named 'unknown' in project 'Proj'" in str(info.value)
    assert "known" in str(info.value)
    assert not isinstance(info.value, Exception)


def test_send_request_handler_error_and_timeout(gateway, system):
    gateway.util.register_message_handler("Proj", "bad", lambda p: p["missing"])
    with pytest.raises(jvm.JavaException) as info:
        system.util.sendRequest("Proj", "bad", {})
    assert "KeyError" in str(info.value)
    release = threading.Event()
    gateway.util.register_message_handler("Proj", "slow", lambda p: release.wait(10))
    with pytest.raises(jvm.JavaException) as info:
        system.util.sendRequest("Proj", "slow", timeoutSec=0.05)
    assert "timed out" in str(info.value)
    release.set()
    with pytest.raises(jvm.IllegalArgumentException):
        system.util.sendRequest("Proj", "slow", timeoutSec=-1)


def test_send_request_async(gateway, system):
    gateway.util.register_message_handler("Proj", "echo", lambda p: p)
    ok = []
    handle = system.util.sendRequestAsync("Proj", "echo", {"a": 1}, onSuccess=ok.append)
    assert handle.get() == {"a": 1}
    assert handle.isDone() and handle.getError() is None
    assert ok == [{"a": 1}]
    gateway.util.register_message_handler("Proj", "fail", lambda p: 1 // 0)
    errs = []
    h2 = system.util.sendRequestAsync("Proj", "fail", onError=errs.append)
    assert h2.block() is None
    assert isinstance(h2.getError(), ZeroDivisionError) and len(errs) == 1


def test_blocking_handlers_run_one_at_a_time(gateway, system):
    active = [0]
    peak = [0]
    lock = threading.Lock()

    def handler(p):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        threading.Event().wait(0.01)
        with lock:
            active[0] -= 1
    gateway.util.register_message_handler("Proj", "serial", handler, thread_type="Blocking")
    for _ in range(5):
        system.util.sendMessage("Proj", "serial")
    assert gateway.util.join_async(10)
    assert peak[0] == 1


def test_json_encode_decode(system):
    obj = {"a": [1, 2.5, None, True], "b": {"c": "ü"}}
    text = system.util.jsonEncode(obj)
    assert " " not in text.replace("ü", "")
    assert system.util.jsonDecode(text) == obj
    pretty = system.util.jsonEncode({"a": 1}, 2)
    assert pretty == '{\n  "a": 1\n}'
    assert system.util.jsonDecode("[1, 2]") == [1, 2]
    assert system.util.jsonDecode("null") is None


def test_json_encode_java_values(system):
    from gateway_sim.java.util import ArrayList, HashMap
    from gateway_sim.java.util.concurrent import ConcurrentHashMap
    m = HashMap()
    m.put("k", ArrayList([1, 2]))
    chm = ConcurrentHashMap()
    chm.put("x", 1)
    d = system.date.fromMillis(1764072000000)
    text = system.util.jsonEncode({"m": m, "c": chm, "d": d, "t": (1, 2), "s": {3}})
    assert system.util.jsonDecode(text) == {"m": {"k": [1, 2]}, "c": {"x": 1},
                                            "d": 1764072000000, "t": [1, 2], "s": [3]}


def test_json_encode_dataset(system):
    from gateway_sim.dataset import BasicDataset
    ds = BasicDataset(["id", "name"], [[1, "a"], [2, "b"]])
    out = system.util.jsonDecode(system.util.jsonEncode(ds))
    assert [c["name"] for c in out["columns"]] == ["id", "name"]
    assert out["rows"] == [[1, "a"], [2, "b"]]


def test_json_bad_input(system):
    with pytest.raises(jvm.IllegalArgumentException) as info:
        system.util.jsonDecode("{not json")
    assert "invalid JSON" in str(info.value)
    with pytest.raises(TypeError):
        system.util.jsonDecode(42)
    with pytest.raises(jvm.IllegalArgumentException):
        system.util.jsonEncode(float("nan"))
    with pytest.raises(jvm.IllegalArgumentException):
        system.util.jsonEncode({}, indentFactor="2")


def test_facts(gateway, system):
    assert system.util.getProjectName() == gateway.project_name
    assert system.util.getSystemFlags() == 0
    assert system.util.getProperty("file.separator") in ("/", "\\")
    assert system.util.getProperty("no.such.property") is None
    v = system.util.getVersion()
    assert (v.major, v.minor) == (8, 1) and v.getMajor() == 8
    assert v.isFutureVersion("8.0.17") and not v.isFutureVersion("8.3.0")
    assert str(v).startswith("8.1.")
    with pytest.raises(jvm.IllegalArgumentException):
        v.isFutureVersion("eight")
    assert system.util.getEdition() == "standard"


@pytest.mark.gateway_config(version="8.3")
def test_version_83(system):
    assert system.util.getVersion().minor == 3


def test_thread_dump_lists_threads(system):
    t = system.util.invokeAsynchronous(lambda: threading.Event().wait(0.2), description="dumpme")
    text = system.util.threadDump()
    t.join()
    assert '"MainThread"' in text and "java.lang.Thread.State" in text
    assert "\tat " in text


@pytest.mark.allow_not_implemented
def test_missing_functions_raise_naming_themselves(system):
    # every gateway-scope system.util function is simulated; a namespace with gaps shows it
    with pytest.raises(NotImplementedInSimulator) as info:
        system.opchda.getServers()
    assert "system.opchda.getServers" in str(info.value)


def test_client_functions_raise_attribute_error_in_gateway_scope(system):
    with pytest.raises(AttributeError) as info:
        system.util.invokeLater(lambda: None)
    assert "no attribute 'invokeLater'" in str(info.value)
