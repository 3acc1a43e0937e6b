"""``api.params`` storage on each database family: append-only versions under concurrency.

Four gateways' worth of threads create versions of the same new template at once:
each gets its own number (1..4), none fails (the first version included: upstream
could not lock it). SQLite here; PostgreSQL / MariaDB when their servers are up.
"""
from __future__ import absolute_import, division, print_function

import threading

import pytest

from exchange.workflows.api import params
from exchange.workflows.engine.persistence import names

from conftest import MY, PG

FORM = {"columns": {"items": [{"rows": {"items": [{"widgets": [{"id": "v", "type": "text"}]}]}}]},
        "data": {"v": 1}}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres),
                        pytest.param("mariadb", marks=pytest.mark.mariadb)])
def db(request, gateway, tmp_path):
    if request.param == "sqlite":
        gateway.databases.add_datasource("T", type="sqlite", path=str(tmp_path / "p.sqlite"))
    elif request.param == "mariadb":
        gateway.databases.add_datasource("T", type="mariadb",
                                         database=request.getfixturevalue("my_database"), **MY)
    else:
        gateway.databases.add_datasource("T", type="postgresql",
                                         database=request.getfixturevalue("pg_database"), **PG)
    names.forget("T")
    yield "T"
    names.forget("T")


def test_concurrent_versions_and_roundtrip(db):
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        params.createTemplateVersion("w", "t", FORM, dbName=db))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(r.get("templateVersion") for r in results) == [1, 2, 3, 4], results
    assert [r["templateVersion"] for r in params.listTemplates("w", None, False, db)] == [4, 3, 2, 1]
    assert params.getTemplate("w", "t", 2, db)["schema"]["meta"]["paramKeys"] == ["v"]
    assert params.setTemplateStatus("w", "t", 4, "inactive", "me", db)["status"] == "obsolete"
    assert params.getTemplate("w", "t", dbName=db)["templateVersion"] == 3
    assert params.createEnumVersion("E", [1, 2], dbName=db)["ok"]
    assert params.getEnum("E", dbName=db)["values"][1] == {"label": "2", "value": 2,
                                                           "isDisabled": False}
    assert params.resolveInputs("w", "t", {"v": 5}, dbName=db)["inputs"]["resolved"] == {"v": 5}
    assert params.deleteTemplate("w", "t", dbName=db)["rows"] == 4
    assert params.deleteEnum("E", dbName=db)["rows"] == 1
