"""Progress display of long CLI work (demo start-up, export, check, a gateway loading its tags).

On a terminal, and when the optional ``rich`` package is installed (``pip install
ignition-workflows-sim[progress]``), a transient spinner with the elapsed time; otherwise
(piped output, CI logs, no rich) plain lines on stderr: ``export: started`` /
``export: done in 1.2 s``. ``--json`` output never gets either (``quiet=True``).
stdout stays what the command prints. CPython-only CLI layer.
May import: the standard library and, optionally, ``rich``.
"""
from __future__ import absolute_import, division, print_function

import os
import sys
import time


def _rich_console(stream):
    if os.environ.get("GATEWAY_SIM_PLAIN") or not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    try:
        from rich.console import Console
    except ImportError:
        return None
    return Console(file=stream)


class task(object):
    """``with task("export", "writing the project"):`` shows the work while it runs."""

    def __init__(self, name, what, quiet=False, stream=None):
        self.name = name
        self.what = what
        self.quiet = quiet
        self.stream = stream if stream is not None else sys.stderr
        self._status = None
        self._t0 = None

    def __enter__(self):
        self._t0 = time.time()
        if self.quiet:
            return self
        console = _rich_console(self.stream)
        if console is not None:
            self._status = console.status("%s: %s" % (self.name, self.what))
            self._status.__enter__()
        else:
            self.stream.write("%s: %s...\n" % (self.name, self.what))
            self.stream.flush()
        return self

    def update(self, what):
        """Say what the work does now (the spinner's text; a plain line otherwise)."""
        self.what = what
        if self.quiet:
            return
        if self._status is not None:
            self._status.update("%s: %s" % (self.name, what))
        else:
            self.stream.write("%s: %s...\n" % (self.name, what))
            self.stream.flush()

    def __exit__(self, exc_type, exc, tb):
        if self._status is not None:
            self._status.__exit__(exc_type, exc, tb)
        if not self.quiet and exc_type is None:
            self.stream.write("%s: done in %.1f s\n" % (self.name, time.time() - self._t0))
            self.stream.flush()
        return False
