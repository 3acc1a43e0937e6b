"""Where the console's data comes from: a gateway in this process, or one attached to.

``InProcessSource`` (``gateway-sim run --console``, tests): the running gateway object;
the engine is the project's own ``exchange.workflows`` (same kernel as its dispatcher),
actions go through ``api.service`` / ``api.admin`` and return their envelopes.

``AttachedSource`` (``gateway-sim console``): a client gateway on the same system database
(``--config`` / ``--db``) and the running gateway's control endpoint for tags. It must never
become an executor (see ``gateway_sim.client``), so it uses the bare runtime facade and
builds the envelopes of the few actions itself with the service's codes
(``AttachedService``).

Both expose: ``runtime()``, ``service``, ``admin``, ``tags`` (read / write / browse),
``gateway`` (the gateway object, for events and the log; None when attached to another
process) and ``call(fn, *args)`` which runs ``fn`` with ``system`` bound to the gateway.
May import: the standard library, ``gateway_sim`` and ``exchange.workflows``.
"""
from __future__ import absolute_import, division, print_function

import importlib

from gateway_sim import control
from gateway_sim.simulate import simulate


class _Base(object):
    gateway = None
    tags = None
    offline_tags = False

    def __init__(self, gw):
        self.gw = gw
        self.name = gw.name
        self.version = gw.version
        self.data_dir = gw.data_dir

    def call(self, fn, *args, **kwargs):
        with simulate(self.gw):
            return fn(*args, **kwargs)

    def templates(self, workflow):
        """Active parameter templates of ``workflow`` (``api.params``; [] when none / no table)."""
        try:
            return self.call(self.params.listTemplates, workflow) or []
        except Exception:  # noqa: BLE001 - no template table yet: no templates
            return []

    def template_fields(self, workflow, template):
        """[(key, default JSON text)] of a template's latest active version, or None."""
        import json
        tpl = self.call(self.params.getTemplate, workflow, template)
        if tpl is None:
            return None
        meta = (tpl.get("schema") or {}).get("meta") or {}
        defaults = meta.get("defaultData") or {}
        return [(k, json.dumps(defaults[k], default=str) if k in defaults else None)
                for k in meta.get("paramKeys") or []]

    def workflow_params(self, name):
        """[(parameter, default JSON text or None)] of a registered workflow."""
        import inspect
        fn = self.call(lambda: self.runtime().getWorkflowFn(name))
        fn = getattr(fn, "__wrapped__", fn)
        out = []
        try:
            sig = inspect.signature(fn)
        except (TypeError, ValueError):
            return out
        import json
        for p in sig.parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            default = None if p.default is p.empty else json.dumps(p.default, default=str)
            out.append((p.name, default))
        return out


class InProcessSource(_Base):
    """A gateway object of this process (its project runs the engine)."""

    def __init__(self, gw):
        _Base.__init__(self, gw)
        self.gateway = gw
        self.tags = control.LocalTags(gw)
        self._modules = {}

    def module(self, dotted):
        mod = self._modules.get(dotted)
        if mod is None:
            proj = self.gw.projects.default if self.gw.has_backend("projects") else None
            mod = None
            if proj is not None:
                try:
                    mod = self.call(proj.import_module, dotted)
                except ImportError:
                    mod = None
            if mod is None:
                mod = importlib.import_module(dotted)
            self._modules[dotted] = mod
        return mod

    def runtime(self):
        inst = self.module("exchange.workflows.engine.instance")
        return self.call(inst.getWorkflows)

    @property
    def service(self):
        return self.module("exchange.workflows.api.service")

    @property
    def admin(self):
        return self.module("exchange.workflows.api.admin")

    @property
    def params(self):
        return self.module("exchange.workflows.api.params")

    def tag_scripts(self, providers):
        """[(tag path, event id, last run or None)] of every tag event script; the last run
        is the node's record (``node.script_runs``: time, duration, outcome, last error)."""
        out = []

        def walk(nodes):
            for n in nodes or []:
                for s in n.get("eventScripts") or []:
                    out.append((str(n.get("path")), s.get("eventid")))
                walk(n.get("tags"))
        for prov in providers:
            walk(self.call(lambda: __import__("system").tag.getConfiguration(prov, True)))
        rows = []
        for path, ev in out:
            node = getattr(self.gw.tags.resolve(path), "node", None)
            runs = getattr(node, "script_runs", None) or {}
            rows.append((path, ev, runs.get(ev)))
        return rows

    def close(self):
        pass


