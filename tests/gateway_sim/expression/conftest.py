"""Expression tests pin TZ=UTC so date results are exact."""
from __future__ import absolute_import, division, print_function

import time

import pytest


@pytest.fixture
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
