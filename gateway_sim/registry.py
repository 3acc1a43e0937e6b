"""Registry of the ``system.*`` functions the simulator implements.

Each API-surface function is decorated with ``@implements("system.tag.readBlocking")``.
``declare_missing(globals(), "system.tag", names)`` defines the catalog functions a
module does not implement, with the stub's exact parameters (so ``inspect`` sees
what it sees on a gateway), as callables that raise:

* ``NotImplementedInSimulator`` naming themselves (a gap in the simulator), or
* for Vision-client functions, the ``AttributeError`` a gateway raises when a gateway
  script reaches for them (gateway scope has no client functions; the exact text is
  unverified: it follows Jython's message for a missing attribute of Ignition's
  ``ScriptPackage``).

``gateway_sim.coverage`` turns these lists into the coverage page.
May import: ``gateway_sim.errors``, ``gateway_sim.catalog`` (lazily).
"""
from __future__ import absolute_import, division, print_function

import ast
import keyword

from gateway_sim.errors import NotImplementedInSimulator

SCRIPT_PACKAGE = "com.inductiveautomation.ignition.common.script.ScriptPackage"

_implemented = {}
_missing = {}
_client = {}


def implements(qualified_name):
    """Mark a function as the simulator's implementation of ``qualified_name``."""
    def deco(fn):
        _implemented[qualified_name] = fn
        return fn
    return deco


def declare_missing(namespace_globals, namespace, names):
    """Define each catalog function of ``names`` that ``namespace_globals`` lacks."""
    from gateway_sim import catalog
    for name in names:
        qualified = "%s.%s" % (namespace, name)
        if qualified in _implemented or name in namespace_globals:
            continue
        sig = _signature_for(catalog, namespace, name)
        if catalog.is_client(namespace, name):
            namespace_globals[name] = _make(qualified, sig, _client_raiser(namespace, name),
                                            "Vision client scope: calling it from gateway "
                                            "scope raises AttributeError, as on a gateway.")
            _client[qualified] = True
        else:
            namespace_globals[name] = _make(qualified, sig, _missing_raiser(qualified),
                                            "Not implemented by gateway_sim: calling it "
                                            "raises NotImplementedInSimulator.")
            _missing[qualified] = True


def _signature_for(catalog, namespace, name):
    for version in reversed(catalog.VERSIONS):   # the newest signature that exists
        sig = catalog.signature(namespace, name, version)
        if sig not in (None, "object"):
            return sig
    return None


def _missing_raiser(qualified):
    def raiser():
        raise NotImplementedInSimulator(qualified)
    return raiser


def _client_raiser(namespace, name):
    leaf = namespace.rsplit(".", 1)[1] if _whole_client(namespace) else name

    def raiser():
        raise AttributeError("'%s' object has no attribute '%s' (%s.%s is Vision client "
                             "scope; a gateway script cannot call it: move the call to a "
                             "client, or guard it)" % (SCRIPT_PACKAGE, leaf, namespace, name))
    return raiser


def _whole_client(namespace):
    from gateway_sim import catalog
    return namespace in catalog.CLIENT_NAMESPACES


def _make(qualified, sig, raiser, doc):
    """A function named like the catalog entry, with its parameters, calling ``raiser``."""
    name = str(qualified.rsplit(".", 1)[-1])
    fn = None
    if sig is not None:
        fn = _with_signature(name, sig, raiser)
    if fn is None:
        def fn(*args, **kwargs):
            raiser()
        fn.__name__ = name
    fn.__doc__ = doc
    fn.__module__ = qualified.rsplit(".", 1)[0]
    return fn


def _with_signature(name, sig, raiser):
    params, env = [], {"_raise": raiser}
    for i, p in enumerate(sig):
        pname = p[0] if isinstance(p, tuple) else p.lstrip("*")
        if keyword.iskeyword(pname) or pname in ("print", "exec", "_raise"):
            return None
        if isinstance(p, tuple):
            try:
                env["_d%d" % i] = ast.literal_eval(p[1])
            except ValueError:
                env["_d%d" % i] = None      # e.g. Locale.ENGLISH: a non-literal default
            params.append("%s=_d%d" % (pname, i))
        else:
            params.append(p)
    src = "def %s(%s):\n    _raise()\n" % (name, ", ".join(params))
    try:
        exec(compile(src, "<gateway_sim.registry>", "exec"), env)
    except SyntaxError:
        return None
    return env[name]


def implemented_names():
    return sorted(_implemented)


def missing_names():
    return sorted(n for n in _missing if n not in _implemented)


def client_names():
    return sorted(n for n in _client if n not in _implemented)
