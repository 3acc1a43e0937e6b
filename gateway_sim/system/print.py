"""``system.print`` in gateway scope: the printers of the simulated gateway's machine.

A simulated gateway has no printers: ``getPrinterNames()`` is empty and
``getDefaultPrinterName()`` None, as documented for a machine without printers. The
printing functions themselves (``createPrintJob``, ``createImage``, ``printToImage``)
are Vision-client functions (declared by the catalog).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim.registry import implements


@implements("system.print.getDefaultPrinterName")
def getDefaultPrinterName():
    """None: there is no default printer."""
    runtime.current()
    return None


@implements("system.print.getPrinterNames")
def getPrinterNames():
    """[]: no local printers."""
    runtime.current()
    return []
