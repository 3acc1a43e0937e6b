"""The CI skip rule itself (tests/ci_skips.py)."""
from __future__ import absolute_import, division, print_function

import ci_skips

DOC = """intro
<!-- ci-skips:start -->
* `tests/a/test_x.py::test_only_on_mariadb*` -- MariaDB has no SKIP LOCKED.
- `tests/b/*::test_reload[jython]` -- needs a second interpreter.
<!-- ci-skips:end -->
* `tests/outside.py::x` -- outside the block: not documented
"""


def test_patterns_come_from_the_marked_block_only():
    assert ci_skips.documented(DOC) == ["tests/a/test_x.py::test_only_on_mariadb*",
                                        "tests/b/*::test_reload[jython]"]
    assert ci_skips.documented("no block") == []


def test_an_undocumented_skip_is_reported():
    pats = ci_skips.documented(DOC)
    skips = [("tests/a/test_x.py::test_only_on_mariadb[1]", "no SKIP LOCKED"),
             ("tests/outside.py::x", "hidden problem"),
             ("tests/b/sub.py::test_reload[jython]", "second interpreter")]
    assert ci_skips.undocumented(skips, pats) == [("tests/outside.py::x", "hidden problem")]


def test_the_documented_block_exists():
    with open(ci_skips.doc_path()) as f:
        text = f.read()
    assert ci_skips.START in text and ci_skips.END in text, \
        "%s needs its 'Skips in CI' block" % ci_skips.doc_path()
