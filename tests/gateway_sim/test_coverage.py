"""Coverage page: every catalog name is implemented or raises NotImplementedInSimulator naming it."""
from __future__ import absolute_import, division, print_function

import inspect

import pytest

import gateway_sim.system as system_pkg
from gateway_sim import catalog, coverage, registry, surface
from gateway_sim.errors import NotImplementedInSimulator

ALL = [(ns, name) for ns in catalog.ALL_NAMESPACES for name in catalog.names(ns)]


def _call_with_placeholders(fn):
    """Call ``fn`` with None for every required parameter (it must raise before using them)."""
    params = inspect.signature(fn).parameters.values()
    args = [None for p in params if p.default is p.empty and p.kind == p.POSITIONAL_OR_KEYWORD]
    return fn(*args)


@pytest.mark.allow_not_implemented
@pytest.mark.parametrize("ns,name", ALL, ids=["%s.%s" % x for x in ALL])
def test_every_documented_name_is_implemented_or_declared(ns, name):
    fn = getattr(surface.namespace_object(ns), name, None)
    qualified = "%s.%s" % (ns, name)
    assert fn is not None, "%s is not defined" % qualified
    if qualified in registry.implemented_names() or qualified not in (
            set(registry.missing_names()) | set(registry.client_names())):
        return
    if catalog.is_client(ns, name):
        with pytest.raises(AttributeError) as info:
            _call_with_placeholders(fn)
        assert "client scope" in str(info.value)
        return
    with pytest.raises(NotImplementedInSimulator) as info:
        _call_with_placeholders(fn)
    assert qualified in str(info.value)
    assert "COVERAGE.md" in str(info.value)


def test_catalog_has_no_duplicates():
    for ns in catalog.ALL_NAMESPACES:
        names = catalog.names(ns)
        assert len(names) == len(set(names)), ns


def test_my_namespaces_are_complete_where_it_matters():
    table = coverage.status_table()
    for ns in ("system.date",):
        assert all(row[3] == coverage.IMPLEMENTED for row in table[ns])
    impl = set(registry.implemented_names())
    for q in ("system.util.getLogger", "system.util.getGlobals", "system.util.jsonEncode",
              "system.util.sendRequest", "system.net.httpClient", "system.net.httpGet"):
        assert q in impl


def test_render_lists_every_namespace_and_java(tmp_path):
    out = tmp_path / "COVERAGE.md"
    text = coverage.write(str(out))
    assert out.read_text() == text
    for ns in catalog.ALL_NAMESPACES:
        assert "## `%s`" % ns in text
    assert "| `system.date.now`" not in text and "| `now` | yes | yes | implemented |" in text
    assert "`java.util.concurrent` | " in text and "ConcurrentHashMap" in text
    assert coverage.ABSENT not in text


def test_check_mode(tmp_path):
    out = tmp_path / "C.md"
    assert coverage.main(["--output", str(out), "--check"]) == 1
    assert coverage.main(["--output", str(out)]) == 0
    assert coverage.main(["--output", str(out), "--check"]) == 0
    assert coverage.main(["--bogus"]) == 2


def test_missing_function_keeps_its_name():
    fn = system_pkg.opchda.getServers
    assert fn.__name__ == "getServers"
    assert "NotImplementedInSimulator" in (inspect.getdoc(fn) or "")


def test_committed_coverage_page_is_current():
    """COVERAGE.md is generated; regenerate with `python3 -m gateway_sim.coverage`."""
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "gateway_sim.coverage", "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_module_namespaces_count_as_missing_until_implemented():
    table = coverage.status_table()
    assert table["system.secsgem"] and all(r[3] == coverage.MISSING for r in table["system.secsgem"])
    assert all(r[3] == coverage.CLIENT for r in table["system.gui"])
