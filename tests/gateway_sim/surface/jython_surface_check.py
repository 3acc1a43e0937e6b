"""Run under Jython 2.7 by test_jython_surface.py: the version-exact surface on the real JVM.

Prints one line per check and ``ALL OK <n>`` at the end; any failure raises.
May import: the standard library, ``gateway_sim``, ``java.*``.
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

from java.io import FileNotFoundException  # noqa: E402

from gateway_sim import Gateway, simulate  # noqa: E402
from gateway_sim.errors import NotImplementedInSimulator  # noqa: E402

checks = [0]


def check(cond, what):
    if not cond:
        raise AssertionError("FAILED: " + what)
    checks[0] += 1
    print("ok", what)


def main():
    tmp = tempfile.mkdtemp(prefix="gateway_sim-jy-surface-")
    try:
        for version, has_exec in (("8.1", False), ("8.3", True)):
            gw = Gateway(version=version, data_dir=os.path.join(tmp, version), config={
                "userSources": {"default": {"users": [{"username": "ada", "password": "pw",
                                                       "roles": ["Operator"]}]}}})
            try:
                with simulate(gw):
                    import system
                    check(hasattr(system.db, "execQuery") is has_exec, version + " execQuery")
                    import system.db as imported_db
                    from system.tag import readBlocking
                    check(imported_db is system.db and callable(readBlocking),
                          "import system.db gives the namespace")
                    check(hasattr(system.db, "execQuery") is has_exec, "still filtered")
                    check(system.security.getUserRoles("ada", "pw") == ("Operator",), "roles")
                    p = system.file.getTempFile("txt")
                    system.file.writeFile(p, u"h\u00e9")
                    check(system.file.readFileAsString(p) == u"h\u00e9", "file round trip")
                    try:
                        system.file.readFileAsString("/none.txt")
                        check(False, "missing file raises")
                    except FileNotFoundException:
                        check(True, "missing file is java.io.FileNotFoundException")
                    check(system.math.median([3, 1, 2]) == 2.0, "system.math on Jython")
                    from java.lang import IllegalArgumentException
                    try:
                        system.math.sumDifference([1, 2], [1])
                        check(False, "dimension mismatch raises")
                    except IllegalArgumentException as exc:
                        check("2 != 1" in str(exc), "DimensionMismatchException is a Java one")
                    try:
                        system.gui.messageBox("x")
                        check(False, "client scope raises")
                    except AttributeError as exc:
                        check("no attribute 'gui'" in str(exc), "client scope AttributeError")
                    try:
                        try:
                            system.sfc.startChart("p", "c", {})
                        except Exception:
                            check(False, "except Exception must not catch a gap")
                    except NotImplementedInSimulator as exc:
                        check(exc.qualified_name == "system.sfc.startChart", "gap escapes")
            finally:
                gw.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ALL OK %d" % checks[0])


if __name__ == "__main__":
    main()
