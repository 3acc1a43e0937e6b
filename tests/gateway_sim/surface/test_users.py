"""system.user / system.security against user sources from the gateway config."""
from __future__ import absolute_import, division, print_function

import pytest

USERS = {"userSources": {"default": {
    "roles": ["Administrator", "Operator"],
    "users": [
        {"username": "ada", "password": "s3cret", "roles": ["Administrator"],
         "firstName": "Ada", "lastName": "Admin",
         "contactInfo": [{"type": "email", "value": "ada@example.com"}]},
        {"username": "otto", "password": "pw", "roles": ["Operator"]},
    ]}, "ldap": {"users": [{"username": "x", "password": "y", "roles": ["Viewer"]}]}}}


@pytest.mark.gateway_config(USERS)
def test_validate_user_and_roles(system):
    assert system.security.validateUser("ada", "s3cret") is True
    assert system.security.validateUser("ada", "wrong") is False
    assert system.security.validateUser("nobody", "s3cret") is False
    assert system.security.getUserRoles("ada", "s3cret") == ("Administrator",)
    assert system.security.getUserRoles("ada", "nope") is None
    assert system.security.validateUser("x", "y", "ldap") is True
    from gateway_sim.jvm import IllegalArgumentException
    with pytest.raises(IllegalArgumentException) as info:
        system.security.validateUser("x", "y", "nope")
    assert "authProfile 'nope' does not exist; user sources: default, ldap" in str(info.value)


@pytest.mark.gateway_config(USERS)
def test_user_crud(system):
    assert [m.getName() for m in system.user.getUserSources()] == ["default", "ldap"]
    ada = system.user.getUser("default", "ada")
    assert ada.get("firstname") == "Ada" and ada.get("password") is None
    assert ada.getRoles() == ["Administrator"] and ada.getProfileName() == "default"
    assert ada.getContactInfo()[0].getValue() == "ada@example.com"
    assert [u.get("username") for u in system.user.getUsers("")] == ["ada", "otto"]
    assert system.user.getUser("default", "ghost") is None

    new = system.user.getNewUser("default", "bea")
    new.set("password", "pw2")
    new.addRole("Operator")
    assert system.user.addUser("default", new).getErrors() == []
    assert system.security.validateUser("bea", "pw2")
    assert system.user.addUser("default", new).getErrors() == ["A user named 'bea' already exists."]
    bad = system.user.getNewUser("default", "cy")
    bad.addRole("Wizard")
    assert "Wizard" in system.user.addUser("default", bad).getErrors()[0]

    bea = system.user.getUser("default", "bea")
    bea.set("lastname", "B")
    assert system.user.editUser("default", bea).getErrors() == []
    assert system.user.getUser("default", "bea").get("lastname") == "B"
    assert system.security.validateUser("bea", "pw2")      # a None password keeps the old one

    assert system.user.editRole("default", "Operator", "Op").getErrors() == []
    assert system.user.getRoles("default") == ["Administrator", "Op"]
    assert system.user.getUser("default", "otto").getRoles() == ["Op"]
    assert system.user.removeRole("default", "Op").getErrors() == []
    assert system.user.getUser("default", "otto").getRoles() == []
    assert system.user.removeUser("default", "bea").getErrors() == []
    assert system.user.removeUser("default", "bea").getErrors() == ["User 'bea' does not exist."]
    assert [u.get("username") for u in system.user.getScheduledUsers("default")] == ["ada", "otto"]


def test_default_source_exists_empty(system):
    assert system.user.getUsers("default") == []
    from gateway_sim.jvm import IllegalArgumentException
    with pytest.raises(IllegalArgumentException):
        system.user.getUsers("corp")


def test_bad_user_config_names_the_node(gateway):
    from gateway_sim.errors import ConfigError
    with pytest.raises(ConfigError) as info:
        gateway.configure({"userSources": {"default": {"users": [{"name": "x"}]}}})
    assert "userSources.default.users[0]" in str(info.value) and "username" in str(info.value)
