"""Ignition SDK stand-ins under CPython: import forms, same classes as system.* returns,
and the SDK's constructors / statics (BasicDataset, DatasetBuilder, TypeUtilities,
QualityCode, BasicQualifiedValue, TagPathParser, ScriptPackage)."""
from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys
import textwrap

import pytest

from gateway_sim import java as java_pkg

C = "com.inductiveautomation.ignition.common"


@pytest.fixture(autouse=True)
def hook():
    java_pkg.install()


def run_py(code):
    """A fresh interpreter without JPype (import state must not leak between cases)."""
    src = "import sys\nsys.modules['jpype'] = None\n" + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", src], capture_output=True, text=True,
                          timeout=120)


def test_every_import_form_scripts_use():
    proc = run_py("""
        from gateway_sim import java
        java.install()
        import com.inductiveautomation.ignition.common.BasicDataset
        import com.inductiveautomation.ignition.common.BasicDataset as BD
        from com.inductiveautomation.ignition.common import BasicDataset, Dataset, TypeUtilities
        from com.inductiveautomation.ignition.common.model.values import QualityCode, BasicQualifiedValue
        from com.inductiveautomation.ignition.common.tags.paths.parser import TagPathParser
        from com.inductiveautomation.ignition.common.tags.model import TagPath
        from com.inductiveautomation.ignition.common.tags.paths import BasicTagPath
        from com.inductiveautomation.ignition.common.script import ScriptPackage, ScriptModule
        from com.inductiveautomation.ignition.common.util import DatasetBuilder
        from com.inductiveautomation.ignition.common.script.builtin import DatasetUtilities
        import com.inductiveautomation.ignition.common as common
        from gateway_sim import dataset, quality
        print(BD is BasicDataset is dataset.BasicDataset,
              com.inductiveautomation.ignition.common.BasicDataset is BD,
              common.model.values.QualityCode is QualityCode is quality.QualityCode,
              BasicQualifiedValue is quality.QualifiedValue,
              DatasetUtilities.PyDataSet is dataset.PyDataSet)
    """)
    assert proc.stdout.split() == ["True"] * 5, proc.stderr


def test_star_import_of_a_provided_package_binds_its_classes():
    proc = run_py("""
        from gateway_sim import java
        java.install()
        from com.inductiveautomation.ignition.common.model.values import *
        print(sorted(k for k in dir() if k[:1].isupper()))
    """)
    assert proc.stdout.strip() == "['BasicQualifiedValue', 'QualifiedValue', 'QualityCode']", \
        proc.stderr


def test_missing_sdk_names_fail_in_one_line_naming_them():
    proc = run_py("""
        from gateway_sim import java
        java.install()
        for stmt in ("from com.inductiveautomation.ignition.gateway import SRContext",
                     "from com.inductiveautomation.ignition.common import NoSuchClass",
                     "import com.inductiveautomation.ignition.common.NoSuchClass as X"):
            try:
                exec(stmt)
            except ImportError as e:
                print(str(e).count(chr(10)), str(e).split(" (")[0])
    """)
    assert proc.stdout.splitlines() == [
        "0 com.inductiveautomation.ignition.gateway.SRContext is not provided by gateway_sim",
        "0 com.inductiveautomation.ignition.common.NoSuchClass is not provided by gateway_sim",
        "0 com.inductiveautomation.ignition.common.NoSuchClass is not provided by gateway_sim",
    ], proc.stderr


def test_values_from_system_calls_are_instances_of_the_sdk_classes(gateway, system):
    from com.inductiveautomation.ignition.common import BasicDataset, Dataset
    from com.inductiveautomation.ignition.common.model.values import (
        BasicQualifiedValue, QualifiedValue, QualityCode)
    ds = system.dataset.toDataSet(["a"], [[1]])
    assert isinstance(ds, BasicDataset) and isinstance(ds, Dataset)
    assert not isinstance(system.dataset.toPyDataSet(ds), Dataset)  # PyDataSet wraps, not is
    system.tag.writeBlocking(["[default]sdk_probe"], [5])
    qv = system.tag.readBlocking(["[default]sdk_probe"])[0]
    assert isinstance(qv, BasicQualifiedValue) and isinstance(qv, QualifiedValue)
    assert isinstance(qv.quality, QualityCode)
    missing = system.tag.readBlocking(["[default]no/such/tag"])[0].quality
    assert missing == QualityCode.Bad_NotFound and missing.isBad()


