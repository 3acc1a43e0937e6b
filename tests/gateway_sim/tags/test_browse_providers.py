"""system.tag.browse("") lists the tag providers (what an 8.1 script console prints); a real
project library finds the provider holding its settings folder this way."""
from __future__ import absolute_import, division, print_function


def _find_provider(system, folder):
    for provider in system.tag.browse(""):
        full = str(provider["fullPath"])
        if system.tag.exists(full + folder):
            return full
    return None


def test_browse_empty_path_lists_providers(system):
    system.tag.configure("[default]", [{"name": "AppCfg", "tagType": "Folder"}], "o")
    res = system.tag.browse("")
    names = [str(r["fullPath"]) for r in res.getResults()]
    assert "[default]" in names
    assert all(str(r["tagType"]) == "Provider" and r["hasChildren"] for r in res)
    assert _find_provider(system, "AppCfg") == "[default]"
    assert [str(r["name"]) for r in system.tag.browse("", {"name": "def*"})] == ["default"]
    # a provider path still browses that provider's root
    assert "AppCfg" in [str(r["name"]) for r in system.tag.browse("[default]")]
