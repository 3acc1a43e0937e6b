# -*- coding: utf-8 -*-
"""The built-in ``[System]`` provider: read-only tags a gateway computes itself.

``Gateway/SystemName``, ``/Timezone``, ``/CurrentDateTime``, ``/UptimeSeconds`` and
``Gateway/Performance/CPU Usage``, ``/Memory Utilization``, ``/Disk Utilization`` (the
three paths real exports bind derived tags to, as ``{source}*100``: so they are
fractions 0..1 -- unverified beyond that use). Values are read live from this machine
(load average per CPU, JVM or process memory, disk of the data folder); a metric this
interpreter cannot measure reads ``None`` with ``Uncertain`` quality rather than a made-up
number. An exported System provider merges into these (``loaders.apply_nodes``): the
built-ins stay, exported tags they lack are added; an exported tag with no config (how
an export names a gateway-computed tag) reads None / Uncertain, read-only
(``loaders._uncomputed_system_tags``). Runtime layer.
May import: stdlib, ``gateway_sim.jvm``, tag siblings (lazily).
"""
from __future__ import absolute_import, division, print_function

import os
import time

from gateway_sim._compat import IS_JYTHON
from gateway_sim.jvm import Date

PERFORMANCE = ("CPU Usage", "Memory Utilization", "Disk Utilization")


def install(backend):
    """Create the System provider of ``backend`` with its live tags."""
    from gateway_sim.backends.tags import loaders
    gw = backend.gateway
    clock = backend.clock
    started = clock.now_ms()
    loaders.load_data(backend, [{"name": "Gateway", "tagType": "Folder", "tags": [
        {"name": "SystemName", "dataType": "String", "readOnly": True, "value": gw.name},
        {"name": "Timezone", "dataType": "String", "readOnly": True,
         "value": time.strftime("%Z") or "UTC"},
        {"name": "CurrentDateTime", "dataType": "DateTime", "readOnly": True},
        {"name": "UptimeSeconds", "dataType": "Int8", "readOnly": True, "value": 0},
        {"name": "Performance", "tagType": "Folder", "tags": [
            {"name": n, "dataType": "Float8", "readOnly": True} for n in PERFORMANCE]},
    ]}], "System", "", "<System provider>")
    sysp = backend.provider("System")
    sysp.find(["Gateway", "CurrentDateTime"]).live = lambda: Date(clock.now_ms())
    sysp.find(["Gateway", "UptimeSeconds"]).live = lambda: (clock.now_ms() - started) // 1000
    data_dir = getattr(gw, "data_dir", None) or os.getcwd()
    for name, fn in (("CPU Usage", cpu_usage), ("Memory Utilization", memory_utilization),
                     ("Disk Utilization", lambda: disk_utilization(data_dir))):
        sysp.find(["Gateway", "Performance", name]).live = fn


def _fraction(x):
    if x is None:
        return None
    return max(0.0, min(1.0, float(x)))


def cpu_usage():
    """1-minute load average per CPU (0..1), or None where the OS has none."""
    if IS_JYTHON:
        from java.lang.management import ManagementFactory
        os_bean = ManagementFactory.getOperatingSystemMXBean()
        load = os_bean.getSystemLoadAverage()
        n = os_bean.getAvailableProcessors()
        return _fraction(load / float(n or 1)) if load >= 0 else None
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return None
    try:
        import multiprocessing
        n = multiprocessing.cpu_count()
    except (ImportError, NotImplementedError):
        n = 1
    return _fraction(load / float(n or 1))


def memory_utilization():
    """Used / max memory: the JVM heap on Jython, the machine's RAM elsewhere."""
    if IS_JYTHON:
        from java.lang import Runtime
        rt = Runtime.getRuntime()
        return _fraction((rt.totalMemory() - rt.freeMemory()) / float(rt.maxMemory()))
    try:
        info = {}
        with open("/proc/meminfo") as f:
            for line in f:
                k, _, v = line.partition(":")
                info[k.strip()] = float(v.split()[0])
        total = info["MemTotal"]
        avail = info.get("MemAvailable", info.get("MemFree", 0.0))
        return _fraction((total - avail) / total)
    except (IOError, OSError, KeyError, ValueError, ZeroDivisionError):
        return None


def disk_utilization(path):
    """Used / total space of the disk holding ``path``."""
    if IS_JYTHON:
        from java.io import File
        f = File(path)
        total = f.getTotalSpace()
        return _fraction((total - f.getUsableSpace()) / float(total)) if total else None
    try:
        st = os.statvfs(path)
    except (AttributeError, OSError):
        return None
    total = st.f_blocks * st.f_frsize
    return _fraction((total - st.f_bavail * st.f_frsize) / float(total)) if total else None
