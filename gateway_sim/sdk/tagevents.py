"""SDK tag events: the ``TagChangeListener`` interface scripts subclass.

Real project libraries define listener classes at import time
(``class MyListener(TagChangeListener): def tagChanged(self, event): ...``) and hand
instances to the gateway's tag manager (``IgnitionGateway.get().getTagManager()
.subscribeAsync(path, listener)``). The simulator provides the interface so such a
module imports and its classes can be built and called directly (in tests, with an
event of your own); the gateway context's tag manager (``gateway_sim.sdk.gatewaycontext``)
lists tag providers only, so ``subscribeAsync`` is a clear ``AttributeError``.
``tagChanged`` not overridden raises ``NotImplementedError`` when called (Java would
raise ``AbstractMethodError``; the exact error is unverified).
May import: the standard library.
"""
from __future__ import absolute_import, division, print_function


class TagChangeListener(object):
    """``com.inductiveautomation.ignition.common.tags.model.event.TagChangeListener``."""

    _java_name = "com.inductiveautomation.ignition.common.tags.model.event.TagChangeListener"

    def tagChanged(self, event):
        raise NotImplementedError(
            "%s does not implement tagChanged(event): define tagChanged(self, event) in "
            "the class that implements TagChangeListener" % type(self).__name__)
