"""system.db connection administration: getConnections, getConnectionInfo, pool size."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.jvm import IllegalArgumentException


def test_connections_dataset(system, gateway):
    ds = system.db.getConnections()
    assert list(ds.getColumnNames()) == ["Name", "Description", "DBType", "Status", "Problem",
                                         "ExtStatus", "Throughput", "ActiveConnections",
                                         "MaxConnections", "ValidationQuery"]
    names = [ds.getValueAt(r, "Name") for r in range(ds.getRowCount())]
    assert "WorkflowsDB" in names
    info = system.db.getConnectionInfo("")
    assert info.getRowCount() == 1 and info.getValueAt(0, "Name") == "WorkflowsDB"
    assert info.getValueAt(0, "DBType") == "SQLite" and info.getValueAt(0, "Status") == "Valid"
    assert info.getValueAt(0, "MaxConnections") == 8
    assert system.db.getConnectionInfo("Nope").getRowCount() == 0


def test_pool_size_and_remove(system, gateway):
    gateway.configure({"datasources": {"Extra": {"type": "sqlite"}}})
    system.db.setDatasourceMaxConnections("Extra", 2)
    assert system.db.getConnectionInfo("Extra").getValueAt(0, "MaxConnections") == 2
    with pytest.raises(IllegalArgumentException):
        system.db.setDatasourceMaxConnections("Extra", 0)
    system.db.removeDatasource("Extra")
    assert system.db.getConnectionInfo("Extra").getRowCount() == 0
    with pytest.raises(IllegalArgumentException) as info:
        system.db.removeDatasource("Extra")
    assert "no datasource named 'Extra'" in str(info.value)


def test_date_format_is_system_date_format(system):
    d = system.date.getDate(2026, 0, 2)
    assert system.db.dateFormat(d, "yyyy-MM-dd") == system.date.format(d, "yyyy-MM-dd") == \
        "2026-01-02"


@pytest.mark.gateway_config(version="8.3")
def test_cache_clears_exist_and_check_their_arguments(system):
    assert system.db.clearAllNamedQueryCaches() is None
    assert system.db.clearNamedQueryCache("Items/Count") is None
    assert system.db.clearQueryCache(project="P") is None
    with pytest.raises(IllegalArgumentException):
        system.db.clearNamedQueryCache()
