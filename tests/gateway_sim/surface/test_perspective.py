"""system.perspective from gateway scope: simulated sessions, recorded actions."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.jvm import IllegalArgumentException

SESSIONS = {"perspective": {"sessions": [
    {"id": "s1", "project": "Plant", "username": "ada", "clientAddress": "10.0.0.5",
     "securityLevels": ["Authenticated/Roles/Operator"], "pages": [{"id": "p1", "path": "/"}]},
    {"id": "s2", "project": "Office", "pages": [{"id": "q1"}]},
]}}


def _persp(gateway):
    from gateway_sim import surface_config
    return surface_config.backend(gateway, "perspective")


@pytest.mark.gateway_config(SESSIONS)
def test_session_info(system, virtual_gateway):
    virtual_gateway.clock.advance(5)
    info = system.perspective.getSessionInfo()
    assert [s["id"] for s in info] == ["s1", "s2"]
    s1 = info[0]
    assert s1["username"] == "ada" and s1["project"] == "Plant" and s1["pageIds"] == ["p1"]
    assert s1["uptime"] == 5000 and s1["authorized"] is True and s1["activePages"] == 1
    assert info[1]["username"] == "Unauthenticated" and info[1]["authorized"] is False
    assert [s["id"] for s in system.perspective.getSessionInfo("ad.*")] == ["s1"]
    assert [s["id"] for s in system.perspective.getSessionInfo(projectFilter="Off")] == []


@pytest.mark.gateway_config(SESSIONS)
def test_actions_are_recorded_and_change_the_session(system, gateway):
    p = _persp(gateway)
    system.perspective.navigate("/line/1", sessionId="s1", pageId="p1")
    system.perspective.navigate(page="/line/2", sessionId="s1", pageId="p1")
    system.perspective.navigateBack(sessionId="s1", pageId="p1")
    page = p.sessions["s1"].pages["p1"]
    assert page.path == "/line/1"
    system.perspective.openPopup("alarm", "Popups/Alarm", params={"n": 1}, sessionId="s1",
                                 pageId="p1")
    assert page.popups["alarm"]["view"] == "Popups/Alarm"
    system.perspective.closePopup("alarm", sessionId="s1", pageId="p1")
    assert page.popups == {}
    system.perspective.sendMessage("refresh", {"x": 1}, scope="session", sessionId="s1")
    system.perspective.setTheme("dark", sessionId="s1")
    assert p.sessions["s1"].theme == "dark"
    assert [a["function"] for a in p.actions] == [
        "navigate", "navigate", "navigateBack", "openPopup", "closePopup", "sendMessage",
        "setTheme"]
    msg = p.actions_of("sendMessage")[0]
    assert msg["messageType"] == "refresh" and msg["payload"] == {"x": 1} and msg["pageId"] is None
    assert system.perspective.isAuthorized(True, ["Authenticated", "Authenticated/Roles/Operator"],
                                           sessionId="s1")
    assert not system.perspective.isAuthorized(False, ["Authenticated/Roles/Admin"], "s1")
    system.perspective.closeSession("bye", sessionId="s2")
    assert [s["id"] for s in system.perspective.getSessionInfo()] == ["s1"]


@pytest.mark.gateway_config(SESSIONS)
def test_gateway_scope_needs_a_session(system):
    with pytest.raises(IllegalArgumentException) as info:
        system.perspective.navigate("/x")
    assert "no Perspective session is attached" in str(info.value) and "sessionId" in str(info.value)
    with pytest.raises(IllegalArgumentException) as info:
        system.perspective.navigate("/x", sessionId="s1")
    assert "pass pageId" in str(info.value)
    with pytest.raises(IllegalArgumentException) as info:
        system.perspective.refresh(sessionId="zz", pageId="p1")
    assert "session 'zz' not found (open sessions: s1, s2)" in str(info.value)
    with pytest.raises(IllegalArgumentException):
        system.perspective.sendMessage("m", {}, scope="galaxy", sessionId="s1")


def test_print_goes_to_the_gateway_log(system, gateway):
    system.perspective.print("hello from a timer")
    recs = gateway.util.records_for("perspective.print")
    assert [r.message for r in recs] == ["hello from a timer"]
    assert _persp(gateway).actions_of("print")[0]["message"] == "hello from a timer"


def test_bad_perspective_config(gateway):
    from gateway_sim.errors import ConfigError
    with pytest.raises(ConfigError) as info:
        gateway.configure({"perspective": {"sessions": [{"id": "a", "user": "x"}]}})
    assert "perspective.sessions[0]" in str(info.value) and "user" in str(info.value)


@pytest.mark.gateway_config({"translations": {"defaultLocale": "de_DE", "terms": {
    "Start": {"es": "Iniciar", "de": "Starten", "fr_CA": "Demarrer"}}}})
def test_translate(system):
    assert system.util.translate("Start") == "Starten"               # gateway locale, language
    assert system.util.translate("Start", "es_MX") == "Iniciar"      # language fallback
    assert system.util.translate("Start", "fr_CA") == "Demarrer"
    assert system.util.translate("Stop", "es") == "Stop"
    assert system.util.translate("Stop", "es", strict=True) is None
    system.util.modifyTranslation("Stop", "Detener", "es")
    assert system.util.translate("Stop", "es_ES") == "Detener"


def test_util_session_info_is_an_empty_dataset_with_the_columns(system):
    ds = system.util.getSessionInfo()
    assert list(ds.getColumnNames()) == ["username", "project", "address", "isDesigner",
                                         "clientId", "creationTime"]
    assert ds.getRowCount() == 0


def test_perspective_fixture(system, perspective):
    sid = perspective.add_session(id="t1", username="otto", pages=[{"id": "pg"}])
    system.perspective.openDock("nav", sessionId=sid, pageId="pg")
    assert perspective.actions_of("openDock")[0]["id"] == "nav"
    assert perspective.sessions["t1"].pages["pg"].docks["nav"]["open"] is True