def test_basic_dataset_sdk_constructors_take_column_major_data():
    from com.inductiveautomation.ignition.common import BasicDataset
    from java.lang import Integer, String
    from java.util import ArrayList
    ds = BasicDataset(["name", "n"], [String, Integer], [["a", "b", "c"], [1, 2, 3]])
    assert (ds.getRowCount(), ds.getColumnCount()) == (3, 2)
    assert ds.getValueAt(2, "n") == 3 and ds.getValueAt(1, 0) == "b"
    assert [t.getName() for t in ds.getColumnTypes()] == ["java.lang.String", "java.lang.Integer"]
    via_lists = BasicDataset(ArrayList(["x"]), ArrayList([float]), [[1.5, 2.5]])
    assert via_lists.getColumnType(0).getName() == "java.lang.Double"
    copy = BasicDataset(ds)
    assert copy.getColumnNames() == ["name", "n"] and copy.getValueAt(0, 1) == 1
    renamed = BasicDataset(["x", "y"], [String, Integer], ds)
    assert renamed.getColumnNames() == ["x", "y"] and renamed.getValueAt(2, "y") == 3
    empty = BasicDataset(["a", "b"], [String, Integer])
    assert (empty.getRowCount(), empty.getColumnCount()) == (0, 2)
    assert BasicDataset().getColumnCount() == 0
    # the simulator's own form still works (rows, not columns)
    assert BasicDataset(["a", "b"], [[1, 2]]).getValueAt(0, "b") == 2


@pytest.mark.allow_not_implemented
def test_basic_dataset_sdk_constructor_bad_inputs():
    from com.inductiveautomation.ignition.common import BasicDataset
    from java.lang import IllegalArgumentException, Integer, String
    from gateway_sim.errors import NotImplementedInSimulator
    with pytest.raises(IllegalArgumentException) as e1:
        BasicDataset(["a", "b"], [String, Integer], [["x", "y"]])
    assert "column-major" in str(e1.value)
    with pytest.raises(IllegalArgumentException) as e2:
        BasicDataset(["a", "b"], [String, Integer], [["x", "y"], [1]])
    assert "different lengths" in str(e2.value)
    with pytest.raises(NotImplementedInSimulator):
        BasicDataset(["a"], [String], [["x"]], [[None]])
    with pytest.raises(TypeError) as e3:
        BasicDataset(["a"])
    assert "rows is missing" in str(e3.value)


def test_dataset_builder():
    from com.inductiveautomation.ignition.common.util import DatasetBuilder
    from com.inductiveautomation.ignition.common import Dataset
    from java.lang import IllegalArgumentException, IllegalStateException, Integer, String
    ds = (DatasetBuilder.newBuilder().colNames("name", "qty").colTypes(String, Integer)
          .addRow("bolt", 4).addRow("nut", 9).build())
    assert isinstance(ds, Dataset)
    assert ds.getRowCount() == 2 and ds.getValueAt(1, "qty") == 9
    assert ds.getColumnType(1).getName() == "java.lang.Integer"
    lists = DatasetBuilder.newBuilder().colNames(["a"]).colTypes([String]).addRow(["z"]).build()
    assert lists.getValueAt(0, 0) == ["z"][0]
    with pytest.raises(IllegalArgumentException) as e:
        DatasetBuilder.newBuilder().colNames("a", "b").colTypes(String, Integer).addRow("only")
    assert "1 values for 2 columns" in str(e.value)
    with pytest.raises(IllegalStateException):
        DatasetBuilder.newBuilder().colNames("a").addRow("x")
    with pytest.raises(TypeError) as te:
        DatasetBuilder.newBuilder().colTypes("java.lang.String")
    assert "needs Java classes" in str(te.value)


def test_type_utilities():
    from com.inductiveautomation.ignition.common import TypeUtilities as TU
    from java.lang import Boolean, ClassCastException, Double, Integer, Long, String
    assert TU.toInteger("42") == 42 and TU.toInteger(2.5) == 3 and TU.toInteger(True) == 1
    assert TU.toInteger(2 ** 31) == -2 ** 31          # Java int narrowing
    assert TU.toLong("9000000000") == 9000000000
    assert TU.toDouble("1.25") == 1.25 and TU.toFloat(3) == 3.0
    assert TU.toBool("true") is True and TU.toBool("False") is False and TU.toBool(0) is False
    assert TU.toStr(True) == "true" and TU.toStr(None) is None
    assert TU.coerce("7", Integer) == 7 and TU.coerce(1, Boolean) is True
    assert TU.coerce(3, String) == "3" and TU.coerce("2.5", Double) == 2.5
    assert TU.coerce(None, Integer) == 0 and TU.coerceNullSafe(None, Integer) is None
    assert TU.coerce(None, Long) == 0 and TU.coerce(None, Boolean) is False
    assert TU.toDate(0).getTime() == 0
    assert TU.isNumber(Integer) and not TU.isNumber(String) and TU.isFractional(Double)
    assert TU.isNullOrEmpty("") and TU.equalsIgnoreCase("Ab", "aB")
    with pytest.raises(ClassCastException) as e:
        TU.toInteger("abc")
    assert "'abc'" in str(e.value) and "java.lang.Integer" in str(e.value)
    with pytest.raises(TypeError) as te:
        TU.coerce(1, "Integer")
    assert "needs a Java class" in str(te.value)


