"""Suite-wide test setup: puts ``tests/`` on ``sys.path`` (pytest does so for a conftest's
folder), so any test can ``from realfixtures import real_path``; and, on CI, fails the run
when a test skipped for a reason the testing page does not document (see ``ci_skips``)."""
from __future__ import absolute_import, division, print_function

import ci_skips

_SKIPS = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        longrepr = report.longrepr
        why = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
        _SKIPS.append((report.nodeid, why))


def pytest_sessionfinish(session, exitstatus):
    if not ci_skips.enforced() or not _SKIPS:
        return
    path = ci_skips.doc_path()
    with open(path) as f:
        patterns = ci_skips.documented(f.read())
    bad = ci_skips.undocumented(_SKIPS, patterns)
    if bad:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = ["%d skip(s) on CI that %s does not document (add them to its 'Skips in CI' "
                 "block with the reason, or make the test run):" % (len(bad), path)]
        lines += ["  %s -- %s" % (nid, why) for nid, why in bad]
        if reporter is not None:
            reporter.write_line("\n".join(lines), red=True)
        session.exitstatus = 1