class AttachedSource(_Base):
    """A client of a gateway running in another process (same system database)."""

    def __init__(self, gw, tags_client=None):
        _Base.__init__(self, gw)
        self.tags = tags_client if tags_client is not None else control.LocalTags(gw)
        self.offline_tags = tags_client is None  # writes would land in this process only
        self._rt = None
        self.service = AttachedService(self)
        self.admin = self.service
        self.params = importlib.import_module("exchange.workflows.api.params")

    def tag_scripts(self, providers):
        return None  # the running gateway's tag configuration is not served by its endpoint

    def runtime(self):
        if self._rt is None:
            from gateway_sim import client
            self._rt = self.call(client._runtime)
        return self._rt

    def close(self):
        try:
            self.tags.close()
        finally:
            self.gw.shutdown()


class AttachedService(object):
    """The actions of ``api.service`` / ``api.admin`` on a facade that never executes."""

    def __init__(self, source):
        self.source = source

    def _env(self, ok, code, message, data=None):
        from exchange.workflows.util.response import makeErr, makeOk
        return (makeOk if ok else makeErr)(code, message, data or {}, {})

    def _guard(self, code, fn):
        try:
            return fn(self.source.runtime())
        except Exception as exc:  # noqa: BLE001 - reported in the envelope
            return self._env(False, code, "%s: %s" % (type(exc).__name__, exc))

    def start(self, workflowName=None, inputs=None, queueName=None, partitionKey=None, priority=0,
              **kw):
        def go(rt):
            wid = rt.enqueue(workflowName, inputs or {}, queueName=queueName,
                             partitionKey=partitionKey, priority=priority or 0)
            return self._env(True, "WORKFLOW_ENQUEUED", "Workflow enqueued",
                             {"workflowId": wid, "workflowName": workflowName})
        return self._guard("START_FAILED", go)

    def sendCommand(self, workflowId=None, cmd=None, reason=None, topic="cmd", **kw):
        def go(rt):
            info = rt.getStatus(workflowId)
            if info is None:
                return self._env(False, "WORKFLOW_NOT_FOUND", "No workflow run with id %s" % workflowId)
            if info["status"] in ("SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED"):
                return self._env(False, "WORKFLOW_NOT_ACTIVE", "Workflow %s already ended (%s)"
                                 % (workflowId, info["status"]))
            msg = {"cmd": cmd}
            if reason:
                msg["reason"] = reason
            rt.send(workflowId, msg, topic=topic)
            return self._env(True, "COMMAND_SENT", "Command %s sent" % cmd,
                             {"workflowId": workflowId, "cmd": cmd})
        return self._guard("COMMAND_SEND_FAILED", go)

    def cancel(self, workflowId=None, reason=None, **kw):
        def go(rt):
            if rt.getStatus(workflowId) is None:
                return self._env(False, "WORKFLOW_NOT_FOUND", "No workflow run with id %s" % workflowId)
            n = rt.cancelWorkflow(workflowId, reason or "")
            return self._env(True, "CANCEL_REQUESTED", "Cancel requested",
                             {"workflowId": workflowId, "cancelledCount": int(n or 0)})
        return self._guard("CANCEL_FAILED", go)

    def enterMaintenance(self, mode="drain", reason="", queueName=None, **kw):
        def go(rt):
            res = rt.enterMaintenance(mode=mode, reason=reason or "", queueName=queueName)
            return self._env(True, "MAINTENANCE_ENABLED", "Maintenance enabled (%s)" % mode, res)
        return self._guard("MAINTENANCE_ENABLE_FAILED", go)

    def exitMaintenance(self, **kw):
        def go(rt):
            return self._env(True, "MAINTENANCE_DISABLED", "Maintenance disabled", rt.exitMaintenance())
        return self._guard("MAINTENANCE_DISABLE_FAILED", go)
