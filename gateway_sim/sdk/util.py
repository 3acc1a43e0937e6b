"""SDK classes of ``com.inductiveautomation.ignition.common.util``.

``LoggerEx`` is ``gateway_sim.backends._logger.LoggerEx``, the very class
``system.util.getLogger`` returns, so ``isinstance`` holds. ``LogUtil.getLogger(name)``
(the SDK's way to get one, met in real project libraries written against the SDK) returns
the same logger ``system.util.getLogger(name)`` does. ``DatasetBuilder`` lives in
``gateway_sim.sdk.datasets``. May import: ``gateway_sim`` core (lazily).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.backends._logger import LoggerEx  # noqa: F401 - re-exported
from gateway_sim.sdk.datasets import DatasetBuilder  # noqa: F401 - re-exported


class LogUtil(object):
    """``LogUtil.getLogger(name)``: the gateway's ``LoggerEx`` called ``name``."""

    _java_name = "com.inductiveautomation.ignition.common.util.LogUtil"

    def __init__(self):
        raise TypeError("LogUtil has only static methods: call LogUtil.getLogger(name)")

    @staticmethod
    def getLogger(name):
        from gateway_sim import runtime
        return runtime.current().util.get_logger(name)
