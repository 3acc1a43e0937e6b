"""Scenario tests: written once (unittest, 2.7/3.x), run by pytest on CPython and by
``tests/jython/runner.py`` on Jython 2.7.3. See ``support.py``."""
from __future__ import absolute_import, division, print_function

# Runs before any scenario module imports the engine: on CPython the simulator's java.*
# must be importable before exchange.workflows.compat binds java.lang.Throwable (under
# pytest the gateway_sim plugin already did this; the runner and plain imports did not).
from gateway_sim import java as _java_hook  # noqa: E402

_java_hook.install()
