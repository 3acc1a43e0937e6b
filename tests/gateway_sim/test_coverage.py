"""Coverage page: every catalog name is implemented or raises NotImplementedInSimulator naming it."""
from __future__ import absolute_import, division, print_function

import inspect

import pytest

import gateway_sim.system as system_pkg
from gateway_sim import catalog, coverage, registry
from gateway_sim.errors import NotImplementedInSimulator

ALL = [(ns, name) for ns in catalog.NAMESPACES for name in catalog.names(ns)]


@pytest.mark.allow_not_implemented
@pytest.mark.parametrize("ns,name", ALL, ids=["%s.%s" % x for x in ALL])
def test_every_documented_name_is_implemented_or_declared_missing(ns, name, gateway):
    mod = getattr(system_pkg, ns.split(".", 1)[1])
    fn = getattr(mod, name, None)
    assert fn is not None and callable(fn), "%s.%s is not defined" % (ns, name)
    qualified = "%s.%s" % (ns, name)
    if qualified in registry.implemented_names():
        return
    with pytest.raises(NotImplementedInSimulator) as info:
        fn()
    assert qualified in str(info.value)
    assert "COVERAGE.md" in str(info.value)


def test_catalog_has_no_duplicates():
    for ns in catalog.NAMESPACES:
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
    for ns in catalog.NAMESPACES:
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
    fn = system_pkg.util.getSessionInfo
    assert fn.__name__ == "getSessionInfo"
    assert "NotImplementedInSimulator" in (inspect.getdoc(fn) or "")


def test_committed_coverage_page_is_current():
    """COVERAGE.md is generated; regenerate with `python3 -m gateway_sim.coverage`."""
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "gateway_sim.coverage", "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
