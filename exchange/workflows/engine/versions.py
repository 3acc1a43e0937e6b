"""Application versions: which code a run was started with, and who may run it.

Every run records an application version (``workflow_status.application_version``):
the ``applicationVersion`` passed to the start, else ``configure(appVersion="...")``
when set, else (a version derived from the registered code: a hash of the sources of
every registered workflow, see ``code_version``) the version of the gateway that
claims it first, written by the claim itself, before any step runs; a child records
its parent's gateway's version at once. A start from a process that only enqueues
(the CLI, another project) thus never pins a run to that process's registry, as DBOS
does for client enqueues.

Dispatch and recovery hand a run only to a gateway running a compatible version,
in the claim query itself (``claims.candidates``): policy ``configure(versionPolicy=
"same")`` (default) claims runs of this gateway's version (and runs with no version,
made before versions were recorded); ``"any"`` claims every run. A recovered run
(crash, expired lease) goes back to ENQUEUED and so also waits for a compatible
gateway. Runs of a version no gateway runs any more wait: list them with
``listRuns(applicationVersion=...)`` and ``forkWorkflow(..., applicationVersion=new)``
them onto the new code (or switch the policy to ``any``).

The derived version lives in the kernel, published by the interpreter that owns the
gateway's loops (lazily: at its first start or dispatch cycle after it took them, or
when its registry changed): after a script reload, a start through
an old interpreter's facade records the NEW code's version (that code runs it),
matching "after a reload new runs use new code". A workflow registered later in the
same interpreter changes the hash; the versions this owner published before stay
accepted (its code still has them), so nothing it started strands. After a reload
that changes workflow code, runs the old code already claimed (and children it
started) wait if they need recovery, as with DBOS: set ``appVersion`` per deployment
to decide yourself when code is compatible.

Source text comes from ``inspect.getsource``; where it cannot be read (a module
compiled from a string, e.g. Ignition's project library: unverified), the
fingerprint of a function is its module, name and argument names only, so a change
of its body does not change the version there: set ``appVersion`` on such gateways.
May import: ``compat``, ``engine.kernel``, ``engine.registry``.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import threading

from exchange.workflows import compat
from exchange.workflows.engine import kernel as K, registry

_lock = threading.Lock()
_cache = {"generation": None, "version": None}
MAX_HISTORY = 64


def _fingerprint(name, fn):
    try:
        import inspect
        return u"%s\n%s" % (name, compat.to_text(inspect.getsource(fn)))
    except compat.CATCHABLE:  # no source (string-compiled module; Java errors too): names
        code = getattr(fn, "__code__", None) or getattr(fn, "func_code", None)
        args = tuple(getattr(code, "co_varnames", ())[:getattr(code, "co_argcount", 0)])
        return u"%s\n%s.%s%r" % (name, getattr(fn, "__module__", ""),
                                  getattr(fn, "__name__", ""), args)


def code_version():
    """This interpreter's hash of the registered workflows' sources (12 hex digits);
    recomputed only when the registry changed."""
    gen = registry.generation()
    with _lock:
        if _cache["generation"] == gen:
            return _cache["version"]
    parts = [_fingerprint(n, registry.workflow_fn(n)) for n in registry.workflow_names()]
    digest = hashlib.sha1(u"\n\x1e".join(parts).encode("utf-8")).hexdigest()[:12]
    with _lock:
        _cache["generation"], _cache["version"] = gen, digest
    return digest


def publish(kernel, token):
    """The loop owner (``token``) makes its code version the gateway's; its earlier
    versions stay accepted. Returns the version."""
    v = code_version()
    if K.get(kernel, "codeVersion") != v:
        hist = K.get(kernel, "codeVersions")
        if hist is None:
            compat.map_put_if_absent(kernel, "codeVersions", compat.new_map())
            hist = K.get(kernel, "codeVersions")
        if compat.map_size(hist) >= MAX_HISTORY:
            for old in compat.map_keys(hist):
                if compat.map_get(hist, old) != token:
                    compat.map_remove(hist, old)
        compat.map_put(hist, v, token)
        K.put(kernel, "codeVersion", v)
    return v


def current(rt):
    """The version a start on this gateway records (when the caller passes none)."""
    configured = K.config(rt.kernel, "appVersion")
    if configured:
        return configured
    owner = K.get(rt.kernel, "loopOwner")
    if not owner or owner == rt._token:  # the owner (or nobody yet): our own code
        return publish(rt.kernel, owner or rt._token)
    return K.get(rt.kernel, "codeVersion") or code_version()


def for_start(rt, child=False):
    """The version a start records when the caller passes none: the configured one; for a
    child, this gateway's (it runs its parent, so it runs that version); else None: the
    claiming gateway records its own (a start from a process that only enqueues, e.g. the
    CLI, must not pin the run to that process's registry)."""
    configured = K.config(rt.kernel, "appVersion")
    if configured:
        return configured
    return current(rt) if child else None


def accepted(rt):
    """Versions this gateway claims (None = any, policy ``any``)."""
    if K.config(rt.kernel, "versionPolicy") == "any":
        return None
    configured = K.config(rt.kernel, "appVersion")
    if configured:
        return [configured]
    current(rt)  # the owner republishes after a late registration
    owner = K.get(rt.kernel, "loopOwner")
    hist = K.get(rt.kernel, "codeVersions")
    out = [v for v in (compat.map_keys(hist) if hist is not None else [])
           if not owner or compat.map_get(hist, v) == owner]
    cur = K.get(rt.kernel, "codeVersion")
    if cur and cur not in out:
        out.append(cur)
    return sorted(out)
