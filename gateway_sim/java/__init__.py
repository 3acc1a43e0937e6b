"""Pure-Python ``java.*`` for CPython (placeholder; being implemented).

``install()`` puts an import hook in place so ``from java.util import UUID``
works under CPython; on Jython it does nothing (the real classes are there).
"""
from __future__ import absolute_import, division, print_function


def install():
    """Install the ``java.*`` import hook (idempotent; no-op on Jython)."""
    return None
