"""Run under Jython 2.7 by test_sdk_on_jython.py: the SDK stand-ins through the real
Jython import system (no Ignition jars), with real java.lang classes as column types."""
from __future__ import print_function

import sys

sys.path.insert(0, sys.argv[1])  # the repository root

from gateway_sim import java  # noqa: E402

java.install()   # on Jython: only the SDK stand-ins (java.* is real)
java.install()   # idempotent

from com.inductiveautomation.ignition.common import BasicDataset, Dataset, TypeUtilities  # noqa: E402
from com.inductiveautomation.ignition.common.model.values import QualityCode  # noqa: E402
from com.inductiveautomation.ignition.common.tags.paths.parser import TagPathParser  # noqa: E402
from com.inductiveautomation.ignition.common.util import DatasetBuilder  # noqa: E402
import com.inductiveautomation.ignition.common.BasicDataset as BD  # noqa: E402
from java.lang import Integer, String  # noqa: E402
from gateway_sim import dataset, quality  # noqa: E402

print("same", BD is BasicDataset is dataset.BasicDataset, QualityCode is quality.QualityCode)
ds = DatasetBuilder.newBuilder().colNames("a", "b").colTypes(String, Integer).addRow("x", 1).build()
print("builder", ds.getValueAt(0, "b"), ds.getColumnType(1).getName())
ds2 = BasicDataset(["a", "b"], [String, Integer], [["x", "y"], [1, 2]])
print("columns", ds2.getRowCount(), ds2.getValueAt(1, 0), isinstance(ds2, Dataset))
print("coerce", TypeUtilities.toInteger("42"), TypeUtilities.coerce("7", Integer))
print("path", TagPathParser.parse("[default]a/b").getItemName())
from com.inductiveautomation.ignition.gateway import IgnitionGateway  # noqa: E402
from com.inductiveautomation.ignition.gateway.images import ImageFormat  # noqa: E402
import gateway_sim  # noqa: E402
from jarray import array  # noqa: E402
with gateway_sim.Gateway() as _gw:
    _ctx = IgnitionGateway.get()
    _im = _ctx.getImageManager()
    _im.insertImage("7.jpg", "", ImageFormat.JPEG, "people/", array([-1, -40], "b"), 1, 1, 2)
    _rec = _im.getImage("people/7.jpg")
    print("context", _ctx.systemManager.dataDir.absoluteFile.isDirectory(),
          type(_ctx.getSystemManager().getDataDir()).__name__, repr(_rec.getData()),
          _rec.getType())
try:
    from com.inductiveautomation.ignition.gateway.localdb import PersistenceInterface  # noqa
except ImportError as e:
    print("missing", str(e).split(" (")[0])
# a class missing from a package the simulator provides: one clean ImportError (Jython's own
# module lookup used to recurse through its Java package manager to a StackOverflowError)
try:
    from com.inductiveautomation.ignition.common import NoSuchClass  # noqa
except ImportError as e:
    print("missing", str(e).split(" (")[0])
try:
    from com.inductiveautomation.ignition.gateway import SRContext  # noqa
except ImportError as e:
    print("missing", str(e).split(" (")[0])
_star = {}
exec("from com.inductiveautomation.ignition.common.model.values import *", _star)
print("star", sorted(k for k in _star if not k.startswith("__")))
