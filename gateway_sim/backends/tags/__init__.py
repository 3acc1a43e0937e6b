"""Tag providers behind ``system.tag`` (``gw.tags``).

Public interface (other helpers use these names):

* ``TagBackend(gateway)`` -- created lazily as ``gw.tags``.
* ``gw.tags.read(paths) -> [QualifiedValue]``, ``gw.tags.write(paths, values) -> [QualityCode]``
  (a single string is one path), ``gw.tags.value(path)``.
* ``gw.tags.add_provider(name)``, ``gw.tags.provider(name)``, ``gw.tags.default_name``.
* ``gw.tags.load_file(path, provider="default", base_path="")`` -- tags.json (any export
  envelope), YAML (CPython), or an 8.3 ``tag-definition`` folder; ``gw.tags.load_data(obj, ...)``.
* ``gw.tags.configure(providers_dict, default_name, base_dir)`` -- the gateway config
  section ``tagProviders`` (format in ``loaders``).
* ``gw.tags.subscribe(paths, callback) -> handle`` with ``handle.unsubscribe()``;
  ``callback(path, previous_qv, current_qv, initial)`` runs on the tag-event thread.
* ``gw.tags.flush_events(timeout=10)`` -- wait until queued event scripts/callbacks ran.
* ``gw.tags.set_value(path, value, quality=None)`` / ``gw.tags.set_quality(path, q)`` --
  test hooks that bypass read-only and value sources (simulate device data).

Providers: ``default`` (empty) and ``System`` (``[System]Gateway/SystemName``,
``/Timezone``, ``/CurrentDateTime``, ``/UptimeSeconds``, ``Performance/...``; read-only,
see ``systemtags``) exist from the start.
Alarm state reads: ``<tag>/Alarms/<name>.IsActive`` (see ``alarms``).

Layers (``tests/gateway_sim/tags/test_layers.py`` enforces them):

* **load layer** -- plain dicts and strings, never the live tree: ``paths`` (path syntax,
  ``resolve_relative``), ``datatypes`` (types, coercion), ``schema`` (node checks,
  ``prune``), ``simconfig`` (``sim`` block checks), ``documents`` (files -> nodes: JSON,
  YAML, the 8.3 folder layout), ``xml7`` (7.x XML exports), ``udt`` (member merging,
  parameter bindings).
* **runtime layer** -- the tree and what runs on it: ``nodes`` (tree), ``build`` (config ->
  nodes), ``configure`` (collision policies, activation), ``instances`` (UDT instances in
  the tree), ``valuesources`` (which runtime a tag gets), ``sources``
  (expr/reference/derived), ``querytag`` (db), ``sim`` (process simulation),
  ``events`` (event scripts, subscriptions), ``alarms``, ``refs`` (resolved paths),
  ``browse``/``ops`` (system.tag browse/export/copy...), ``report``/``report_match``
  (system.tag.query, the Tag Report Tool's query), ``systemtags`` (the [System]
  provider), ``context`` (the tag running on this thread), ``backend`` (TagBackend), and
  ``loaders``, the bridge that hands checked documents to ``configure``.

No import cycle, lazy imports included. This package module imports nothing, so
importing a load-layer module never starts the runtime; ``TagBackend`` here is a
factory that imports it on first use.
"""
from __future__ import absolute_import, division, print_function

DEFAULT_PROVIDER = "default"


def TagBackend(gateway):  # noqa: N802  (kept as the class name callers use)
    """Create the ``TagBackend`` of ``gateway`` (``gateway_sim.backends.tags.backend``)."""
    from gateway_sim.backends.tags.backend import TagBackend as _TagBackend
    return _TagBackend(gateway)


__all__ = ["TagBackend", "DEFAULT_PROVIDER"]
