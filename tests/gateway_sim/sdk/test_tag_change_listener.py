"""The ``TagChangeListener`` interface (issue 10 hunt: a real project's library defines a
listener class at import time): a module subclassing it imports, its listener is
called like any object, an unimplemented ``tagChanged`` names the fix, and the gateway
context a script would subscribe through stays a one-line ImportError."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from gateway_sim import java as java_pkg
from gateway_sim.check import OK, check_project

EV = "com.inductiveautomation.ignition.common.tags.model.event"


@pytest.fixture(autouse=True)
def hook():
    java_pkg.install()


def test_a_script_subclasses_the_listener_and_it_is_called():
    ns = {}
    exec("from %s import TagChangeListener\n"
         "class Seen(TagChangeListener):\n"
         "    def __init__(self):\n"
         "        self.events = []\n"
         "    def tagChanged(self, event):\n"
         "        self.events.append(event)\n" % EV, ns)
    seen = ns["Seen"]()
    seen.tagChanged("evt")
    assert seen.events == ["evt"]
    assert isinstance(seen, ns["TagChangeListener"])


def test_tag_changed_not_implemented_names_the_fix():
    from gateway_sim.sdk.tagevents import TagChangeListener

    class Lazy(TagChangeListener):
        pass

    with pytest.raises(NotImplementedError) as exc:
        Lazy().tagChanged(None)
    assert "define tagChanged(self, event)" in str(exc.value)


def test_an_unprovided_gateway_class_is_a_clear_import_error():
    with pytest.raises(ImportError) as exc:
        exec("from com.inductiveautomation.ignition.gateway import SRContext", {})
    assert "TagChangeListener" in str(exc.value)  # listed among what is provided


def test_check_a_module_defining_a_listener_imports(tmp_path):
    root = str(tmp_path / "listen")
    d = os.path.join(root, "ignition", "script-python", "subs")
    os.makedirs(d)
    with open(os.path.join(root, "project.json"), "w") as f:
        json.dump({"title": "listen", "enabled": True, "parent": ""}, f)
    with open(os.path.join(d, "resource.json"), "w") as f:
        json.dump({"scope": "A", "version": 1, "files": ["code.py"]}, f)
    with open(os.path.join(d, "code.py"), "w") as f:
        f.write("from %s import TagChangeListener\n"
                "class Queue(TagChangeListener):\n"
                "\tdef tagChanged(self, event):\n"
                "\t\tpass\n" % EV)
    report = check_project(root, "8.1", fire_events=False)
    assert [(r["name"], r["status"]) for r in report["rows"]] == [("subs", OK)]
    assert EV + ".TagChangeListener" not in report["missing"]["java"]
