"""Built-in database steps: ``db.query`` and ``db.update``.

Run through the host seam (``engine.host``), never ``system.db`` directly, as raw
SQL: the user's table names are never rewritten to the engine's (persistence.names).
Rows come back as a list of ``{column: value}`` dicts with JSON-safe values so
the step output can be checkpointed. Database errors (Python or Java) propagate
as step errors, so the step's retry options apply.

May import: ``exchange.workflows`` (bootstrap, compat, steps.common) and, lazily,
``engine.host``.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.bootstrap import step
from exchange.workflows.steps import common


def _check(step_name, sql, args):
    if not isinstance(sql, compat.string_types) or not sql.strip():
        raise ValueError("%s: sql must be a non-empty SQL string with ? placeholders, got %r"
                         % (step_name, sql))
    if args is None:
        return []
    if isinstance(args, (list, tuple)):
        return list(args)
    raise ValueError("%s: args must be a list of values for the ? placeholders (or None), "
                     "got %r" % (step_name, args))


@step(name="db.query")
def query(dbName, sql, args=None):
    """Run a SELECT on datasource ``dbName`` ("" = project default): list of row dicts."""
    from exchange.workflows.engine import host
    args = _check("db.query", sql, args)
    rows = host.db_query(sql, args, db=dbName or None, raw=True)
    return [common.jsonSafe(dict(row)) for row in rows]


@step(name="db.update")
def update(dbName, sql, args=None):
    """Run an INSERT/UPDATE/DELETE on ``dbName``: ``{rows_affected}``."""
    from exchange.workflows.engine import host
    args = _check("db.update", sql, args)
    return {"rows_affected": int(host.db_update(sql, args, db=dbName or None, raw=True) or 0)}
