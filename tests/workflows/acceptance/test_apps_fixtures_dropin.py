"""Issue 11 item 13: ``apps.load(include_tests=True)`` works with the library alone.

A project that drops ``exchange/`` into its script library has no ``tests/`` folder
of this repository on its path; upstream loads its fixtures module from the library
itself, and so must we.
"""
import os
import sys


def test_include_tests_needs_nothing_outside_the_library(gateway, monkeypatch):
    from exchange.workflows import apps
    from exchange.workflows.engine import registry
    # <root>/exchange/workflows/apps/__init__.py -> <root>
    library_root = os.path.abspath(os.path.join(os.path.dirname(apps.__file__), "..", "..", ".."))
    here = os.path.dirname(os.path.abspath(__file__))
    # only what a dropped-in project has: the library (and the host), not this repo's tests/
    monkeypatch.setattr(sys, "path", [p for p in sys.path
                                      if p and os.path.abspath(p) != here
                                      and not os.path.abspath(p).startswith(
                                          os.path.join(library_root, "tests"))])
    for name in [m for m in sys.modules if m == "workflow_fixtures"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(apps, "_loaded", set())
    assert apps.load(include_tests=True) is True
    for name in ("tests.retry_workflow", "tests.fast_enqueue_target", "tests.hold_resume"):
        assert name in registry.workflow_names(), name
    for name in ("tests.unstable_step", "tests.counting_step"):
        assert name in registry.step_names(), name
    fixtures = sys.modules[apps.TEST_MODULES[0]]
    assert os.path.abspath(fixtures.__file__).startswith(
        os.path.join(library_root, "exchange")), fixtures.__file__
