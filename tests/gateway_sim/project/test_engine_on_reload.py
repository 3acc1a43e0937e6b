"""The engine across a simulated project save, on CPython.

The project's library (``exchange/`` converted as the export does, plus one
project module registering a workflow) runs in the project's script namespace;
``reload_scripts()`` starts a new namespace with fresh copies of every module
while the engine's kernel stays in ``getGlobals()`` -- what a gateway does on a
project save. New runs must use the new code.
"""
from __future__ import absolute_import, division, print_function

import os
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

FLOWS = '''from exchange.workflows.bootstrap import workflow

VERSION = "%s"


@workflow(name="sim.reload.version")
def version():
\treturn VERSION
'''


def _write_flows(project, version):
    d = os.path.join(project, "ignition", "script-python", "site", "flows")
    if not os.path.isdir(d):
        os.makedirs(d)
    with open(os.path.join(d, "code.py"), "w") as f:
        f.write(FLOWS % version)


@pytest.fixture
def project(tmp_path):
    p = str(tmp_path / "site")
    os.makedirs(p)
    with open(os.path.join(p, "project.json"), "w") as f:
        f.write('{"title": "Site"}')
    _write_flows(p, "v1")
    return p


def _run(proj, settle=0.0):
    proj.import_module("site.flows")  # importing registers the workflow in this namespace
    rt = proj.import_module("exchange.workflows.engine.instance").getWorkflows()
    if settle:
        time.sleep(settle)  # let the old interpreter's workers notice the takeover
    wid = rt.enqueue("sim.reload.version", {})
    return rt.retrieve(wid).getResult(timeoutSeconds=30)


def test_new_code_after_a_reload_once_old_workers_have_stopped(gateway, project):
    proj = gateway.projects.load(project, python_packages=[os.path.join(REPO, "exchange")])
    try:
        assert _run(proj) == "v1"
        _write_flows(project, "v2")
        gateway.projects.reload_scripts()
        assert _run(proj, settle=1.0) == "v2"
    finally:
        proj.import_module("exchange.workflows.engine.instance").shutdownRuntime(5)


def test_runs_started_right_after_a_reload_use_the_new_code(gateway, project):
    proj = gateway.projects.load(project, python_packages=[os.path.join(REPO, "exchange")])
    try:
        old_instance = proj.import_module("exchange.workflows.engine.instance")
        assert _run(proj) == "v1"
        _write_flows(project, "v2")
        gateway.projects.reload_scripts()
        assert proj.import_module("exchange.workflows.engine.instance") is not old_instance
        assert _run(proj) == "v2"
        assert _run(proj) == "v2"  # old interpreter's workers do not take new runs
    finally:
        proj.import_module("exchange.workflows.engine.instance").shutdownRuntime(5)
