"""JythonProject keeps reading the host's stderr: a project that logs a lot (its log lines
and worker tracebacks go to stderr) no longer fills the pipe and blocks the Jython process
in the middle of a call (the upstream project's own test runner hung that way)."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

RES = {"scope": "A", "version": 1, "files": ["code.py"]}


@pytest.fixture
def chatty(tmp_path):
    root = str(tmp_path / "chatty")
    d = os.path.join(root, "ignition", "script-python", "noisy", "log")
    os.makedirs(d)
    with open(os.path.join(root, "project.json"), "w") as f:
        json.dump({"title": "chatty", "enabled": True, "inheritable": False, "parent": ""}, f)
    with open(os.path.join(d, "resource.json"), "w") as f:
        json.dump(RES, f)
    with open(os.path.join(d, "code.py"), "w") as f:
        f.write("import sys\n"
                "def spam(lines):\n"
                "\tfor i in range(lines):\n"
                "\t\tsys.stderr.write('noise line %d %s\\n' % (i, 'x' * 100))\n"
                "\tsys.stderr.write('last words\\n')\n"
                "\treturn lines\n")
    return root


def test_a_call_that_writes_more_than_a_pipe_holds_to_stderr_returns(chatty, jython_project):
    jp = jython_project(chatty)
    # ~1.1 MB of stderr: far beyond a 64 KiB pipe buffer
    assert jp.call("noisy.log.spam", 10000) == 10000
    assert jp.call("noisy.log.spam", 10000) == 10000  # the host is still serving
    jp.close()  # joins the reader: the tail is complete from here on
    assert jp.stderr_tail()[-1] == "last words"
    assert len(jp.stderr_tail()) <= jp.STDERR_TAIL
