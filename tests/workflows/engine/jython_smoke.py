"""Engine smoke test run by real Jython 2.7 (see test_jython.py); prints SMOKE OK.

Covers: kernel of real Java objects, steps + retry of a Java exception, mailbox,
event op, replay after forced re-run, recovery of an orphaned run, one execution at a
time under cancel + resume, SystemExit from a step.
"""
from __future__ import absolute_import, division, print_function

import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

from gateway_sim import Gateway, simulate  # noqa: E402


def main():
    gw = Gateway(name="jy")  # its own temp folder, removed by shutdown()
    with simulate(gw):
        from exchange.workflows import compat
        from exchange.workflows.bootstrap import getWorkflows, step, workflow
        from exchange.workflows.engine import host, instance
        assert compat.IS_JYTHON and compat.HAS_JAVA_CONCURRENT
        calls = {"s": 0, "j": 0}

        @step("jy.s")
        def s(x):
            calls["s"] += 1
            return x * 2

        @step("jy.j", options={"retries_allowed": True, "max_attempts": 3})
        def j():
            from java.lang import IllegalStateException
            calls["j"] += 1
            if calls["j"] < 3:
                raise IllegalStateException("java boom")
            return "ok"

        @workflow("jy.w")
        def w(x=1):
            rt = getWorkflows()
            rt.setEvent("k", "v")
            m = rt.recv("cmd", 5)
            return [s(x), s(x + 1), j(), m]

        rt = getWorkflows()
        k = rt.kernel
        assert type(k).__name__ == "ConcurrentHashMap", type(k)
        wid = rt.enqueue("jy.w", {"x": 3})
        rt.send(wid, {"cmd": "HOLD"})
        assert rt.getResult(wid, 30) == [6, 8, "ok", {"cmd": "HOLD"}]
        host.db_update("UPDATE workflow_status SET status='ENQUEUED', claimed_by=NULL WHERE "
                       "workflow_id=?", [wid], rt.dbName)
        assert rt.getResult(wid, 30) == [6, 8, "ok", {"cmd": "HOLD"}]
        assert calls == {"s": 2, "j": 3}, calls
        steps = rt.listRunSteps(wid)
        assert [x["kind"] for x in steps] == ["setEvent", "recv", "step", "step", "step"]
        assert steps[-1]["attempts"] == 3
        ownership(rt, step, workflow)
        instance.shutdownRuntime(2)
    gw.shutdown()
    print("SMOKE OK")


def ownership(rt, step, workflow):
    """Issue 11 bugs 1 and 5 with true parallelism: cancel + resume while a step runs gives
    one execution at a time; SystemExit from a step ends the run in ERROR, workers survive."""
    import threading
    import time
    from exchange.workflows.engine import kernel as K
    gate = threading.Event()
    lock = threading.Lock()
    conc = {"now": 0, "max": 0, "entered": 0}

    @step("jy.block")
    def block():
        with lock:
            conc["entered"] += 1
            conc["now"] += 1
            conc["max"] = max(conc["max"], conc["now"])
        try:
            gate.wait(30)
        finally:
            with lock:
                conc["now"] -= 1
        return "done"

    @step("jy.exit", options={"retries_allowed": True, "max_attempts": 3})
    def exits():
        raise SystemExit(2)

    @workflow("jy.block.w")
    def bw():
        return block()

    @workflow("jy.exit.w")
    def ew():
        return exits()

    def wait(pred, what):
        end = time.time() + 30
        while time.time() < end:
            if pred():
                return
            time.sleep(0.01)
        raise AssertionError("timed out waiting for " + what)
    wid = rt.enqueue("jy.block.w")
    wait(lambda: conc["entered"] == 1, "step entered")
    assert rt.cancelWorkflow(wid) == 1
    out = {}
    t = threading.Thread(target=lambda: out.setdefault("r", rt.resumeWorkflow(wid, waitSeconds=30)))
    t.start()
    wait(lambda: K.counters(rt.kernel).get("resume.waiting_for_execution") or conc["entered"] > 1,
         "resume waiting")
    gate.set()
    t.join(30)
    assert out.get("r") is True, out
    assert rt.getResult(wid, 30) == "done"
    assert conc["max"] == 1 and conc["entered"] == 2, conc
    bad = rt.enqueue("jy.exit.w")
    wait(lambda: (rt.getStatus(bad) or {}).get("status") == "ERROR", "SystemExit run ERROR")
    assert "SystemExit" in str(rt.getStatus(bad)["error"])
    assert rt.getResult(rt.enqueue("jy.block.w"), 30) == "done"


if __name__ == "__main__":
    main()
