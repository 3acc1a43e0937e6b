"""Acceptance fixtures: a simulated gateway with the ``tests.*`` fixtures registered.

``wf`` yields the runtime facade; teardown cancels runs the test left active and
shuts the runtime down so worker threads do not outlive the gateway.

Nothing from ``exchange`` is imported at module level: pytest imports this file
before the gateway_sim plugin installs its ``java`` package, and
``exchange.workflows.compat`` binds the Java exception classes when first imported.
"""
import pytest


@pytest.fixture
def wf(gateway):
    from exchange.workflows.tests import fixtures as workflow_fixtures
    from acceptance_helpers import ACTIVE, q
    from exchange.workflows import apps
    from exchange.workflows.bootstrap import getWorkflows
    apps.load(include_tests=True)
    workflow_fixtures.reset_counters()
    rt = getWorkflows()
    try:
        yield rt
    finally:
        from exchange.workflows.api import admin
        admin.exitMaintenance()
        placeholders = ", ".join("?" for _ in ACTIVE)
        for r in q("SELECT workflow_id FROM workflow_status WHERE status IN (%s)" % placeholders,
                   ACTIVE):
            try:
                rt.cancelWorkflow(r["workflow_id"], "test teardown")
            except Exception:
                pass
        from exchange.workflows.engine import instance
        instance.shutdownRuntime(5)
