"""Interpreter-local registry of workflow and step functions.

Filled at import time by ``@workflow`` / ``@step`` (so it exists before any runtime,
as in DBOS). It is deliberately NOT in the kernel: after a script reload the new
interpreter re-imports the modules and re-registers the new code.
May import: ``errors`` and the standard library.
"""
from __future__ import absolute_import, division, print_function

import threading

from exchange.workflows.errors import WorkflowNotFound

_lock = threading.Lock()
_workflows = {}
_steps = {}
_generation = [0]  # bumped by every workflow registration (engine/versions.py caches on it)

STEP_OPTION_DEFAULTS = {"retries_allowed": False, "max_attempts": 1,
                        "interval_seconds": 0.0, "backoff_rate": 1.0}


def register_workflow(name, fn):
    with _lock:
        _workflows[name] = fn
        _generation[0] += 1


def generation():
    return _generation[0]


def register_step(name, fn, options):
    with _lock:
        _steps[name] = {"name": name, "options": dict(options or {}), "fn": fn}


def workflow_fn(name):
    fn = _workflows.get(name)
    if fn is None:
        raise WorkflowNotFound("Workflow not registered: %s" % (name,))
    return fn


def has_workflow(name):
    return name in _workflows


def step_info(name):
    return _steps.get(name)


def workflow_names():
    with _lock:
        return sorted(_workflows.keys())


def step_names():
    with _lock:
        return sorted(_steps.keys())


def resolve_options(options):
    """Upstream 2.6 semantics: attempts forced to 1 unless retries_allowed."""
    o = dict(STEP_OPTION_DEFAULTS)
    o.update(options or {})
    retries = bool(o.get("retries_allowed"))
    try:
        attempts = int(o.get("max_attempts") or 1)
    except (TypeError, ValueError):
        attempts = 1
    if attempts < 1 or not retries:
        attempts = 1
    try:
        interval = max(0.0, float(o.get("interval_seconds") or 0.0))
    except (TypeError, ValueError):
        interval = 0.0
    try:
        rate = float(o.get("backoff_rate") or 1.0)
    except (TypeError, ValueError):
        rate = 1.0
    if rate <= 0:
        rate = 1.0
    return {"retries_allowed": retries, "max_attempts": attempts,
            "interval_seconds": interval, "backoff_rate": rate}
