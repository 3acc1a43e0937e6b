"""Query (``db``) tags: the first column of the first row of ``query`` on ``datasource``
(a ``DataSet`` tag holds the whole result set: 8.3 manual, Tag Data Types).

Run at start and then every ``executionRate`` ms (default 1000) of ``gw.clock``;
``{path}`` references in the SQL are replaced by tag values first (relative to the tag).
A failing query gives ``Error_DatabaseQuery`` naming the tag and the driver's message.
Runtime layer. May import: stdlib, ``gateway_sim.quality``, ``sources``.
"""
from __future__ import absolute_import, division, print_function

import sys

from gateway_sim.backends.tags.sources import _REF_RE, EvalContext, _Runtime
from gateway_sim.quality import QualityCode


class DbRuntime(_Runtime):
    """Query tag: first column of the first row of ``query`` on ``datasource``."""

    def start(self, events):
        self.refresh(events)
        rate = self.node.config.get("executionRate") or 1000
        self.schedule(int(rate))

    def tick(self):
        if self.stopped:
            return
        value, quality = self.run_query()
        events = []
        with self.backend.lock:
            if not self.stopped:
                self.set(value, quality, events)
        if events:
            self.backend.events.submit(events)

    def refresh(self, events):
        value, quality = self.run_query()
        self.set(value, quality, events)

    def run_query(self):
        cfg = self.node.config
        sql = cfg.get("query", "")
        ctx = EvalContext(self)
        try:
            sql = _REF_RE.sub(lambda m: u"%s" % (ctx.ref(m.group(1)),), sql)
            dbs = self.backend.gateway.databases
            ds_name = cfg.get("datasource") or ""
            if str(cfg.get("queryType", "AutoDetect")).lower() == "update":
                return dbs.update(sql, None, ds_name), QualityCode.Good
            ds = dbs.query(sql, None, ds_name)
            if self.node.data_type == "DataSet":
                return ds, QualityCode.Good     # the whole result set, even empty
            rows = ds.getRowCount() if hasattr(ds, "getRowCount") else len(ds)
            if not rows:
                return None, QualityCode.Good
            v = ds.getValueAt(0, 0) if hasattr(ds, "getValueAt") else ds[0][0]
            return v, QualityCode.Good
        except (KeyboardInterrupt, SystemExit):
            raise
        except:  # noqa: E722 - Java SQL errors: not even BaseExceptions on Jython
            exc = sys.exc_info()[1]
            return None, QualityCode.Error_DatabaseQuery.derive(
                "query tag %s: %s: %s" % (self.node.full_path(), type(exc).__name__, exc))
