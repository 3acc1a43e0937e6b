"""``apps.load``: idempotent, optional modules tolerated only when absent, errors loud."""
import sys

import pytest


@pytest.fixture
def apps_mod(monkeypatch, tmp_path):
    from exchange.workflows import apps
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "surface_app_ok.py").write_text("LOADED = True\n")
    (tmp_path / "surface_app_bad_dep.py").write_text("import no_such_dependency_for_surface\n")
    (tmp_path / "surface_app_raises.py").write_text("raise RuntimeError('app bug')\n")
    yield apps
    for name in ("surface_app_ok", "surface_app_bad_dep", "surface_app_raises"):
        sys.modules.pop(name, None)


def test_missing_optional_module_is_fine(apps_mod, monkeypatch):
    monkeypatch.setattr(apps_mod, "OPTIONAL_APP_MODULES",
                        ("exchange.workflows.apps.no_such_app", "surface_app_ok"))
    assert apps_mod.load() is True
    assert sys.modules["surface_app_ok"].LOADED


def test_import_error_inside_optional_module_is_raised(apps_mod, monkeypatch, gateway):
    monkeypatch.setattr(apps_mod, "OPTIONAL_APP_MODULES", ("surface_app_bad_dep",))
    with pytest.raises(ImportError):
        apps_mod.load()
    assert any("surface_app_bad_dep" in r.message and r.level == "ERROR"
               for r in gateway.util.records)


def test_other_errors_are_raised(apps_mod, monkeypatch):
    monkeypatch.setattr(apps_mod, "APP_MODULES", apps_mod.APP_MODULES + ("surface_app_raises",))
    with pytest.raises(RuntimeError):
        apps_mod.load()


def test_tank_batch_is_registered_when_present(gateway):
    import os
    from exchange.workflows import apps
    from exchange.workflows.engine import registry
    assert apps.load() is True
    here = os.path.dirname(apps.__file__)
    if not os.path.exists(os.path.join(here, "tank_batch.py")):
        pytest.skip("apps/tank_batch.py is not in this checkout")
    assert "exchange.workflows.apps.tank_batch" in sys.modules
    assert registry.workflow_names()
