"""CI's skip list must be exactly the documented one.

The "Skips in CI" block of docs/testing.md (between ``<!-- ci-skips:start -->`` and
``<!-- ci-skips:end -->``) lists each skip CI may show as a bullet that starts with a
backticked pytest node-id pattern (``*`` matches anything; brackets are literal, as in
parametrized ids) followed by why. On CI
(``GATEWAY_SIM_REQUIRE_SERVICES=1``) the suite fails when a test skips that no pattern
documents, so a skip can never hide a problem silently.
May import: the standard library.
"""
from __future__ import absolute_import, division, print_function

import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(REPO, "docs", "testing.md")
START, END = "<!-- ci-skips:start -->", "<!-- ci-skips:end -->"


def documented(text):
    """The node-id patterns of the documented block of ``text`` ([] when it has none)."""
    if START not in text or END not in text:
        return []
    block = text.split(START, 1)[1].split(END, 1)[0]
    return re.findall(r"^\s*[*-]\s+`([^`]+)`", block, re.M)


def undocumented(skips, patterns):
    """The ``(nodeid, reason)`` skips that no pattern matches."""
    regexes = [re.compile("^" + re.escape(p).replace(r"\*", ".*") + "$") for p in patterns]
    return [(nid, why) for nid, why in skips if not any(r.match(nid) for r in regexes)]


def doc_path():
    """docs/testing.md when it exists (the reference pages), else README.md."""
    return DOC if os.path.isfile(DOC) else os.path.join(REPO, "README.md")


def enforced():
    return os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1"
