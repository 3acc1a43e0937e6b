"""The console log format of a running gateway: ``time LEVEL [logger] message``.

One formatter for ``gateway-sim run`` on CPython and the Jython host (``hostmain``),
so both print what a gateway's wrapper log shows: the time with milliseconds, the
level in Ignition's names (TRACE DEBUG INFO WARN ERROR) and the logger name. Records
of ``system.util.getLogger`` loggers reach Python ``logging`` through the util backend.
Single-source 2.7/3.x. May import: the standard library.
"""
from __future__ import absolute_import, division, print_function

import logging
import sys
import time

LEVEL_NAMES = {5: "TRACE", logging.DEBUG: "DEBUG", logging.INFO: "INFO", logging.WARNING: "WARN",
               logging.ERROR: "ERROR", logging.CRITICAL: "ERROR"}
LEVELS = ("trace", "debug", "info", "warn", "error")
DEFAULT_LEVEL = "info"
_HANDLER_MARK = "_gateway_sim_console"


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
    for h in list(root.handlers):
        if getattr(h, _HANDLER_MARK, False):
            root.removeHandler(h)
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(GatewayFormatter())
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)
    root.setLevel(pylevel)
    return level


def remove():
    """Take the handler ``setup()`` installed off the root logger (end of ``run``)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, _HANDLER_MARK, False):
            root.removeHandler(h)


def apply_to_gateway(gw, level):
    """Let the gateway's loggers emit records down to ``level`` (they default to INFO)."""
    if level:
        gw.util.set_level("", level)
