"""pytest plugin (auto-registered through the ``pytest11`` entry point).

It stays out of the way of tests that do not use it: the ``java.*`` import hook (which
makes ``import java.util`` resolve to the simulator) is installed only once a test of the
session uses one of the fixtures below or the ``gateway_config`` marker, or when the ini
option ``gwsim_java_hook = early`` asks for it before collection (for test modules that
import ``java.*`` or bind Java classes at import time; this repository sets it). Turn the
plugin off entirely with ``pytest -p no:gateway_sim``.

Fixtures carry a ``gwsim_`` prefix (``gwsim_gateway``, ``gwsim_virtual_gateway``,
``gwsim_system``, ``gwsim_tags``, ``gwsim_db``, ``gwsim_clock``, ``gwsim_gateway_config``,
``gwsim_plug_module``, ``gwsim_perspective``, ``gwsim_outbox``, ``gwsim_jython_project``)
so they cannot collide with other plugins;
the short names below stay as aliases of the same objects (``db`` is left out when
pytest-django, which has its own ``db``, is active).

Fixtures:
    gateway         a fresh simulated gateway per test, SQLite datasource
                    ``WorkflowsDB`` in a temp folder, active as ``system``.
    virtual_gateway the same with a ``VirtualClock`` (advance it by hand).
    system          the ``system`` package exactly as scripts see it (bound to
                    ``virtual_gateway`` when the test uses that, else ``gateway``).
    tags            the gateway's tag backend.
    db              the gateway's database backend.
    clock           the gateway's clock.
    gateway_config  override it (return a config dict) to configure every gateway
                    of a module/class/conftest; ``None`` by default.
    perspective     the gateway's simulated Perspective sessions and the recorded
                    ``system.perspective`` calls (``perspective.actions_of("navigate")``,
                    ``perspective.add_session(id="s1", username="ada")``).
    outbox          the emails ``system.net.sendEmail`` recorded (never sent):
                    ``outbox.messages``, ``outbox.to("ops@example.com")``.
    plug_module     ``plug_module("system.twilio", impl)`` plugs an optional module's
                    namespace into the test's gateway (``impl``: a module, an object,
                    a module path, or None for declared-only functions).
    jython_project  ``jython_project(PROJECT, version="8.1", config=None)`` starts the
                    project on a gateway inside Jython 2.7 (Python 2 scripts, real
                    ``java.*``) and returns a handle: ``.call("pkg.mod.func", *args)``
                    runs a library function there and returns its JSON result (raises
                    ``HostError`` with the Jython traceback). Skipped when Jython is not
                    installed (a failure on CI); stopped after the test.

Marker ``gateway_config(config=None, version=..., project_name=..., name=...,
builtins_system=True)`` configures the gateway of one test (the marker's config
is applied after the fixture's).

While a gateway fixture is active, ``system`` is importable (``import system``)
AND, as in a gateway where project scripts see it without importing it, also a
builtin name; ``java.*`` imports resolve to the simulator's classes.

Markers: ``postgres`` / ``mariadb`` (need the server; skipped, saying so, when
it is absent), ``jython`` (needs Jython), ``slow``, ``gateway_config``,
``allow_not_implemented`` (the test means to hit simulator gaps).

Gaps are loud: a test during which any ``NotImplementedInSimulator`` was raised (by
the test, a script it called or a gateway thread), even one a script swallowed with a
bare ``except:``, fails naming the functions, unless marked ``allow_not_implemented``.
"""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import errors as _errors
from gateway_sim.clock import VirtualClock
from gateway_sim.gateway import Gateway
from gateway_sim.simulate import simulate

VIRTUAL_START = 1764072000.0  # Tue 2025-11-25 12:00:00 UTC
_MARKER_KEYS = ("config", "version", "project_name", "name", "builtins_system")


FIXTURES = ("gateway", "virtual_gateway", "system", "tags", "db", "clock", "gateway_config",
            "plug_module", "jython_project")
_USED = frozenset(FIXTURES) | frozenset("gwsim_" + n for n in FIXTURES)


