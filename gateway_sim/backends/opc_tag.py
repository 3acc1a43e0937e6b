"""How an OPC tag (``valueSource: opc``) gets its value: from a simulated OPC connection.

The tag binds to connection ``opcServer`` (default ``Ignition OPC UA Server``, the
connection Ignition creates for its own server, present on every simulated gateway)
and item ``opcItemPath``. A connection the gateway lacks (another name) or one that is
not CONNECTED reads ``Bad_NotConnected`` with a null value, as a gateway shows an OPC
tag whose connection is missing; an item the connection does not serve reads
``Bad_NotFound``; otherwise the tag follows the item: memory items push every change (a write through the tag or
``system.opc.writeValue``), function items (ramp/sine/random) are polled at their
``updateRate`` on ``gw.clock``. Writes go to the item (``Bad_ReadOnly`` for a
non-memory item). Configuring or faulting a connection later re-binds its tags.
The runtime protocol is ``gateway_sim.backends.tags.sources``'s (start, refresh,
write, stop). May import: stdlib, ``gateway_sim`` core, ``gateway_sim.backends.opc``,
``gateway_sim.backends.tags.datatypes``, ``gateway_sim.backends.tags.scaling``. A tag's
scaling (``scaleMode``...) turns the item's raw value into the tag's value and a write
back into raw counts; a bad scaling property reads ``Error_Configuration`` naming it.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import string_types
from gateway_sim.backends.opc import DEFAULT_SERVER
from gateway_sim.backends.tags import datatypes
from gateway_sim.backends.tags.scaling import Scaling, ScalingError
from gateway_sim.quality import QualityCode


class OpcTagRuntime(object):
    def __init__(self, backend, node):
        self.backend = backend
        self.node = node
        cfg = node.config
        self.server_name = cfg.get("opcServer") or DEFAULT_SERVER
        if not isinstance(self.server_name, string_types):
            self.server_name = "%s" % (self.server_name,)
        self.item_path = "%s" % (cfg.get("opcItemPath"),)
        self.timer = None
        self.stopped = False
        try:
            self.scaling, self.scaling_error = Scaling.from_config(cfg), None
        except ScalingError as exc:
            self.scaling, self.scaling_error = None, "%s: %s" % (node.full_path(), exc)

    @property
    def opc(self):
        return self.backend.gateway.opc

    def start(self, events):
        self.opc.bind(self.server_name, self)
        self._apply(events)
        self._schedule()

    def refresh(self, events):
        self._apply(events)

    def _apply(self, events):
        qv = self.opc.read(self.server_name, self.item_path)
        value, quality = qv.value, qv.quality
        if self.scaling_error is not None:
            value, quality = None, QualityCode.Error_Configuration.derive(self.scaling_error)
        elif value is not None and self.scaling is not None and quality.isGood():
            value = self.scaling.to_tag(value)
        if value is not None:
            try:
                value = datatypes.coerce(value, self.node.data_type)
            except datatypes.CoercionError as exc:
                value, quality = None, QualityCode.Error_TypeConversion.derive(
                    "OPC item %s: %s" % (self.item_path, exc))
        self.backend._set(self.node, value, quality, events, qv.timestamp)

    def _update(self):
        if self.stopped:
            return
        events = []
        with self.backend.lock:
            if not self.stopped:
                self._apply(events)
        if events:
            self.backend.events.submit(events)

    tick = _update
    push = _update

    def _schedule(self):
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        server = self.opc.server(self.server_name)
        item = server.item(self.item_path) if server is not None and server.connected() else None
        if item is None or not item.is_function() or self.stopped:
            return
        self.timer = self.backend.clock.call_every(
            item.rate_ms / 1000.0, self.tick, fixed_rate=True,
            name="opc %s" % self.node.full_path())

    def rebind(self):
        if self.stopped:
            return
        self._update()
        self._schedule()

    def write(self, value):
        try:
            v = datatypes.coerce(value, self.node.data_type)
        except datatypes.CoercionError as exc:
            return QualityCode.Error_TypeConversion.derive(
                "writing %s: %s" % (self.node.full_path(), exc))
        if self.scaling_error is not None:
            return QualityCode.Error_Configuration.derive(self.scaling_error)
        if self.scaling is not None:
            v = self.scaling.to_raw(v)
        return self.opc.write(self.server_name, self.item_path, v)

    def stop(self):
        self.stopped = True
        self.opc.unbind(self.server_name, self)
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
