"""The operator console: a web page of the simulated gateway (issue 13).

Runs (paged, filtered, live), a run's detail (inputs, result or error, timeline,
events, streams, ISA-88 state, mailbox, parent / children), operator actions
(HOLD / RESUME / STOP / RESET, cancel, resume, fork, start), queues and
maintenance, tags and the gateway's events and log. Served by the standard
library's ``ThreadingHTTPServer`` next to ``gateway-sim run --console`` or by
``gateway-sim console`` attached to a running gateway's data folder.

Reads go through the engine's public runtime API and ``system.*`` only, so the
console works on every database the engine supports. CPython-only adapter.
May import: the standard library, ``gateway_sim`` and ``exchange.workflows``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.console.server import ConsoleServer, start_console  # noqa: F401
