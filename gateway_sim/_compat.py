"""Interpreter facts for the simulator core (2.7/3.x single source).

The simulator core (tag, db, util, date, dataset) also runs on Jython 2.7, so it
keeps to the same syntax subset as ``exchange/``. This module is its only place
that tests the interpreter. May import: the standard library only.
"""
from __future__ import absolute_import, division, print_function

import sys

IS_JYTHON = sys.platform.startswith("java")
PY2 = sys.version_info[0] == 2

if PY2:
    string_types = (basestring,)  # noqa: F821
    text_type = unicode  # noqa: F821
    integer_types = (int, long)  # noqa: F821
    binary_type = str
    long_type = long  # noqa: F821
else:
    string_types = (str,)
    text_type = str
    integer_types = (int,)
    binary_type = bytes
    long_type = int


def to_text(value, encoding="utf-8"):
    """Return ``value`` as text."""
    if isinstance(value, text_type):
        return value
    if isinstance(value, binary_type):
        return value.decode(encoding, "replace")
    return text_type(value)


def iteritems(d):
    """Items of a dict as a list (safe to mutate the dict while looping)."""
    return list(d.items())
