"""Helpers for the project-loader tests: fixture folders and log access."""
from __future__ import absolute_import, division, print_function

import os

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def fixture_path(*parts):
    return os.path.join(FIXTURES, *parts)


def log_messages(gw, logger=None, level=None):
    """Messages the gateway logged (``gw.util.records``), optionally filtered."""
    out = []
    for r in gw.util.records:
        if logger is not None and r.logger != logger:
            continue
        if level is not None and r.level != level:
            continue
        out.append(r.message)
    return out