def test_quality_code_and_qualified_value():
    from com.inductiveautomation.ignition.common.model.values import (
        BasicQualifiedValue, QualifiedValue, QualityCode)
    from java.util import Date
    qv = BasicQualifiedValue(5, QualityCode.Good, Date(1000))
    assert qv.getValue() == 5 and qv.value == 5 and qv.quality.isGood()
    assert qv.getTimestamp().getTime() == 1000 and isinstance(qv, QualifiedValue)
    assert QualityCode.getQualityFor(QualityCode.Bad_Stale.getCode()) == QualityCode.Bad_Stale
    assert QualityCode.Uncertain.isUncertain() and QualityCode.Error.isBadOrError()


def test_tag_path_parser():
    from com.inductiveautomation.ignition.common.tags.model import TagPath
    from com.inductiveautomation.ignition.common.tags.paths import BasicTagPath
    from com.inductiveautomation.ignition.common.tags.paths.parser import TagPathParser
    from java.io import IOException
    p = TagPathParser.parse("[default]Line1/Pump/Amps.Quality")
    assert isinstance(p, TagPath) and isinstance(p, BasicTagPath)
    assert (p.getSource(), p.getItemName(), p.getProperty()) == ("default", "Amps", "Quality")
    assert p.getPathLength() == 3 and str(p.getParentPath()) == "[default]Line1/Pump"
    assert str(TagPathParser.parse("edge", "Folder/Tag")) == "[edge]Folder/Tag"
    assert p == BasicTagPath("default", ["Line1", "Pump", "Amps"], "Quality")
    assert TagPathParser.isRelativePath("[.]sibling") and not TagPathParser.isRelativePath("[a]b")
    with pytest.raises(IOException) as e:
        TagPathParser.parse("[default]bad{name")
    assert "bad{name" in str(e.value)
    assert TagPathParser.parseSafe("[default]bad{name") is None
    with pytest.raises(TypeError):
        TagPathParser.parse(42)


def test_script_package_and_module_match_the_project_library(gateway, tmp_path):
    root = tmp_path / "proj"
    lib = root / "ignition" / "script-python" / "tools" / "helpers"
    lib.mkdir(parents=True)
    (root / "project.json").write_text(json.dumps({"title": "p", "enabled": True}))
    (lib / "code.py").write_text("def f():\n    return 1\n")
    (lib / "resource.json").write_text(json.dumps({"scope": "A", "version": 1,
                                                   "files": ["code.py"]}))
    proj = gateway.projects.load(str(root), start=False)
    from com.inductiveautomation.ignition.common.script import ScriptModule, ScriptPackage
    helpers = proj.import_module("tools.helpers")
    tools = proj.namespace.implicit_globals()["tools"]
    assert isinstance(tools, ScriptPackage) and not isinstance(tools, ScriptModule)
    assert isinstance(helpers, ScriptModule) and not isinstance(helpers, ScriptPackage)
    assert not isinstance(os, ScriptPackage)
    with pytest.raises(TypeError):
        ScriptPackage()


def test_real_jdk_classes_from_jpype_work_as_column_types():
    from gateway_sim.java import bridge
    why = bridge.unavailable_reason()
    if why is not None:
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail("no JVM for JPype here: %s" % why)
        pytest.skip("no JVM for JPype here: %s" % why)
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        from gateway_sim import java
        java.install()
        from java.util import BitSet            # not a stand-in: the real JDK class
        from gateway_sim.java import bridge
        JString = bridge.jclass("java.lang.String")
        from com.inductiveautomation.ignition.common.util import DatasetBuilder
        from com.inductiveautomation.ignition.common import TypeUtilities
        ds = (DatasetBuilder.newBuilder().colNames("name", "when").colTypes(JString, BitSet)
              .addRow("a", None).build())
        print(",".join(t.getName() for t in ds.getColumnTypes()))
        print(TypeUtilities.coerce("5", bridge.jclass("java.lang.Integer")))
    """)], capture_output=True, text=True, timeout=120)
    assert proc.stdout.splitlines() == ["java.lang.String,java.util.BitSet", "5"], proc.stderr
