"""Fuzz suites (hypothesis): one simulated gateway per module, modest example counts.

Example counts live in ``fuzz_settings.FUZZ`` (applied per test, so other suites'
hypothesis settings are untouched).
"""
from __future__ import absolute_import, division, print_function

import shutil
import tempfile

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: real-process chaos/fuzz suites (run by default)")


@pytest.fixture(scope="module")
def sim_gateway():
    """A gateway active as ``system`` for the whole module (hypothesis reuses it)."""
    from gateway_sim import Gateway, simulate
    d = tempfile.mkdtemp(prefix="fuzz-")
    gw = Gateway(name="fuzz-gw", data_dir=d, project_name="fuzz")
    sim = simulate(gw)
    sim.__enter__()
    import system
    system.tag.configure("[default]", [
        {"name": "Fuzz", "tagType": "Folder", "tags": [
            {"name": "Int", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4",
             "value": 1},
            {"name": "Text", "tagType": "AtomicTag", "valueSource": "memory",
             "dataType": "String", "value": "x"},
            {"name": "Float", "tagType": "AtomicTag", "valueSource": "memory",
             "dataType": "Float8", "value": 1.5},
            {"name": "Bool", "tagType": "AtomicTag", "valueSource": "memory",
             "dataType": "Boolean", "value": True}]}], "o")
    system.db.runUpdateQuery("CREATE TABLE fuzz_t (id INTEGER PRIMARY KEY, name TEXT, v REAL)")
    system.db.runPrepUpdate("INSERT INTO fuzz_t (name, v) VALUES (?, ?)", ["a", 1.0])
    try:
        yield gw
    finally:
        try:
            from exchange.workflows.engine import instance
            instance.shutdownRuntime(2)
        except Exception:
            pass
        sim.__exit__(None, None, None)
        gw.shutdown()
        shutil.rmtree(d, True)
