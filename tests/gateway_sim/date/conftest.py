"""Zone fixtures: tests pin TZ so expected wall times are exact."""
from __future__ import absolute_import, division, print_function

import time

import pytest


def _zone(monkeypatch, name):
    monkeypatch.setenv("TZ", name)
    time.tzset()


@pytest.fixture
def utc(monkeypatch):
    _zone(monkeypatch, "UTC")
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def chicago(monkeypatch):
    _zone(monkeypatch, "America/Chicago")
    yield
    monkeypatch.undo()
    time.tzset()