def install_java_hook():
    """Install the ``java.*`` hook (idempotent) and let an engine imported before it rebind
    its Java exception classes (``compat.CATCHABLE``)."""
    from gateway_sim import java as java_pkg
    java_pkg.install()
    import sys
    compat = sys.modules.get("exchange.workflows.compat")
    if compat is not None and hasattr(compat, "refresh_java"):
        compat.refresh_java()


def pytest_addoption(parser):
    parser.addini("gwsim_java_hook", "gateway_sim: when to install the java.* import hook: "
                  "'fixtures' (default: once a test uses a gateway_sim fixture or marker) or "
                  "'early' (at start-up, before test modules are imported)", default="fixtures")


def pytest_configure(config):
    mode = (config.getini("gwsim_java_hook") or "fixtures").strip().lower()
    if mode not in ("fixtures", "early"):
        raise pytest.UsageError("gwsim_java_hook = %s: use 'fixtures' or 'early'" % mode)
    if mode == "early":
        install_java_hook()
    if not config.pluginmanager.hasplugin("django"):
        from gateway_sim import pytest_db_alias
        config.pluginmanager.register(pytest_db_alias, "gateway_sim_db_alias")
    for line in (
        "postgres: needs the PostgreSQL server (127.0.0.1:5432, database test)",
        "mariadb: needs the MariaDB server (127.0.0.1:3306, database test)",
        "jython: runs tests under Debian's Jython 2.7",
        "slow: takes more than a few seconds",
        "allow_not_implemented: the test expects NotImplementedInSimulator (do not fail it "
        "for hitting a simulator gap)",
        "gateway_config(config=None, version='8.1', project_name=None, name=None, "
        "builtins_system=True): configure the simulated gateway of this test",
    ):
        config.addinivalue_line("markers", line)


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        if _USED.intersection(getattr(item, "fixturenames", ())) or \
                item.get_closest_marker("gateway_config") is not None:
            install_java_hook()
            return


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item._gateway_sim_gap_mark = _errors.hit_count()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when != "call":
        return
    report = outcome.get_result()
    mark = getattr(item, "_gateway_sim_gap_mark", None)
    if mark is None or item.get_closest_marker("allow_not_implemented") is not None:
        return
    hits = _errors.hits_since(mark)
    if hits and report.passed:
        names = sorted(set(hits))
        report.outcome = "failed"
        report.longrepr = (
            "gateway_sim: this test called %s, which the simulator does not implement "
            "(NotImplementedInSimulator was raised, whether or not a script caught it), so it "
            "did not test what it claims. Implement the function, avoid the call, or mark "
            "the test allow_not_implemented." % ", ".join(names))


def _marker_options(request):
    marker = request.node.get_closest_marker("gateway_config")
    if marker is None:
        return {}
    opts = dict(marker.kwargs)
    if marker.args:
        if len(marker.args) > 1 or "config" in opts:
            raise pytest.UsageError("gateway_config marker takes one positional argument "
                                    "(the config dict); got %r" % (marker.args,))
        opts["config"] = marker.args[0]
    unknown = [k for k in opts if k not in _MARKER_KEYS]
    if unknown:
        raise pytest.UsageError("gateway_config marker: unknown option(s) %s; known: %s"
                                % (", ".join(sorted(unknown)), ", ".join(_MARKER_KEYS)))
    return opts


def _make_gateway(request, tmp_path, clock=None, subdir="gateway"):
    opts = _marker_options(request)
    kwargs = {}
    for key in ("version", "project_name", "name"):
        if opts.get(key) is not None:
            kwargs[key] = opts[key]
    gw = Gateway(data_dir=str(tmp_path / subdir), clock=clock, **kwargs)
    base = request.getfixturevalue("gwsim_gateway_config")
    legacy = request.getfixturevalue("gateway_config")  # overridable under its old name too
    for cfg in (base, legacy, opts.get("config")):
        if cfg:
            gw.configure(cfg)
    return gw, opts.get("builtins_system", True)


