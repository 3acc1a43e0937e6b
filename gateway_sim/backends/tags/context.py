"""The tag whose expression or event script runs on this thread (runtime layer).

``context.tag`` is set around tag event scripts and simulated sources so ``[.]`` and
``[~]`` in the paths they read resolve against that tag. A thread-local: Jython runs
scripts in true parallel. May import: stdlib.
"""
from __future__ import absolute_import, division, print_function

import threading


class _Context(threading.local):
    tag = None   # the tag whose expression/script is running ([.] and [~] resolve against it)


context = _Context()


def carry_context(fn):
    """``fn`` wrapped to run with the calling thread's ``context.tag`` (for work handed to
    another thread, e.g. ``system.tag.readAsync``/``writeAsync`` called from a tag event
    script: their ``[.]`` paths resolve against the tag whose script called them, as the
    real exports that write ``[.]`` paths with ``writeAsync`` expect)."""
    tag = context.tag

    def run(*args, **kwargs):
        prev = context.tag
        context.tag = tag
        try:
            return fn(*args, **kwargs)
        finally:
            context.tag = prev
    return run
