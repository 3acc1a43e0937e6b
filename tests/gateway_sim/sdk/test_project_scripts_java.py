"""A project library module written the way the issue's real projects write Java/SDK code
(Jython import forms, Java subclasses, SDK classes) loads and runs on the simulator."""
from __future__ import absolute_import, division, print_function

import json
import threading

MODULE = '''
import java.lang.Exception as JavaException
from java.lang import Runnable, Thread
from java.util import Collections
from java.util.concurrent import ConcurrentHashMap
import com.inductiveautomation.ignition.common.BasicDataset
from com.inductiveautomation.ignition.common import BasicDataset, TypeUtilities
from com.inductiveautomation.ignition.common.model.values import QualityCode, BasicQualifiedValue
from com.inductiveautomation.ignition.common.tags.paths.parser import TagPathParser
from com.inductiveautomation.ignition.common.util import DatasetBuilder
from java.lang import String, Integer

SEEN = Collections.newSetFromMap(ConcurrentHashMap())


class Worker(Runnable):
    def __init__(self, done):
        self.done = done

    def run(self):
        SEEN.add(Thread.currentThread().getName())
        self.done.set()


def start_worker(done):
    t = Thread(Worker(done), "sdk-worker")
    t.start()
    return t


def table():
    return DatasetBuilder.newBuilder().colNames("tag", "value").colTypes(String, Integer) \\
        .addRow("a", 1).build()


def read_quality(path):
    qv = system.tag.readBlocking([path])[0]
    return isinstance(qv, BasicQualifiedValue), qv.quality == QualityCode.Bad_NotFound


def item_name(path):
    return TagPathParser.parse(path).getItemName()


def risky():
    try:
        raise JavaException("from java")
    except JavaException as e:
        return "caught " + e.getMessage()


def is_basic(ds):
    return isinstance(ds, BasicDataset) and \\
        com.inductiveautomation.ignition.common.BasicDataset is BasicDataset
'''


def _project(tmp_path):
    root = tmp_path / "javaproj"
    mod = root / "ignition" / "script-python" / "util" / "javaish"
    mod.mkdir(parents=True)
    (root / "project.json").write_text(json.dumps({"title": "java-ish", "enabled": True}))
    (mod / "code.py").write_text(MODULE)
    (mod / "resource.json").write_text(json.dumps({"scope": "A", "version": 1,
                                                   "files": ["code.py"]}))
    return str(root)


def test_project_module_with_java_and_sdk_code_runs(gateway, tmp_path):
    proj = gateway.projects.load(_project(tmp_path), start=False)
    m = proj.import_module("util.javaish")
    done = threading.Event()
    m.start_worker(done).join()
    assert done.is_set() and "sdk-worker" in m.SEEN
    ds = m.table()
    assert ds.getValueAt(0, "value") == 1 and m.is_basic(ds)
    assert m.read_quality("[default]does/not/exist") == (True, True)
    assert m.item_name("[default]Line/Motor") == "Motor"
    assert m.risky() == "caught from java"
