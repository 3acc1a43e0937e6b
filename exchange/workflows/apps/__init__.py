"""Registration of the project's workflow modules: ``load(include_tests=False)``.

This is the one package ``__init__`` that holds code (DESIGN seam 4): in the
Ignition export it becomes a module named ``__init__``, reachable as
``exchange.workflows.apps.__init__.load``; the engine looks for ``load`` under
either name. Importing a module runs its ``@workflow``/``@step`` decorators, which
is what registers them.

A project registers its own workflows without editing this library: a module named
``workflows_apps`` in the project's script library (``PROJECT_APPS_MODULE``), when
present, is imported by every ``load()``, and each name in its ``APP_MODULES`` list is
imported too (or it simply imports its workflow modules itself)::

    # ignition/script-python/workflows_apps/code.py
    APP_MODULES = ["site.batches", "site.cip"]

Test fixtures (``tests.*`` workflows, ``exchange.workflows.tests.fixtures``) are NOT
registered by default, unlike upstream: they ship inside the library (so a project
that drops it in can run upstream's suites) and are imported only with
``include_tests=True``.

May import: the standard library, ``exchange.workflows.compat`` and the modules
listed below (lazily, inside ``load``).
"""
from __future__ import absolute_import, division, print_function

import importlib
import threading

from exchange.workflows import compat

# Imported by every load(); built-in steps first so listSteps() shows them all.
APP_MODULES = (
    "exchange.workflows.steps.tags",
    "exchange.workflows.steps.http",
    "exchange.workflows.steps.db",
    "exchange.workflows.steps.wait",
    "exchange.workflows.steps.sleep",
    "exchange.workflows.apps.examples.demo",
)
# Imported when present: a missing module is fine, any other import error is not.
OPTIONAL_APP_MODULES = (
    "exchange.workflows.apps.tank_batch",
)
# The project's own registration module (a top-level script-library module), when present.
PROJECT_APPS_MODULE = "workflows_apps"
# Imported only with include_tests=True (part of the library, like upstream's).
TEST_MODULES = (
    "exchange.workflows.tests.fixtures",
)

_lock = threading.RLock()
_loaded = set()


def _log_error(message):
    try:
        from exchange.workflows import settings
        from exchange.workflows.engine import host
        host.logger(settings.getLoggerName("apps")).error(message)
    except compat.CATCHABLE:
        pass


def _import(name, optional=False):
    if name in _loaded:
        return
    try:
        importlib.import_module(name)
    except ImportError as exc:
        missing = getattr(exc, "name", None)
        # Only "this very module does not exist" is tolerated for optional names;
        # an ImportError raised from inside it is a real bug and must surface.
        leaf = name.rsplit(".", 1)[-1]
        if optional and (missing == name or (missing is None and
                                             ("No module named" in str(exc) and
                                              leaf in str(exc)))):
            return  # not marked loaded: a module added later is picked up next time
        _log_error("evt=apps.load.failed module=%s error=%s"
                   % (name, compat.exception_text(exc)))
        raise
    except compat.CATCHABLE as exc:
        _log_error("evt=apps.load.failed module=%s error=%s\n%s"
                   % (name, compat.exception_text(exc), compat.format_exc_text()))
        raise
    _loaded.add(name)


def _import_project_apps():
    """``workflows_apps`` of the project's script library and the modules it lists."""
    _import(PROJECT_APPS_MODULE, optional=True)
    if PROJECT_APPS_MODULE not in _loaded:
        return
    # imported again to get the module: a project library module is not in sys.modules
    names = getattr(importlib.import_module(PROJECT_APPS_MODULE), "APP_MODULES", ()) or ()
    if isinstance(names, compat.string_types) or not isinstance(names, (list, tuple)):
        message = ("%s.APP_MODULES must be a list of module names, got %r"
                   % (PROJECT_APPS_MODULE, names))
        _log_error("evt=apps.load.failed module=%s error=%s" % (PROJECT_APPS_MODULE, message))
        raise TypeError(message)
    for name in names:
        _import(name)


def load(include_tests=False):
    """Import (once per interpreter) the workflow modules; returns True.

    Idempotent and thread-safe. Import failures are logged loudly and re-raised,
    except a missing optional module (``OPTIONAL_APP_MODULES``).
    """
    with _lock:
        for name in APP_MODULES:
            _import(name)
        for name in OPTIONAL_APP_MODULES:
            _import(name, optional=True)
        _import_project_apps()
        if include_tests:
            for name in TEST_MODULES:
                _import(name)
    return True
