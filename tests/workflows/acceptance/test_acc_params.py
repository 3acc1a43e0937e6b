"""Acceptance checklist, suite ``params`` (upstream 4): versioned parameter templates.

The 7 cases of upstream's suite, by its names, plus the teardown rule (deleting what
a case created must not error) and the parts of ``api.params`` its UI relies on.
"""
import uuid

import pytest

from acceptance_helpers import wait_status

WF = "tests.fast_enqueue_target"


def form(default_value="base", extra=None):
    """Form component props with one text widget ``value`` (what the workflow takes)."""
    widgets = [{"id": "value", "type": "text", "text": {"placeholder": "value"}}]
    widgets.extend(extra or [])
    return {"columns": {"items": [{"rows": {"items": [{"widgets": widgets}]}}]},
            "data": {"value": default_value}, "validation": {"value": "runtime only"}}


@pytest.fixture
def params(wf):
    from exchange.workflows.api import params as p
    created = []

    def create(name, default_value="base", activate=True, workflow=WF):
        res = p.createTemplateVersion(workflow, name, form(default_value), "test",
                                      "pytest", activate)
        assert res["ok"], res
        created.append((workflow, name))
        return res["templateVersion"]
    p.create = create
    yield p
    for workflow, name in set(created):
        assert p.deleteTemplate(workflow, name)["ok"]
    del p.create


def name():
    return "tpl_%s" % uuid.uuid4().hex[:8]


def test_list_templates_latest_only_returns_latest_version(params):
    t = name()
    assert [params.create(t), params.create(t)] == [1, 2]
    rows = [r for r in params.listTemplates(WF) if r["templateName"] == t]
    assert [r["templateVersion"] for r in rows] == [2]


def test_list_templates_latest_only_returns_one_row_per_template_name(params):
    a, b = "a_" + name(), "b_" + name()
    params.create(a)
    params.create(a)
    params.create(b)
    rows = dict((r["templateName"], r["templateVersion"]) for r in params.listTemplates(WF)
                if r["templateName"] in (a, b))
    assert rows == {a: 2, b: 1}


def test_list_templates_status_filter_active_obsolete(params):
    t = name()
    params.create(t)
    params.create(t)
    res = params.setTemplateStatus(WF, t, 2, "obsolete")
    assert res["ok"] and res["rows"] == 1, res
    active = [r for r in params.listTemplates(WF, "active") if r["templateName"] == t]
    obsolete = [r for r in params.listTemplates(WF, "obsolete") if r["templateName"] == t]
    assert [r["templateVersion"] for r in active] == [1]
    assert [(r["templateVersion"], r["status"]) for r in obsolete] == [(2, "obsolete")]


def test_list_templates_full_history_order_desc(params):
    t = name()
    for _ in range(3):
        params.create(t)
    rows = [r for r in params.listTemplates(WF, None, latestOnly=False) if r["templateName"] == t]
    assert [r["templateVersion"] for r in rows] == [3, 2, 1]


def test_get_template_default_returns_latest_active(params):
    t = name()
    params.create(t, "v1")
    params.create(t, "v2", activate=False)
    got = params.getTemplate(WF, t)
    assert (got["templateVersion"], got["status"]) == (1, "active")
    got = params.getTemplate(WF, t, activeOnly=False)
    assert (got["templateVersion"], got["status"]) == (2, "obsolete")


def test_get_template_specific_version_roundtrip(params):
    t = name()
    params.create(t, "first")
    params.create(t, "second")
    for version, value in ((1, "first"), (2, "second")):
        got = params.getTemplate(WF, t, version)
        assert got["templateVersion"] == version
        assert got["schema"]["formProps"]["data"] == {"value": value}
        assert got["schema"]["meta"]["defaultData"] == {"value": value}
        assert got["schema"]["meta"]["paramKeys"] == ["value"]
        assert "validation" not in got["schema"]["formProps"]
        assert got["schema"]["formProps"]["name"] == "%s.%s" % (WF, t)


