"""The workflow surface under real Jython 2.7: envelopes, codes, Java exceptions, steps.

Run by ``test_surface_jython.py`` (``java -cp jython.jar:... org.python.util.jython``
with the repository as working directory); also runs on CPython. Prints one
``CHECK <name> ok`` line per check and ``SURFACE-OK`` at the end; any failure
raises (exit status 1) with the check's name. On Jython the Java exceptions are
the real ``java.lang`` ones, which ``except Exception`` does not catch: this is
where "never raises" is proven.

Single-source 2.7/3 (it is executed by Jython).
"""
from __future__ import absolute_import, division, print_function

import json
import os
import sys
import shutil
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests", "workflows", "acceptance"))


def check(name, cond, detail=None):
    if not cond:
        raise AssertionError("CHECK %s failed: %r" % (name, detail))
    print("CHECK %s ok" % name)


def wait_terminal(host, service, wid, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        service.dispatch()
        rows = host.db_query("SELECT status, result_json, error_json FROM workflow_status "
                             "WHERE workflow_id = ?", [wid])
        if rows and rows[0]["status"] in ("SUCCESS", "ERROR", "CANCELLED"):
            return rows[0]
        time.sleep(0.05)
    raise AssertionError("run %s did not finish" % wid)


def main():
    from gateway_sim.gateway import Gateway
    from gateway_sim.simulate import simulate
    data_dir = tempfile.mkdtemp(prefix="surface-jython-")
    try:
        gw = Gateway(data_dir=data_dir)
        with simulate(gw):
            try:
                run_checks(gw)
            finally:
                from exchange.workflows.engine import instance
                instance.shutdownRuntime(5)
        gw.shutdown()
    finally:
        shutil.rmtree(data_dir, True)  # tests leave nothing behind
    print("SURFACE-OK")


def run_checks(gw):
    from exchange.workflows import apps, compat
    from exchange.workflows.api import admin, service
    from exchange.workflows.engine import host, registry
    from exchange.workflows.is88 import models
    from exchange.workflows.util.response import isEnvelope

    check("apps.load", apps.load(include_tests=True) is True)
    check("is88", models.pickHighestPriority([{"cmd": "hold"}, {"cmd": "STOP"}],
                                             "RUNNING")["cmd"] == "STOP")

    resp = service.start("tests.retry_workflow", {"fail_until": 2})
    check("start", resp["ok"] and isinstance(resp["meta"].get("generation"), int), resp)
    row = wait_terminal(host, service, resp["workflowId"])
    check("retry run", row["status"] == "SUCCESS", row)

    bad = service.start("tests.fast_enqueue_target", {"v": set([1])})
    check("INVALID_INPUTS", bad["code"] == "INVALID_INPUTS", bad)
    check("UNKNOWN_COMMAND",
          service.sendCommand(resp["workflowId"], "abort")["code"] == "UNKNOWN_COMMAND")
    check("WORKFLOW_NOT_FOUND",
          service.sendCommand("missing-id", "HOLD")["code"] == "WORKFLOW_NOT_FOUND")
    check("INVALID_MODE", admin.enterMaintenance("x")["code"] == "INVALID_MODE")
    check("SCHEMA_OK", admin.checkSchema()["code"] == "SCHEMA_OK")

    # A real java.lang exception escaping the engine must still become an envelope.
    from java.lang import IllegalStateException
    original = service.getRuntime

    def broken(dbName=None):
        raise IllegalStateException("java says no")
    service.getRuntime = broken
    try:
        for fn, code in ((service.dispatch, "DISPATCH_FAILED"),
                         (admin.getMaintenanceStatus, "MAINTENANCE_STATUS_FAILED"),
                         (admin.applyRetention, "RETENTION_FAILED")):
            out = fn()
            check("java->%s" % code, isEnvelope(out) and out["code"] == code, out)
        out = service.start("tests.fast_enqueue_target")
        check("java->START_FAILED", out["code"] == "START_FAILED" and "java" in out["error"], out)
    finally:
        service.getRuntime = original

    # Built-in steps on the simulated tags and the SQLite datasource.
    gw.tags.load_data({"tags": [{"name": "Lvl", "tagType": "AtomicTag", "valueSource": "memory",
                                 "dataType": "Int4", "value": 3}]})
    step = lambda name: registry.step_info(name)["fn"]  # noqa: E731
    out = step("tags.read")("[default]Lvl")
    check("tags.read", out["value"] == 3 and out["quality"] == "Good", out)
    json.dumps(out)
    out = step("tags.write_confirm")("[default]Lvl", "4", timeout_ms=2000, poll_ms=10)
    check("tags.write_confirm", out["confirmed"] is True, out)
    out = step("wait.until_tag_equals")("[default]Lvl", 99, timeout_ms=50, poll_ms=10)
    check("wait.timeout", out["ok"] is False and out["value"] == 4, out)
    check("sleep.chunked", step("sleep.chunked")(40, 10)["slept_ms"] == 40)
    try:
        step("sleep.sleep_chunked")(10, 0)
        check("chunk_ms<=0", False)
    except ValueError:
        check("chunk_ms<=0", True)
    rows = step("db.query")("", "SELECT 1 AS one")
    check("db.query", rows == [{"one": 1}], rows)
    try:
        step("db.query")("", "SELECT * FROM no_such_table")
        check("db error raises", False)
    except compat.CATCHABLE as exc:
        check("db error raises", True, compat.exception_text(exc))


if __name__ == "__main__":
    main()
