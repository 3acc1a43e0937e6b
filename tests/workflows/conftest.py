"""Fixtures shared by the engine tests: a facade on the gateway fixture, shut down afterwards.

Subfolders with their own needs (acceptance, steps) override ``wf``.
"""
from __future__ import absolute_import, division, print_function

import pytest


@pytest.fixture
def wf(gateway):
    from exchange.workflows.engine import instance
    rt = instance.getWorkflows()
    yield rt
    instance.shutdownRuntime(2)


@pytest.fixture
def vwf(virtual_gateway):
    from exchange.workflows.engine import instance
    rt = instance.getWorkflows()
    yield rt
    instance.shutdownRuntime(2)
