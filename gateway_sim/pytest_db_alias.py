"""The ``db`` fixture alias of the pytest plugin, registered only without pytest-django.

pytest-django has its own ``db`` fixture; ``gateway_sim.pytest_plugin`` registers this
module only when that plugin is not active, so ``gwsim_db`` is the name that always works.
CPython-only adapter. May import: pytest.
"""
from __future__ import absolute_import, division, print_function

import pytest


@pytest.fixture
def db(gwsim_db):
    """Old name of ``gwsim_db``: the gateway's database backend."""
    return gwsim_db
