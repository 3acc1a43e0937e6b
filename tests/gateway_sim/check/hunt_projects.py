"""Small Ignition projects written by the hunt tests (the shape of what a real project had),
and the check on the Jython host those tests run them through."""
from __future__ import absolute_import, division, print_function

import io
import json
import os

import pytest

HANDLERS = {"timer": "handleTimerEvent", "scheduled": "handleScheduleEvent",
            "tag-change": "onTagChange", "message": "handleMessage"}


def _write(path, text):
    with io.open(path, "w", encoding="utf-8") as f:
        f.write(text if isinstance(text, type(u"")) else text.decode("utf-8"))


def write_project(root, modules=None, events=()):
    """A project folder at ``root``: ``modules`` {dotted: code}; ``events`` 8.3 gateway
    events as (kind, name, attributes, script text)."""
    for kind, name, attrs, text in events:
        d = os.path.join(root, "ignition", kind, name)
        os.makedirs(d)
        fname = HANDLERS[kind] + ".py"
        _write(os.path.join(d, "resource.json"), json.dumps(
            {"scope": "G", "version": 1, "files": [fname], "attributes": attrs}))
        _write(os.path.join(d, fname), text)
    for dotted, code in (modules or {}).items():
        d = os.path.join(root, "ignition", "script-python", *dotted.split("."))
        os.makedirs(d)
        _write(os.path.join(d, "resource.json"),
               json.dumps({"scope": "A", "version": 1, "files": ["code.py"]}))
        _write(os.path.join(d, "code.py"), code)
    _write(os.path.join(root, "project.json"), json.dumps(
        {"title": os.path.basename(root), "enabled": True, "inheritable": False, "parent": ""}))
    return root


def jython_check(root, version, **kw):
    """``gateway-sim check`` of ``root`` on the Jython host (skipped without Jython, failed
    on CI)."""
    from gateway_sim import jython_host
    try:
        jython_host.find_jython_jar()
        jython_host.find_java()
    except jython_host.JythonUnavailable as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))
    return jython_host.check(root, version, **kw)


def rows(report):
    return dict((r["name"], r) for r in report["rows"])
