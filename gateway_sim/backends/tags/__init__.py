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
``/Timezone``, ``/CurrentDateTime``, ``/UptimeSeconds``; read-only) exist from the start.
Alarm state reads: ``<tag>/Alarms/<name>.IsActive`` (see ``alarms``).

Module map: ``paths`` (path syntax), ``datatypes`` (types, coercion), ``nodes`` (tree),
``schema`` (validation), ``build`` (config -> nodes), ``configure`` (collision policies,
activation), ``udt``, ``sources`` (expr/reference/derived/db), ``sim`` (process
simulation), ``events`` (event scripts, subscriptions), ``loaders`` (files, config
section), ``browse``/``ops`` (system.tag browse/export/copy...), ``alarms``, ``refs``
(resolved paths), ``backend`` (TagBackend).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.backends.tags.backend import DEFAULT_PROVIDER, TagBackend  # noqa: F401

__all__ = ["TagBackend", "DEFAULT_PROVIDER"]
