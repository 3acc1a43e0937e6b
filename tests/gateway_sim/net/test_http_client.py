"""system.net.httpClient against a local server: verbs, bodies, responses, promises, errors."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import jvm
from gateway_sim.errors import ConfigError, NotImplementedInSimulator
from gateway_sim.java.net import ConnectException
from gateway_sim.java.net.http import HttpTimeoutException


def test_get_with_params_and_headers(system, http_server):
    client = system.net.httpClient()
    r = client.get(http_server + "/echo", params={"q": "a b", "n": 1}, headers={"X-Test": "yes"})
    assert r.statusCode == 200 and r.getStatusCode() == 200
    assert r.good and r.isGood() and not r.clientError and not r.serverError
    body = r.json
    assert body["method"] == "GET" and body["query"] == {"q": ["a b"], "n": ["1"]}
    assert body["headers"]["x-test"] == "yes"
    assert r.headers["content-type"] == ["application/json"]
    assert r.url.startswith(http_server + "/echo?") and r.getUrl() == r.url
    assert isinstance(r.body, bytes) and r.getBody() == r.body
    assert r.request.method == "GET"


def test_post_bodies(system, http_server):
    client = system.net.httpClient()
    r = client.post(http_server + "/echo", data={"a": 1})
    assert r.json["headers"]["content-type"] == "application/json"
    assert r.json["body"] == '{"a":1}'
    r = client.put(http_server + "/echo", data="hello")
    assert r.json["headers"]["content-type"].startswith("text/plain")
    assert r.json["body"] == "hello" and r.json["method"] == "PUT"
    r = client.patch(http_server + "/echo", data=b"\x00\x01")
    assert r.json["headers"]["content-type"] == "application/octet-stream"
    r = client.post(http_server + "/echo", data="<x/>", headers={"Content-Type": "text/xml"})
    assert r.json["headers"]["content-type"] == "text/xml"


def test_file_body(system, http_server, tmp_path):
    p = tmp_path / "payload.bin"
    p.write_bytes(b"filedata")
    r = system.net.httpClient().post(http_server + "/echo", file=str(p))
    assert r.json["body"] == "filedata"
    with pytest.raises(jvm.IllegalArgumentException):
        system.net.httpClient().post(http_server + "/echo", file=str(tmp_path / "nope"))
    with pytest.raises(jvm.IllegalArgumentException):
        system.net.httpClient().post(http_server + "/echo", data="x", file=str(p))


@pytest.mark.parametrize("verb", ["delete", "options", "head"])
def test_other_verbs(system, http_server, verb):
    r = getattr(system.net.httpClient(), verb)(http_server + "/echo")
    assert r.statusCode == 200
    if verb != "head":
        assert r.json["method"] == verb.upper()
    else:
        assert r.body == b""


def test_generic_request(system, http_server):
    r = system.net.httpClient().request("POST", http_server + "/echo", data={"k": "v"})
    assert r.json["method"] == "POST"
    with pytest.raises(jvm.IllegalArgumentException):
        system.net.httpClient().request("FETCH", http_server + "/echo")


def test_status_codes_do_not_raise(system, http_server):
    client = system.net.httpClient()
    r = client.get(http_server + "/status/404")
    assert r.statusCode == 404 and r.clientError and not r.good
    r = client.get(http_server + "/status/503")
    assert r.serverError and r.isServerError() and r.json == {"status": 503}


def test_text_and_json_errors(system, http_server):
    r = system.net.httpClient().get(http_server + "/text")
    assert r.text == "plain text ü" and r.getText() == r.text
    with pytest.raises(jvm.IllegalArgumentException) as info:
        r.json
    assert "not JSON" in str(info.value)


def test_repeated_headers_are_lists(system, http_server):
    r = system.net.httpClient().get(http_server + "/multi")
    assert r.headers["x-multi"] == ["a", "b"]


def test_basic_auth(system, http_server):
    assert system.net.httpClient().get(http_server + "/auth").statusCode == 401
    r = system.net.httpClient().get(http_server + "/auth", username="user", password="pw")
    assert r.json == {"auth": True}
    c = system.net.httpClient(username="user", password="pw")
    assert c.get(http_server + "/auth").good
    with pytest.raises(jvm.IllegalArgumentException):
        system.net.httpClient(username="only-user")


def test_redirect_policy(system, http_server):
    assert system.net.httpClient().get(http_server + "/redirect").json["path"] == "/echo"
    never = system.net.httpClient(redirect_policy="NEVER")
    assert never.get(http_server + "/redirect").statusCode == 302
    assert never.getRedirectPolicy() == "NEVER"


def test_request_timeout_raises_java_exception(system, http_server):
    client = system.net.httpClient()
    with pytest.raises(HttpTimeoutException) as info:
        client.get(http_server + "/sleep/2000", timeout=100)
    assert str(info.value) == "java.net.http.HttpTimeoutException: request timed out"
    assert not isinstance(info.value, Exception)
    from gateway_sim.java.io import IOException
    assert isinstance(info.value, IOException)
    assert client.get(http_server + "/sleep/10", timeout=5000).good


def test_connection_refused(system, refused_url):
    with pytest.raises(ConnectException) as info:
        system.net.httpClient().get(refused_url)
    assert "java.net.ConnectException" in str(info.value)


@pytest.mark.parametrize("url", ["not a url", "ftp://example/x", ""])
def test_bad_urls(system, url):
    with pytest.raises(jvm.IllegalArgumentException):
        system.net.httpClient().get(url)


@pytest.mark.allow_not_implemented
def test_bad_client_options(system):
    with pytest.raises(jvm.IllegalArgumentException):
        system.net.httpClient(timeout=-5)
    with pytest.raises(jvm.IllegalArgumentException):
        system.net.httpClient(redirect_policy="SOMETIMES")
    with pytest.raises(jvm.IllegalArgumentException):
        system.net.httpClient(cookie_policy="YUM")
    with pytest.raises(jvm.IllegalArgumentException):
        system.net.httpClient(version="HTTP_3")
    with pytest.raises(NotImplementedInSimulator):
        system.net.httpClient(customizer=lambda b: b)
    with pytest.raises(jvm.IllegalArgumentException):
        system.net.httpClient().get("http://127.0.0.1:1/", params="a=b")


def test_default_timeout_by_version(system):
    assert system.net.httpClient().getConnectTimeout() == 60000
    assert system.net.httpClient(timeout=1234).getConnectTimeout() == 1234


@pytest.mark.gateway_config(version="8.3")
def test_default_timeout_83_and_shared_client(system, http_server):
    assert system.net.httpClient().getConnectTimeout() == 10000
    assert system.net.httpClient.get(http_server + "/echo").good  # 8.3 shared-instance form


def test_async_promise(system, http_server):
    client = system.net.httpClient()
    p = client.getAsync(http_server + "/echo", params={"a": 1})
    r = p.get()
    assert r.good and p.isDone()
    chained = client.postAsync(http_server + "/echo", data={"x": 2}).then(lambda r: r.json["body"])
    assert chained.get(10) == '{"x":2}'
    both = client.getAsync(http_server + "/status/500").then(
        lambda resp, err: (resp.statusCode, err))
    assert both.get() == (500, None)


def test_async_errors(system, http_server, refused_url):
    client = system.net.httpClient()
    p = client.getAsync(refused_url)
    with pytest.raises(ConnectException):
        p.get()
    handled = client.getAsync(refused_url).handleException(lambda e: "fallback")
    assert handled.get() == "fallback"
    seen = []
    done = client.getAsync(http_server + "/echo").whenComplete(lambda r, e: seen.append((r.good, e)))
    assert done.get().good and seen == [(True, None)]
    slow = client.getAsync(http_server + "/sleep/3000")
    from gateway_sim.java.util.concurrent import TimeoutException
    with pytest.raises(TimeoutException):
        slow.get(0.05)
    assert slow.cancel() and slow.isDone()


def test_stub_routes_offline(gateway, system):
    gateway.net.add_route("GET", "http://mes.local/api/orders", json={"orders": [1]})
    gateway.net.add_route("POST", "http://mes.local/api/*", status=201,
                          handler=lambda req: {"json": {"got": req.json()}})
    client = system.net.httpClient()
    assert client.get("http://mes.local/api/orders").json == {"orders": [1]}
    r = client.post("http://mes.local/api/orders/9", data={"qty": 3})
    assert r.statusCode == 201 and r.json == {"got": {"qty": 3}}
    assert [(q.method, q.url) for q in gateway.net.requests] == [
        ("GET", "http://mes.local/api/orders"), ("POST", "http://mes.local/api/orders/9")]


def test_stub_route_delay_times_out(gateway, system):
    gateway.net.add_route("GET", "http://slow.local/x", text="late", delay_ms=500)
    with pytest.raises(HttpTimeoutException):
        system.net.httpClient().get("http://slow.local/x", timeout=50)


def test_passthrough_off(gateway, system):
    gateway.configure({"http": {"passthrough": False, "routes": [
        {"method": "GET", "url": "http://known/", "text": "hi"}]}})
    client = system.net.httpClient()
    assert client.get("http://known/").text == "hi"
    with pytest.raises(ConnectException) as info:
        client.get("http://unknown/")
    assert "passthrough is off" in str(info.value)


@pytest.mark.parametrize("section,problem", [
    ({"bogus": 1}, "unknown key"),
    ({"defaultTimeout": -1}, "defaultTimeout"),
    ({"routes": [{"method": "GET"}]}, "needs at least a 'url'"),
    ({"routes": [{"url": "http://x", "colour": "red"}]}, "unknown route key"),
    ([], "must be a mapping"),
])
def test_bad_http_config(gateway, section, problem):
    with pytest.raises(ConfigError) as info:
        gateway.net.configure(section)
    assert problem in str(info.value)


def test_config_default_timeout(gateway, system):
    gateway.configure({"http": {"defaultTimeout": 2500}})
    assert system.net.httpClient().getConnectTimeout() == 2500
