"""Acceptance checklist, suite ``core`` (upstream 4, all [smoke]), adapted to our kernel."""
import os
import subprocess
import sys

from exchange.workflows.tests import fixtures as workflow_fixtures
from acceptance_helpers import q


def test_registry_fixtures_registered(wf):
    workflows, steps = set(wf.listWorkflows()), set(wf.listSteps())
    assert set(workflow_fixtures.FIXTURE_WORKFLOWS) <= workflows
    assert set(workflow_fixtures.FIXTURE_STEPS) <= steps
    assert {"demo.one_minute_progress", "demo.commands_60s"} <= workflows


def test_schema_basic_present(wf):
    from exchange.workflows.api import admin
    resp = admin.checkSchema()
    assert resp["ok"] and resp["code"] == "SCHEMA_OK", resp
    assert resp["schemaVersion"] is not None
    assert q("SELECT meta_value FROM schema_meta WHERE meta_key = 'schema_version'")


def test_kernel_java_only_contract(wf, gateway):
    """Adapted: our kernel lives in getGlobals and holds only Java/stdlib objects."""
    from exchange.workflows import settings
    import system
    g = system.util.getGlobals()
    kernel = g.get(settings.KERNEL_KEY)
    assert kernel is not None and kernel is wf.kernel
    assert settings.LEGACY_RUNTIME_KEY not in g
    keys = set(kernel.keySet()) if hasattr(kernel, "keySet") else set(kernel.keys())
    assert {"generation", "maintenanceEnabled", "inFlightWorkflows", "inMemoryQueue",
            "executorId"} <= keys
    for key in keys:
        value = kernel.get(key)
        module = type(value).__module__ or ""
        assert not module.startswith("exchange."), "kernel[%s] holds a project object %r" % (
            key, value)


def test_runtime_ephemeral_facade(wf):
    from exchange.workflows.bootstrap import getWorkflows
    a, b = getWorkflows(), getWorkflows()
    assert a is not b
    assert a.kernel is b.kernel and a.executor_id == b.executor_id


def test_apps_load_idempotent(wf):
    from exchange.workflows import apps
    assert apps.load(include_tests=True) is True
    assert apps.load(include_tests=True) is True
    assert apps.load() is True


def test_executor_diagnostics_shape(wf):
    diag = wf.getExecutorDiagnostics()
    for section in ("identity", "maintenance", "workload", "executors", "inMemoryQueue",
                    "capacity"):
        assert section in diag, section
    assert "workflows" in diag["executors"] and "steps" in diag["executors"]


def test_fixtures_not_registered_in_production():
    """Fix of upstream 7.2: ``apps.load()`` (the default) registers no ``tests.*`` workflow."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))))
    code = ("from exchange.workflows import apps\n"
            "from exchange.workflows.engine import registry\n"
            "assert apps.load() is True\n"
            "names = registry.workflow_names()\n"
            "assert 'demo.commands_60s' in names, names\n"
            "assert not [n for n in names if n.startswith('tests.')], names\n"
            "assert 'sleep.sleep_chunked' in registry.step_names()\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