def test_params_start_with_template_returns_uuid(params):
    t = name()
    params.create(t)
    res = params.startWithTemplate(WF, t, {"value": "override"}, priority=3)
    assert res["ok"], res
    wid = str(uuid.UUID(res["workflowId"]))
    assert res["inputs"]["resolved"] == {"value": "override"}
    assert res["inputs"]["paramSource"]["template"] == {"name": t, "version": 1}
    row = wait_status(wid)
    assert row["status"] == "SUCCESS" and int(row["priority"]) == 3, row


# --- beyond the 7 cases: validation, names, enums ---------------------------------------
def test_start_is_validated_against_the_template(params):
    t = name()
    params.create(t)
    res = params.startWithTemplate(WF, t, {"value": 1, "bogus": 2})
    assert res["ok"] is False and res["errors"] == ["override_key_not_in_template:bogus"]
    assert params.startWithTemplate(WF, "no_such_" + t)["errors"] == ["template_not_found"]
    with pytest.raises(ValueError, match="templateName_required"):
        params.getTemplate(WF, "")
    with pytest.raises(ValueError, match="workflowName_required"):
        params.listTemplates(None)


def test_start_without_version_skips_obsolete_latest(params):
    """Upstream bug (7.2): it started the latest version of any status."""
    t = name()
    params.create(t, "good")
    params.create(t, "retired", activate=False)
    res = params.resolveInputs(WF, t)
    assert res["ok"] and res["inputs"]["resolved"] == {"value": "good"}, res
    res = params.resolveInputs(WF, t, templateVersion=2)
    assert res["inputs"]["resolved"] == {"value": "retired"} and res["warnings"], res


def test_enums_versions_and_expansion(params):
    from exchange.workflows.api import params_forms
    e = "Mode_" + name()
    assert params.createEnumVersion(e, ["A", "B"])["enumVersion"] == 1
    assert params.createEnumVersion(e, [{"label": "Auto", "value": "A"}])["enumVersion"] == 2
    assert params.getEnum(e)["values"] == [{"label": "Auto", "value": "A", "isDisabled": False}]
    assert [r["enumVersion"] for r in params.listEnums(None, False) if r["enumName"] == e] == [2, 1]
    assert params.createEnumVersion(e, "not json")["ok"] is False
    t = name()
    dropdown = {"id": "mode", "type": "dropdown",
                "dropdown": {"options": [{"label": "@enum:%s:1" % e, "value": "__enum__"}]}}
    res = params.createTemplateVersion(WF, t, form(extra=[dropdown]))
    assert res["ok"], res
    tpl = params.getTemplate(WF, t)
    assert tpl["schema"]["meta"]["enumRefs"] == {"mode": {"enumName": e, "enumVersion": 1}}
    ui = params.expandTemplateForUi(tpl)
    widgets = params_forms.widgets(ui["schema"]["formProps"])
    assert widgets[1]["dropdown"]["options"] == [
        {"label": "A", "value": "A", "isDisabled": False},
        {"label": "B", "value": "B", "isDisabled": False}]
    assert ui["schema"]["meta"]["enumVersions"] == {e: 1}
    assert params.deleteTemplate(WF, t)["rows"] == 1
    assert params.deleteEnum(e)["rows"] == 2


def test_copy_and_dropdown_options(params):
    t = name()
    params.create(t, "src")
    res = params.copyTemplateToWorkflow(WF, t, "tests.counting_wf", "copy_" + t)
    assert res["ok"] and res["templateVersion"] == 1, res
    try:
        copied = params.getTemplate("tests.counting_wf", "copy_" + t)
        assert copied["schema"]["formProps"]["data"] == {"value": "src"}
        assert params.copyTemplateToWorkflow(WF, "none_" + t, "x")["error"] == "template_not_found"
        opts = [o for o in params.getTemplateDropdownOptions(WF) if o["label"] == "%s v1" % t]
        assert len(opts) == 1 and '"templateName": "%s"' % t in opts[0]["value"]
    finally:
        params.deleteTemplate("tests.counting_wf", "copy_" + t)


def test_concurrent_creators_get_distinct_versions(params):
    import threading
    t = name()
    results = []

    def create():
        results.append(params.createTemplateVersion(WF, t, form()))
    threads = [threading.Thread(target=create) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    params.create(t)  # registers the cleanup
    assert all(r["ok"] for r in results), results
    assert sorted(r["templateVersion"] for r in results) == [1, 2, 3, 4]
