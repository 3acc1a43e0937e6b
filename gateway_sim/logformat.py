"""The console log format of a running gateway: ``time LEVEL [logger] message``.

One formatter for ``gateway-sim run`` on CPython and the Jython host (``hostmain``),
so both print what a gateway's wrapper log shows: the time with milliseconds, the
level in Ignition's names (TRACE DEBUG INFO WARN ERROR) and the logger name. Records
of ``system.util.getLogger`` loggers reach Python ``logging`` through the util backend.
Single-source 2.7/3.x. May import: the standard library.
"""
from __future__ import absolute_import, division, print_function

import logging
import re
import sys
import time

LEVEL_NAMES = {5: "TRACE", logging.DEBUG: "DEBUG", logging.INFO: "INFO", logging.WARNING: "WARN",
               logging.ERROR: "ERROR", logging.CRITICAL: "ERROR"}
LEVELS = ("trace", "debug", "info", "warn", "error")
DEFAULT_LEVEL = "info"
_HANDLER_MARK = "_gateway_sim_console"
_DIGITS = re.compile(r"[0-9]+")
_saved_level = []  # the root level before setup(), restored by remove()


class GatewayFormatter(logging.Formatter):
    """``2026-12-05 16:27:33.123 INFO  [Workflows.engine] message`` (traceback appended)."""

    def format(self, record):
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.created))
        level = LEVEL_NAMES.get(record.levelno, record.levelname)
        text = "%s.%03d %-5s [%s] %s" % (stamp, int(record.msecs), level, record.name,
                                         record.getMessage())
        if record.exc_info:
            text = "%s\n%s" % (text, self.formatException(record.exc_info))
        return text


class RepeatFilter(logging.Filter):
    """Report a failing record once, then back off: the same logger, level and message
    (digits ignored) is shown again only after 10 s, 20 s, 40 s ... (at most 5 min),
    saying how many were held back. A gateway ticking against a database that is
    down prints a line now and then, not one per tick."""

    FIRST_WAIT_S = 10.0
    MAX_WAIT_S = 300.0

    def __init__(self):
        logging.Filter.__init__(self)
        self._seen = {}  # key -> [next allowed time, wait, suppressed count]

    @staticmethod
    def _key(record):
        text = record.getMessage()[:160]
        return (record.name, record.levelno, _DIGITS.sub("#", text))

    def filter(self, record):
        if record.levelno < logging.WARNING:
            return True
        key = self._key(record)
        now = record.created
        entry = self._seen.get(key)
        if entry is None:
            if len(self._seen) > 1000:
                self._seen.clear()
            self._seen[key] = [now + self.FIRST_WAIT_S, self.FIRST_WAIT_S, 0]
            return True
        if now < entry[0]:
            entry[2] += 1
            return False
        held, entry[2] = entry[2], 0
        entry[1] = min(entry[1] * 2, self.MAX_WAIT_S)
        entry[0] = now + entry[1]
        if held:
            record.msg = "%s (%d more like this held back; next report in %d s at the earliest)" % (
                record.getMessage(), held, entry[1])
            record.args = ()
        return True


class OrdinaryCancels(logging.Filter):
    """An operator's cancel is no warning: the engine's notice that a worker found its run
    cancelled (``evt=wf.skipped_terminal ... status=CANCELLED``) is shown as DEBUG."""

    def __init__(self, threshold):
        logging.Filter.__init__(self)
        self.threshold = threshold

    def filter(self, record):
        if record.levelno == logging.WARNING and record.name.startswith("exchange."):
            text = record.getMessage()
            if "evt=wf.skipped_terminal" in text and "status=CANCELLED" in text:
                record.levelno, record.levelname = logging.DEBUG, "DEBUG"
                return record.levelno >= self.threshold
        return True


def python_level(level):
    """``"warn"`` -> ``logging.WARNING`` ...; ValueError naming the choices otherwise."""
    key = str(level).strip().lower()
    key = {"warning": "warn", "fatal": "error"}.get(key, key)
    if key not in LEVELS:
        raise ValueError("invalid log level %r; use one of %s" % (level, ", ".join(LEVELS)))
    return {"trace": 5, "debug": logging.DEBUG, "info": logging.INFO, "warn": logging.WARNING,
            "error": logging.ERROR}[key]


def setup(level=None, stream=None):
    """Print records at ``level`` (default info) and above on ``stream`` (stderr) in the
    gateway format; replaces a handler this function installed before. Returns the level
    name (lower case)."""
    level = (level or DEFAULT_LEVEL)
    pylevel = python_level(level)
    level = {"warning": "warn", "fatal": "error"}.get(str(level).strip().lower(),
                                                       str(level).strip().lower())
    root = logging.getLogger()
    remove()
    _saved_level.append(root.level)
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(GatewayFormatter())
    handler.addFilter(OrdinaryCancels(pylevel))
    handler.addFilter(RepeatFilter())
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)
    root.setLevel(pylevel)
    return level


def remove():
    """Take the handler ``setup()`` installed off the root logger and restore the root
    level it found (end of ``run``)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, _HANDLER_MARK, False):
            root.removeHandler(h)
    if _saved_level:
        root.setLevel(_saved_level.pop())


def apply_to_gateway(gw, level):
    """Let the gateway's loggers emit records down to ``level`` (they default to INFO)."""
    if level:
        gw.util.set_level("", level)
