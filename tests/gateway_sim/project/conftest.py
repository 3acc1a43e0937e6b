"""Fixtures for the project-loader tests."""
from __future__ import absolute_import, division, print_function

import shutil

import pytest

from project_fixtures import fixture_path


@pytest.fixture
def projects_copy(tmp_path):
    """A writable copy of fixtures/projects (for reload tests that edit files)."""
    dest = str(tmp_path / "projects")
    shutil.copytree(fixture_path("projects"), dest)
    return dest


@pytest.fixture
def sysmod():
    """The ``system`` package without creating another gateway (the plugin's
    ``system`` fixture depends on ``gateway``, not on ``virtual_gateway``)."""
    import gateway_sim.system as system_pkg
    return system_pkg
