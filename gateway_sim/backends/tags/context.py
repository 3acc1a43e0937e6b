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
