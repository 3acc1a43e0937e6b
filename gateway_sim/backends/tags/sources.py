"""Value sources other than memory: expr, reference, derived, db (placeholder)."""
from __future__ import absolute_import, division, print_function


def make_runtime(backend, node):
    return None
