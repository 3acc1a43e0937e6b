"""Public entry point: ``workflow``, ``step`` (decorators) and ``getWorkflows`` (facade).

Pure re-export, as upstream. May import: ``engine.runtime``, ``engine.instance``.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows.engine.instance import getWorkflows
from exchange.workflows.engine.parallel import call, run as parallel
from exchange.workflows.engine.runtime import step, workflow

__all__ = ["workflow", "step", "getWorkflows", "parallel", "call"]
