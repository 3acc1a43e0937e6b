"""Fixtures of the console tests: a gateway running the repository's project (tank tags,
``tank_batch``) with a console on a free loopback port, and an HTTP helper.

``console`` yields ``(server, gateway, project)``; the engine, the console and the gateway
are stopped at the end (the pytest ``gateway`` fixture removes its temp folder).
"""
from __future__ import absolute_import, division, print_function

import json
import os
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def wait_until(predicate, timeout=30.0, message="condition"):
    """Poll ``predicate`` until truthy (condition wait, not a timed assertion)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for %s" % message)
        time.sleep(0.05)


def start_project_console(gw):
    from gateway_sim.console import start_console
    from gateway_sim.console.source import InProcessSource
    gw.tags.load_file(os.path.join(REPO, "project", "tags", "tank.json"))
    proj = gw.projects.load(os.path.join(REPO, "project"),
                            python_packages=[os.path.join(REPO, "exchange")])
    server = start_console(InProcessSource(gw))
    return server, proj


def stop_project_console(server, proj):
    try:
        server.stop()
    finally:
        proj.import_module("exchange.workflows.engine.instance").shutdownRuntime(5)


@pytest.fixture
def console(gateway):
    server, proj = start_project_console(gateway)
    try:
        yield server, gateway, proj
    finally:
        stop_project_console(server, proj)


class Http(object):
    """A tiny client of the console (urllib): get / post with or without the token."""

    def __init__(self, server):
        self.server = server
        self.base = server.url.rstrip("/")

    def request(self, method, path, form=None, headers=None):
        from urllib.error import HTTPError
        from urllib.parse import urlencode
        from urllib.request import Request, urlopen
        data = urlencode(form).encode("utf-8") if form is not None else None
        req = Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urlopen(req, timeout=30) as resp:
                return resp.status, resp.read().decode("utf-8"), dict(resp.headers)
        except HTTPError as exc:
            return exc.code, exc.read().decode("utf-8"), dict(exc.headers)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form, token=True, csrf=True, json_reply=True, extra=None):
        headers = {"Accept": "application/json"} if json_reply else {}
        form = dict(form)
        if token:
            headers["Cookie"] = "gsc_token=%s" % self.server.token
        if csrf:
            form["csrf"] = self.server.csrf
        headers.update(extra or {})
        code, body, hdrs = self.request("POST", path, form, headers)
        return code, (json.loads(body) if json_reply and body.startswith("{") else body)


@pytest.fixture
def http(console):
    return Http(console[0])
