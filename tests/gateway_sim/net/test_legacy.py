"""Legacy system.net.httpGet/httpPost/httpPut/httpDelete (deprecated in 8.3, still working)."""
from __future__ import absolute_import, division, print_function

import json

import pytest

from gateway_sim.java.io import FileNotFoundException, IOException
from gateway_sim.java.net import ConnectException, SocketTimeoutException


def test_http_get(system, http_server):
    out = json.loads(system.net.httpGet(http_server + "/echo?x=1",
                                        headerValues={"X-A": "b"}))
    assert out["query"] == {"x": ["1"]} and out["headers"]["x-a"] == "b"


def test_http_post_forms_and_raw(system, http_server):
    out = json.loads(system.net.httpPost(http_server + "/echo", {"b": "2", "a": "1"}))
    assert out["body"] == "a=1&b=2"
    assert out["headers"]["content-type"] == "application/x-www-form-urlencoded"
    out = json.loads(system.net.httpPost(http_server + "/echo", "application/json", '{"k":1}'))
    assert out["body"] == '{"k":1}' and out["headers"]["content-type"] == "application/json"


def test_http_put_delete(system, http_server):
    assert json.loads(system.net.httpPut(http_server + "/echo", "text/plain", "v"))["method"] == "PUT"
    assert json.loads(system.net.httpDelete(http_server + "/echo"))["method"] == "DELETE"


def test_errors(system, http_server, refused_url):
    with pytest.raises(FileNotFoundException):
        system.net.httpGet(http_server + "/status/404")
    with pytest.raises(IOException) as info:
        system.net.httpGet(http_server + "/status/500")
    assert "Server returned HTTP response code: 500" in str(info.value)
    assert '"status": 500' in system.net.httpGet(http_server + "/status/500", throwOnError=False)
    with pytest.raises(SocketTimeoutException) as info:
        system.net.httpGet(http_server + "/sleep/2000", readTimeout=100)
    assert "Read timed out" in str(info.value)
    with pytest.raises(ConnectException):
        system.net.httpGet(refused_url)


def test_host_facts(system):
    assert system.net.getHostName()
    assert system.net.getIpAddress()
