"""The SDK stand-ins also serve Jython 2.7 (the Jython host has no Ignition jars)."""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "jython"))
import jython_launch  # noqa: E402


def test_sdk_stand_ins_import_and_work_on_jython():
    try:
        proc = jython_launch.run_jython(os.path.join(HERE, "jython_sdk_script.py"),
                                        [jython_launch.REPO_ROOT], timeout=300)
    except jython_launch.JythonMissing as exc:
        jython_launch.unavailable(pytest, exc)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "same True True",
        "builder 1 java.lang.Integer",
        "columns 2 y True",
        "coerce 42 7",
        "path b",
        "context True File '\\xff\\xd8' JPEG",
        "missing com.inductiveautomation.ignition.gateway.localdb is not provided by gateway_sim",
        "missing com.inductiveautomation.ignition.common.NoSuchClass is not provided by "
        "gateway_sim",
        "missing com.inductiveautomation.ignition.gateway.SRContext is not provided by "
        "gateway_sim",
        "star ['BasicQualifiedValue', 'QualifiedValue', 'QualityCode']",
    ], proc.stderr
