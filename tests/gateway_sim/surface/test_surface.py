"""The simulated gateway's ``system`` surface equals the stub catalog of its version.

An 8.1 gateway has exactly 8.1's functions with the stubs' parameter names and
defaults, 8.3 exactly 8.3's; optional-module namespaces exist only when plugged in.
Where 8.1 and 8.3 differ in a signature one implementation serves both and may take
either version's parameters (the newer adds optional ones).
"""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

from gateway_sim import catalog, surface

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from surface_check import problems, signature_problem  # noqa: E402

# Deliberate differences from the stubs, each with its reason.
DEVIATIONS = {
    # Java overloads: the stub spells one overload; the simulator resolves them from *args.
    "system.dataset.addColumn": "overloads (colIndex optional in the middle)",
    "system.dataset.addRow": "overloads (rowIndex optional in the middle)",
    "system.dataset.addRows": "overloads (rowIndex optional in the middle)",
    "system.dataset.toDataSet": "overloads: (pyDataset) or (headers, data)",
    "system.net.httpPost": "overloads: the stub has (url, *args, **kwargs); parameters as the manual",
    "system.net.httpPut": "overloads: the stub has (url, *args, **kwargs); parameters as the manual",
    "system.net.httpDelete": "extra throwOnError (unverified: kept for symmetry with httpGet)",
    "system.net.httpClient": "timeout=None means the version's default (60000 on 8.1, "
                             "10000 on 8.3) or the gateway config's http.defaultTimeout",
    "system.util.jsonEncode": "indentFactor=None gives compact JSON as a gateway does when it "
                              "is omitted (the stub's 4 is unverified)",
    "system.util.translate": "locale=None is the current locale; the stub's 'es_MX' is a "
                             "placeholder (the manual: omitted = current locale)",
    "system.util.modifyTranslation": "locale=None is the current locale (stub placeholder "
                                     "'es_MX', as translate)",
    "system.util.audit": "the manual's actionTarget (missing from the stubs) is accepted by "
                         "keyword, last, so positional calls keep the stubs' order",
    "system.historian.queryRawPoints": "the earlier 8.3 manual's includeBounds and "
                                       "excludeObservations, by keyword, last (real 8.3 "
                                       "projects pass them)",
    "system.historian.queryAggregatedPoints": "the earlier 8.3 manual's fillModes, "
                                              "includeBounds, excludeObservations, by keyword, "
                                              "last (real 8.3 projects pass them)",
    "system.tag.rename": "the stub misspells collisionPolicy (collisionPollicy); the manual "
                         "spells it collisionPolicy",
}


def _filtered(found):
    out = []
    for line in found:
        q = line.split(":", 1)[0]
        if q in DEVIATIONS and "missing" not in line and "lacks" not in line:
            continue
        if "defaults to" in line or "parameter" in line:
            ns, name = q.rsplit(".", 1)
            fn = getattr(surface.namespace_object(ns), name)
            sigs = [catalog.signature(ns, name, v) for v in catalog.VERSIONS]
            if any(s not in (None, "object") and signature_problem(fn, s) is None for s in sigs):
                continue
        out.append(line)
    return out


CASES = [(v, ns) for v in catalog.VERSIONS for ns in catalog.PLATFORM_NAMESPACES]


@pytest.mark.parametrize("version,namespace", CASES, ids=["%s-%s" % c for c in CASES])
def test_surface_matches_the_catalog(version, namespace, tmp_path):
    from gateway_sim import Gateway, simulate
    import gateway_sim.system as system_pkg
    gw = Gateway(version=version, data_dir=str(tmp_path))
    try:
        with simulate(gw):
            found = _filtered(problems(system_pkg, version, [namespace]))
    finally:
        gw.shutdown()
    assert found == [], "\n".join(found)


def test_8_1_lacks_8_3_functions_and_8_3_has_them(tmp_path):
    from gateway_sim import Gateway, simulate
    for version, expect in (("8.1", False), ("8.3", True)):
        gw = Gateway(version=version, data_dir=str(tmp_path / version))
        try:
            with simulate(gw):
                import system
                assert hasattr(system.db, "execQuery") is expect
                assert hasattr(system, "historian") is expect
                assert hasattr(system.db, "runPrepQuery") and hasattr(system.tag, "readBlocking")
                if not expect:
                    with pytest.raises(AttributeError) as info:
                        system.db.execQuery("q")
                    assert "exists on Ignition 8.3, not on the simulated 8.1" in str(info.value)
        finally:
            gw.shutdown()


def test_client_scope_raises_what_a_gateway_raises(gateway):
    import system
    with pytest.raises(AttributeError) as info:
        system.gui.messageBox("hello")
    assert "object has no attribute 'gui'" in str(info.value)
    with pytest.raises(AttributeError) as info:
        system.util.beep()
    assert "object has no attribute 'beep'" in str(info.value) and "client" in str(info.value)
    assert not isinstance(info.value, NotImplementedError)


def test_missing_functions_have_the_stub_parameters():
    import inspect
    fn = surface.namespace_object("system.sfc").startChart
    assert list(inspect.signature(fn).parameters) == ["projectName", "chartPath", "arguments"]


def test_module_namespaces_exist_only_when_plugged(gateway):
    import system
    with pytest.raises(AttributeError) as info:
        system.twilio.sendSms
    assert "optional Ignition module" in str(info.value) and "modules" in str(info.value)


def test_without_a_gateway_every_name_is_visible():
    import gateway_sim.system as system_pkg
    assert hasattr(system_pkg.db, "execQuery") and hasattr(system_pkg.db, "runQuery")


def test_import_system_submodule_gives_the_namespace_not_a_copy(gateway):
    import sys as _sys
    import system.db
    from system.tag import readBlocking
    assert type(system.db).__name__ == "Namespace" and not hasattr(system.db, "execQuery")
    assert readBlocking is surface.implementation("system.tag").readBlocking
    assert _sys.modules["gateway_sim.system"].db is system.db
    impl = surface.implementation("system.db")
    assert impl.__name__ == "gateway_sim.system.db"       # metadata of the real module untouched


def test_dir_of_system_lists_the_namespaces_of_the_version(tmp_path):
    from gateway_sim import Gateway, simulate
    for version, expect in (("8.1", False), ("8.3", True)):
        gw = Gateway(version=version, data_dir=str(tmp_path / version))
        try:
            with simulate(gw):
                import system
                names = [n for n in dir(system) if not n.startswith("_")]
                assert ("historian" in names) is expect and "db" in names
                assert "absolute_import" not in names and "twilio" not in names
        finally:
            gw.shutdown()
