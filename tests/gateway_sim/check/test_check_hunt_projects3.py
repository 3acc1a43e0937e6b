"""``gateway-sim check`` on shapes met in real public projects (issue 10 hunt, third pass):
each project here is a small one written for the test with the shape of what was found."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.check import OK, check_project
from hunt_projects import jython_check, rows, write_project


def _project(tmp_path, modules):
    return write_project(str(tmp_path / "hunt3"), modules)


def _jython_check(root, **kw):
    return jython_check(root, "8.1", fire_events=False, **kw)


_rows = rows


# A UDT helper library: imports BoundValue at module level to tell bound opcItemPath
# values from plain ones, and builds one to write a parameter binding back.
BOUND_VALUE_LIBRARY = (
    "from com.inductiveautomation.ignition.common.config import BoundValue\n"
    "def opcBindings(config, found):\n"
    "\tfor child in config.get('tags', []):\n"
    "\t\tif isinstance(child.get('opcItemPath'), BoundValue):\n"
    "\t\t\tfound.append(str(child['opcItemPath'].getBinding()))\n"
    "\treturn found\n"
    "bound = BoundValue('parameter', '[{Device}]{Path}/Speed')\n"
    "assert isinstance(bound, BoundValue)\n"
    "assert bound.getBindType() == 'parameter' and bound.bindType == 'parameter'\n"
    "assert bound.binding == '[{Device}]{Path}/Speed'\n"
    "assert opcBindings({'tags': [{'opcItemPath': bound}, {'opcItemPath': 'ns=1;s=x'}]}, []) \\\n"
    "\t== ['[{Device}]{Path}/Speed']\n"
    "res = system.tag.configure('[default]_types_', [{'name': 'Motor', 'tagType': 'UdtType',\n"
    "\t'parameters': {'Device': {'dataType': 'String', 'value': 'plc'},\n"
    "\t               'Path': {'dataType': 'String', 'value': 'M1'}},\n"
    "\t'tags': [{'name': 'Speed', 'tagType': 'AtomicTag', 'valueSource': 'opc',\n"
    "\t          'opcServer': 'Ignition OPC UA Server', 'opcItemPath': bound,\n"
    "\t          'dataType': 'Float8'}]}], 'o')\n"
    "assert res[0].isGood(), res\n")


def test_bound_value_sdk_class_imports_and_configures_a_binding(tmp_path):
    report = check_project(_project(tmp_path, {"udt.bindings": BOUND_VALUE_LIBRARY}), "8.1",
                           fire_events=False)
    row = report["rows"][0]
    assert row["status"] == OK, row["cause"]
    assert "com.inductiveautomation.ignition.common.config.BoundValue" not in \
        report["missing"]["java"], report["missing"]


@pytest.mark.jython
def test_bound_value_sdk_class_on_the_jython_host(tmp_path):
    report = _jython_check(_project(tmp_path, {"udt.bindings": BOUND_VALUE_LIBRARY}))
    row = report["rows"][0]
    assert row["status"] == OK, row["cause"]


# A logging helper written against the SDK: LogUtil.getLogger at module level, the
# *f formatted calls, and an isinstance check against LoggerEx.
LOGUTIL_LIBRARY = (
    "from com.inductiveautomation.ignition.common.util import LogUtil\n"
    "from com.inductiveautomation.ignition.common.util import LoggerEx\n"
    "log = LogUtil.getLogger('project.recipes.download')\n"
    "assert isinstance(log, LoggerEx)\n"
    "assert isinstance(system.util.getLogger('other'), LoggerEx)\n"
    "assert log.getName() == 'project.recipes.download'\n"
    "log.infof('%d rows for %s', 3, 'line 1')\n"
    "log.tracef('not shown %s', 'at INFO')\n")


def test_logutil_get_logger_is_the_gateway_logger(tmp_path):
    report = check_project(_project(tmp_path, {"recipes.log": LOGUTIL_LIBRARY}), "8.1",
                           fire_events=False)
    row = report["rows"][0]
    assert row["status"] == OK, row["cause"]


@pytest.mark.jython
def test_logutil_on_the_jython_host(tmp_path):
    report = _jython_check(_project(tmp_path, {"recipes.log": LOGUTIL_LIBRARY}))
    row = report["rows"][0]
    assert row["status"] == OK, row["cause"]


def test_dataset_builder_still_comes_from_the_util_package(tmp_path):
    code = ("from com.inductiveautomation.ignition.common.util import DatasetBuilder\n"
            "from java.lang import String\n"
            "ds = DatasetBuilder.newBuilder().colNames(['a']).colTypes([String]).addRow(['x'])"
            ".build()\n"
            "assert ds.getValueAt(0, 0) == 'x'\n")
    report = check_project(_project(tmp_path, {"ds.build": code}), "8.1", fire_events=False)
    row = report["rows"][0]
    assert row["status"] == OK, row["cause"]
