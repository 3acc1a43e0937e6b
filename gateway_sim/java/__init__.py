"""Pure-Python ``java.*`` for CPython, and the import hook that exposes it.

``install()`` puts a finder first on ``sys.meta_path`` so that, under CPython,
``import java.util`` / ``from java.util.concurrent import ConcurrentHashMap``
resolve to this package: ``java.X`` is a facade module over ``gateway_sim.java.X``
(same class objects; the facade alone has the JVM fallback). Classes and
packages this package does not provide are loaded through JPype from a real
JVM when ``jpype1`` and a JDK are installed (``gateway_sim.java.bridge``);
otherwise the import fails with an ``ImportError`` that names the class and
says what to install. Jython's ``import java.lang.Exception [as X]`` form binds the class.
``com.inductiveautomation.*`` (Ignition SDK stand-ins) comes from ``gateway_sim.sdk.finder``,
installed alongside. ``javax.*`` goes only to JPype, and only after every normal Python
finder had its chance (``org`` and other ``com.*`` are left alone). On Jython ``install()``
adds only the SDK stand-ins: the real ``java.*`` classes are there. ``gateway_sim.java.scan``
lists statically what a script imports that cannot be supplied.

Provided: see ``PROVIDED_PACKAGES`` (the classes are listed on the coverage page).
May import: the standard library; ``importlib`` only inside ``install()``.
"""
from __future__ import absolute_import, division, print_function

import sys
import threading

_IS_JYTHON = sys.platform.startswith("java")
_lock = threading.Lock()
_installed = []

# Java package -> gateway_sim module providing it (all under gateway_sim.java).
PROVIDED_PACKAGES = (
    "java", "java.lang", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
    "java.util.function", "java.math", "java.security",
    "java.util.concurrent.locks", "java.sql", "java.text", "java.io", "java.net",
    "java.net.http",
)
# Roots loaded only from a JVM. Deliberately not ``org``/``com``: the stdlib probes
# ``org.python.core`` to detect Jython, and that must stay a fast ImportError.
JVM_ONLY_ROOTS = ("javax",)

INSTALL_HINT = ("install the JVM bridge (pip install 'ignition-workflows-sim[jvm]') and a JDK "
                "(e.g. apt-get install openjdk-17-jdk-headless, or set JAVA_HOME)")


class JavaClassNotAvailable(ImportError):
    """A ``java.*`` class/package gateway_sim does not provide and no JVM can supply."""


def install():
    """Install the ``java.*`` import hook (idempotent). On Jython the real ``java.*`` is
    there: only the Ignition SDK stand-ins are added (unless Ignition's jars are present)."""
    if _IS_JYTHON:
        from gateway_sim.sdk import finder as sdk_finder
        sdk_finder.install()
        return None
    with _lock:
        if _installed:
            finder = _installed[0]
            if finder in sys.meta_path:
                if sys.meta_path[0] is not finder:
                    sys.meta_path.remove(finder)
                    sys.meta_path.insert(0, finder)
                return finder
            sys.meta_path.insert(0, finder)
            return finder
        from gateway_sim.java import _hook
        from gateway_sim.sdk import finder as sdk_finder
        finder = _hook.JavaFinder()
        late = _hook.JvmOnlyFinder()
        sdk_finder.install()  # com.inductiveautomation.* (Ignition SDK stand-ins)
        sys.meta_path.insert(0, finder)
        sys.meta_path.append(late)
        _installed.extend([finder, late])
        return finder


def uninstall():
    """Remove the hook and forget the ``java.*`` modules it created (for tests)."""
    with _lock:
        from gateway_sim.sdk import finder as sdk_finder
        sdk_finder.uninstall()
        for f in _installed:
            if f in sys.meta_path:
                sys.meta_path.remove(f)
        del _installed[:]
        import types
        for name in list(sys.modules):
            if name.split(".", 1)[0] in ("java",) + JVM_ONLY_ROOTS:
                mod = sys.modules.get(name)
                # classes imported as modules (``import java.lang.Exception``) go too
                if getattr(mod, "__gateway_sim_java__", False) or not isinstance(mod, types.ModuleType):
                    del sys.modules[name]
