"""Shows the Jython leg's own summary (interpreter, counts, seconds) at the end of a
pytest run, next to pytest's, so its timing is visible in every CI log."""
from __future__ import absolute_import, division, print_function


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    leg = getattr(config, "_jython_leg", None)
    if leg is None:
        return
    s = leg.summary or {}
    terminalreporter.write_sep("-", "Jython leg")
    terminalreporter.write_line(
        "Jython %s: %s passed, %s failed, %s errors, %s skipped; runner %.1fs, JVM process %.1fs, "
        "exit %s" % (s.get("python", "?"), s.get("passed", "?"), s.get("failed", "?"),
                     s.get("error", "?"), s.get("skipped", "?"), s.get("seconds", 0.0),
                     leg.seconds, leg.proc.returncode))
