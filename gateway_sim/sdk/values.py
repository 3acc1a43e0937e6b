"""SDK value classes (``com.inductiveautomation.ignition.common.model.values``).

``QualityCode`` is ``gateway_sim.quality.QualityCode`` and ``BasicQualifiedValue`` is
``gateway_sim.quality.QualifiedValue`` -- the very classes ``system.tag.readBlocking``
returns -- so ``isinstance`` and the constants (``QualityCode.Good``...) agree with
values from ``system.*``. ``QualifiedValue`` is the interface both the simulator's
values and ``BasicQualifiedValue`` satisfy. The simulator's values are immutable:
``BasicQualifiedValue.setValue`` and friends are absent (scripts write the tag
instead). ``BasicQualifiedValue(value)`` without a timestamp carries None where the SDK
stamps the current time (unverified). May import: ``gateway_sim.quality``.
"""
from __future__ import absolute_import, division, print_function

import abc

from gateway_sim.quality import QualifiedValue as BasicQualifiedValue
from gateway_sim.quality import QualityCode  # noqa: F401 - re-exported

QualifiedValue = abc.ABCMeta("QualifiedValue", (object,), {
    "__doc__": "``com.inductiveautomation.ignition.common.model.values.QualifiedValue``.",
    "_java_name": "com.inductiveautomation.ignition.common.model.values.QualifiedValue"})
QualifiedValue.register(BasicQualifiedValue)
