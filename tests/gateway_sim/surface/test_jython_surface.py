"""The version-exact surface, gateway-scope namespaces and loud gaps under real Jython 2.7.

Skips saying what to install when Jython is missing; fails instead on CI (env CI=true).
"""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "jython"))
import jython_launch  # noqa: E402


@pytest.mark.jython
def test_surface_under_jython():
    proc = jython_launch.run_check_script(pytest, os.path.join(HERE, "jython_surface_check.py"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ALL OK" in proc.stdout, proc.stdout + proc.stderr
