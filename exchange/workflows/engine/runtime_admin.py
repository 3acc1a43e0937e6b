"""The administration side of ``WorkflowsRuntime``: maintenance, retention, tunables,
queue limits and rate limits, versions, diagnostics (a mixin; the facade is
engine/runtime.py).
May import: everything in ``engine`` except ``runtime`` and ``instance``; ``settings``.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import (dispatcher, host, kernel as K, maintenance, ratelimit,
                                       retention, versions)
from exchange.workflows.engine.persistence import migrations


class RuntimeAdmin(object):
    """Administration of ``WorkflowsRuntime`` (needs ``self.dbName``, ``self.kernel``,
    ``self._log``)."""

    def enterMaintenance(self, mode="drain", reason="", queueName=None):
        return maintenance.enter(self, mode, reason, queueName)

    def exitMaintenance(self):
        return maintenance.exit_(self)

    def swapIfDrained(self):
        return maintenance.swap_if_drained(self)

    def getMaintenanceStatus(self):
        return maintenance.status(self)

    def getGeneration(self):
        return compat.atomic_get(K.get(self.kernel, "generation"))

    def applyRetention(self):
        try:
            return retention.apply(self.dbName)
        except compat.CATCHABLE as exc:
            self._log.error("evt=retention.failed error=%s" % compat.exception_text(exc))
            raise

    def getRetentionConfig(self):
        return retention.get_config(self.dbName)

    def setRetentionConfig(self, timeThresholdHours=None, rowsThreshold=1000000,
                           globalTimeoutHours=None):
        return retention.set_config(self.dbName, timeThresholdHours, rowsThreshold,
                                    globalTimeoutHours)

    def getSchemaVersion(self):
        return migrations.schema_version(self.dbName)

    def getExecutorDiagnostics(self, includeSamples=False, sampleLimit=20):
        d = maintenance.diagnostics(self)
        if includeSamples:
            d["samples"] = {"activeWorkflows": compat.map_keys(
                K.get(self.kernel, "activeWorkflows"))[:int(sampleLimit)]}
        return d

    def configure(self, **values):
        """Change engine tunables (see settings.DEFAULTS) for this gateway; returns them all.

        Every value is checked first (``settings.validate_settings``): one bad value raises
        ``InvalidArgument`` naming it and nothing is changed.
        """
        values = S.validate_settings(values)
        for name, value in values.items():
            if name in S.KERNEL_TUNABLES:
                compat.atomic_set(K.get(self.kernel, name), value)
                continue
            K.set_config(self.kernel, name, value)
        if "workflowWorkers" in values:
            dispatcher.ensure_threads(self)
            K.wake(self.kernel)
        return dict((n, K.config(self.kernel, n)) for n in sorted(S.DEFAULTS))

    def setQueueRateLimit(self, queueName, maxStarts, periodSeconds=None):
        """At most ``maxStarts`` starts of the queue per ``periodSeconds``, across all gateways
        (enforced in the claim transaction); ``maxStarts=None`` removes it (engine/ratelimit.py)."""
        return ratelimit.set_limit(self, queueName, maxStarts, periodSeconds)

    def listQueueRateLimits(self):
        return ratelimit.list_limits(self)

    def getApplicationVersion(self):
        """The version starts on this gateway record (configure(appVersion=...) or derived
        from the registered workflows' sources; engine/versions.py)."""
        return versions.current(self)

    def setQueueLimit(self, queueName, workerConcurrency=None, concurrency=None):
        """Queue limits: ``workerConcurrency`` = runs of the queue at once on THIS gateway
        (kernel); ``concurrency`` = at once across ALL gateways (database, exact). None = none."""
        q = S.resolveQueueName(queueName)
        limits = K.get(self.kernel, "queueLimits")
        if workerConcurrency is None:
            compat.map_remove(limits, q)
        else:
            compat.map_put(limits, q, int(workerConcurrency))
        from exchange.workflows.engine.persistence import claims
        claims.set_global_limit(self.dbName, q, None if concurrency is None else int(concurrency),
                                host.now_ms())
        compat.map_remove(K.get(self.kernel, "timers"), self.dbName + ":hasGlobalLimits")
        K.wake(self.kernel)

    def getQueueLimits(self):
        """{queue: {"workerConcurrency": n or None, "concurrency": n or None}} of every queue
        with a limit set by ``setQueueLimit`` (workerConcurrency: this gateway's)."""
        from exchange.workflows.engine.persistence import claims
        out = {}
        limits = K.get(self.kernel, "queueLimits")
        for q in compat.map_keys(limits):
            out.setdefault(compat.to_text(q), {"workerConcurrency": None, "concurrency": None})[
                "workerConcurrency"] = int(compat.map_get(limits, q))
        for q, n in claims.global_limits(self.dbName).items():
            out.setdefault(compat.to_text(q), {"workerConcurrency": None, "concurrency": None})[
                "concurrency"] = int(n)
        return out
