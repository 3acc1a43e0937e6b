"""The simulated gateway's outbox: what ``system.net.sendEmail`` was asked to send.

The simulator never talks to an SMTP server: each accepted message is recorded
(``messages``, oldest first; the most recent ``MAX_MESSAGES`` are kept) so a test can
assert it, e.g. through the pytest fixture ``outbox``.
Single-source 2.7/3.x. May import: the standard library.
"""
from __future__ import absolute_import, division, print_function

import collections
import threading

MAX_MESSAGES = 10000


class MailBackend(object):
    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.Lock()
        self._messages = collections.deque(maxlen=MAX_MESSAGES)

    def record(self, message):
        with self._lock:
            self._messages.append(message)

    @property
    def messages(self):
        with self._lock:
            return list(self._messages)

    def to(self, address):
        """The recorded messages with ``address`` among to/cc/bcc."""
        return [m for m in self.messages if address in m["to"] + m["cc"] + m["bcc"]]
