"""gateway_sim.java.scan: which Java/SDK names a script imports, and which do not resolve."""
from __future__ import absolute_import, division, print_function

import gzip

from gateway_sim.java import scan

SOURCE = u'''import java.lang.Exception as JavaException
from java.util import (UUID,
    Collections)  # trailing comment
#from java.util import Date
import os, java.util.concurrent
from com.inductiveautomation.ignition.common.model.values import QualityCode, Nope as N
def f():
    from com.inductiveautomation.ignition.gateway import SRContext
from java.awt import *; import javax.swing.JFrame
x = 1  # from java.util import Foo
from javax.swing \\
    import JButton
print "python 2 is fine: scanned by lines"
'''


def test_references_cover_every_import_form():
    assert scan.references(SOURCE) == [
        (1, "java.lang.Exception"), (2, "java.util.UUID"), (2, "java.util.Collections"),
        (5, "java.util.concurrent"),
        (6, "com.inductiveautomation.ignition.common.model.values.QualityCode"),
        (6, "com.inductiveautomation.ignition.common.model.values.Nope"),
        (8, "com.inductiveautomation.ignition.gateway.SRContext"),
        (9, "java.awt"), (9, "javax.swing.JFrame"), (11, "javax.swing.JButton")]


def test_missing_without_a_jvm():
    names = [(line, name) for line, name, _reason in scan.missing(SOURCE, jvm=False)]
    assert names == [(6, "com.inductiveautomation.ignition.common.model.values.Nope"),
                     (8, "com.inductiveautomation.ignition.gateway.SRContext"),
                     (9, "java.awt"), (9, "javax.swing.JFrame"), (11, "javax.swing.JButton")]
    for _line, _name, reason in scan.missing(SOURCE, jvm=False):
        assert "\n" not in reason and "not provided by gateway_sim" in reason


def test_scan_folder_reads_py_json_and_gzip_data_bin(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "code.py").write_text(u"from java.util import Scanner\n")
    (tmp_path / "view.json").write_text(u'{"script": "\\tfrom java.lang import Thread\\n'
                                        u'\\timport com.inductiveautomation.ignition.x.Y"}')
    with gzip.open(str(tmp_path / "data.bin"), "wb") as f:
        f.write(b"\x00\x05binary\x01\tfrom java.util import Scanner\n\x02more")
    found = sorted((p.rsplit("/", 1)[1], line, name)
                   for p, line, name, _r in scan.scan_folder(str(tmp_path), jvm=False))
    assert found == [("code.py", 1, "java.util.Scanner"), ("data.bin", 4, "java.util.Scanner"),
                     ("view.json", 2, "com.inductiveautomation.ignition.x.Y")]
