"""Where the real public Ignition artifacts live, for tests that run on them.

They sit in ``../shared/fixtures/real/`` beside the checkout (``SOURCES.md`` there names
each origin and licence) and are never copied into this repository. A test asks for a
path with :func:`real_path`; when the folder is absent the test is skipped with the
reason, except on CI (``CI`` set), where a missing artifact is a failure.
Override the location with ``GATEWAY_SIM_SHARED``.
"""
from __future__ import absolute_import, division, print_function

import os

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("GATEWAY_SIM_SHARED") or os.path.join(os.path.dirname(REPO), "shared")
REAL = os.path.join(SHARED, "fixtures", "real")


def _on_ci():
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def real_path(*parts):
    """The absolute path of a real artifact under ``shared/fixtures/real``; skip (fail on CI) if absent."""
    path = os.path.join(REAL, *parts)
    if not os.path.exists(path):
        msg = ("real artifact %s is absent: the shared folder is expected at %s "
               "(set GATEWAY_SIM_SHARED to point elsewhere)" % (os.path.join(*parts), SHARED))
        if _on_ci():
            pytest.fail(msg)
        pytest.skip(msg)
    return path