class _BuiltinSystem(object):
    """Put ``system`` into builtins for the fixture's lifetime (restoring what was there)."""

    def __init__(self, enabled):
        self.enabled = enabled
        self.saved = None

    def __enter__(self):
        if self.enabled:
            try:
                import builtins
            except ImportError:  # pragma: no cover
                import __builtin__ as builtins
            import gateway_sim.system as system_pkg
            self.saved = (builtins, getattr(builtins, "system", _MISSING))
            builtins.system = system_pkg
        return self

    def __exit__(self, *exc):
        if self.saved is not None:
            builtins, prev = self.saved
            if prev is _MISSING:
                try:
                    del builtins.system
                except AttributeError:
                    pass
            else:
                builtins.system = prev
        return False


_MISSING = object()


@pytest.fixture
def gwsim_gateway_config():
    """Config dict applied to each fixture gateway; override it in a conftest or module."""
    return None


@pytest.fixture
def gateway_config():
    """Old name of ``gwsim_gateway_config`` (override either; both are applied)."""
    return None


def _fixture_gateway(request, tmp_path, clock=None, subdir="gateway"):
    install_java_hook()
    gw, builtin = _make_gateway(request, tmp_path, clock=clock, subdir=subdir)
    try:
        with simulate(gw), _BuiltinSystem(builtin):
            yield gw
    finally:
        gw.shutdown()


@pytest.fixture
def gwsim_gateway(request, tmp_path):
    for gw in _fixture_gateway(request, tmp_path):
        yield gw


@pytest.fixture
def gwsim_virtual_gateway(request, tmp_path):
    for gw in _fixture_gateway(request, tmp_path, VirtualClock(start=VIRTUAL_START),
                               "virtual_gateway"):
        yield gw


def _active_gateway(request):
    """The gateway fixture this test uses: the virtual one if requested, else the real one."""
    names = request.fixturenames
    if "gwsim_virtual_gateway" in names or "virtual_gateway" in names:
        return request.getfixturevalue("gwsim_virtual_gateway")
    return request.getfixturevalue("gwsim_gateway")


@pytest.fixture
def gwsim_system(request):
    _active_gateway(request)
    import gateway_sim.system as system_pkg
    return system_pkg


@pytest.fixture
def gwsim_plug_module(request):
    from gateway_sim.surface_config import plug_module as _plug
    gw = _active_gateway(request)

    def plug(namespace, impl=None):
        return _plug(gw, namespace, impl)
    return plug


@pytest.fixture
def gwsim_perspective(request):
    from gateway_sim import surface_config
    return surface_config.backend(_active_gateway(request), "perspective")


@pytest.fixture
def gwsim_outbox(request):
    from gateway_sim import surface_config
    return surface_config.backend(_active_gateway(request), "mail")


@pytest.fixture
def gwsim_tags(request):
    return _active_gateway(request).tags


@pytest.fixture
def gwsim_db(request):
    return _active_gateway(request).databases


@pytest.fixture
def gwsim_clock(request):
    return _active_gateway(request).clock


# --- the old names: aliases of the same objects ---------------------------------------

@pytest.fixture
def gateway(gwsim_gateway):
    return gwsim_gateway


@pytest.fixture
def virtual_gateway(gwsim_virtual_gateway):
    return gwsim_virtual_gateway


@pytest.fixture
def system(gwsim_system):
    return gwsim_system


@pytest.fixture
def plug_module(gwsim_plug_module):
    return gwsim_plug_module


@pytest.fixture
def perspective(gwsim_perspective):
    return gwsim_perspective


@pytest.fixture
def outbox(gwsim_outbox):
    return gwsim_outbox


@pytest.fixture
def tags(gwsim_tags):
    return gwsim_tags


@pytest.fixture
def clock(gwsim_clock):
    return gwsim_clock


@pytest.fixture
def jython_project(gwsim_jython_project):
    return gwsim_jython_project


@pytest.fixture
def gwsim_jython_project(request):
    from gateway_sim import jython_host
    opened = []

    def start(project, version="8.1", config=None, config_dir=None):
        try:
            jython_host.find_java()
            jython_host.find_jython_jar()
        except jython_host.JythonUnavailable as exc:
            import os
            if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
                pytest.fail("jython_project needs Jython on CI: %s" % (exc,))
            pytest.skip("jython_project: %s" % (exc,))
        handle = jython_host.JythonProject(project, version, config, config_dir)
        opened.append(handle)
        return handle
    yield start
    for handle in opened:
        handle.close()
