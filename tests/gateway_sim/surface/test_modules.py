"""Optional-module namespaces (system.twilio...) exist only when plugged into a gateway."""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

from gateway_sim.errors import ConfigError, NotImplementedInSimulator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.gateway_config({"modules": {"system.twilio": "fake_twilio"}})
def test_module_from_config(system):
    import fake_twilio
    system.twilio.sendSms("main", "+1", "+2", "tank full")
    assert fake_twilio.SENT[-1] == ("main", "+1", "+2", "tank full")
    assert system.twilio.getAccounts() == ["main"]
    assert not hasattr(system.twilio, "sendWhatsAppTemplate")      # 8.3 only; this is 8.1
    assert not hasattr(system, "secsgem")


@pytest.mark.allow_not_implemented
@pytest.mark.gateway_config(version="8.3")
def test_module_from_the_fixture_declares_what_it_lacks(system, plug_module):
    class Twilio(object):
        def getAccounts(self):
            return ["a", "b"]

    plug_module("system.twilio", Twilio())
    plug_module("system.secsgem")                                    # declared only
    assert system.twilio.getAccounts() == ["a", "b"]
    with pytest.raises(NotImplementedInSimulator) as info:
        system.twilio.sendWhatsAppTemplate("acct", "+1", "svc", "tpl", {})
    assert "system.twilio.sendWhatsAppTemplate" in str(info.value)
    with pytest.raises(NotImplementedInSimulator):
        system.secsgem.sendRequest("S1F1", False, None, "dev")


def test_platform_namespaces_cannot_be_replaced(gateway, plug_module):
    with pytest.raises(ConfigError) as info:
        plug_module("system.tag", object())
    assert "system.tag is part of the platform" in str(info.value)
    with pytest.raises(ConfigError) as info:
        gateway.configure({"modules": {"system.twilio": "no_such_module_here"}})
    assert "cannot import 'no_such_module_here' for system.twilio" in str(info.value)
    with pytest.raises(ConfigError):
        gateway.configure({"modules": {"twilio": None}})


def test_a_vendor_namespace_outside_the_catalog(system, plug_module):
    class Mes(object):
        @staticmethod
        def getVersion():
            return "3.81"

    plug_module("system.mes", Mes)
    assert system.mes.getVersion() == "3.81"


def test_readme_gateway_scope_config_block_works(tmp_path):
    """docs/simulator.md's config example for the gateway-scope namespaces is valid and does that."""
    yaml = pytest.importorskip("yaml")
    import io
    import re
    from gateway_sim import Gateway, simulate
    readme = io.open(os.path.join(os.path.dirname(__file__), "..", "..", "..", "docs", "simulator.md"),
                     encoding="utf-8").read()
    section = readme.split("**Gateway-scope namespaces**", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    gw = Gateway(data_dir=str(tmp_path / "data"), config=yaml.safe_load(block),
                 config_dir=str(tmp_path))
    try:
        with simulate(gw):
            import system
            assert system.security.validateUser("ada", "secret")
            assert system.util.translate("Start", "es") == "Iniciar"
            assert system.perspective.getSessionInfo()[0]["username"] == "ada"
            assert hasattr(system, "twilio") and not hasattr(system, "secsgem")
            system.file.writeFile("/x.txt", "hi")
        assert (tmp_path / "sandbox" / "x.txt").read_text() == "hi"
    finally:
        gw.shutdown()
