"""Versioned parameter templates and enums (upstream's ``api.params``), and starts from them.

Upstream's interface (reference: upstream_behavior.md 1.7): plain dicts/lists, not
the service envelope; a missing name raises ``ValueError("<field>_required")``
before any database work; status vocabulary ``active`` | ``obsolete`` (``inactive``
is accepted for obsolete, any other value means obsolete). Versions are
append-only: ``create*Version`` adds ``latest + 1``. Storage: tables
``param_templates`` / ``param_enums`` (schema migration 2), SQL in
``engine.persistence.params_store``; forms in ``params_forms``.

Fixed relative to upstream: ``startWithTemplate`` / ``resolveInputs`` without a
version use the latest ACTIVE version (upstream took the latest of any status,
obsolete included); an explicit version is used whatever its status, with a
warning when it is obsolete. Concurrent creation of a first version no longer
collides (see params_store). Unverified choice: ``createdAt`` is formatted
``yyyy-MM-dd HH:mm:ss`` in the gateway's local time (upstream's pattern is not
documented).
May import: ``compat``, ``api.params_forms``, ``api.service`` and, lazily,
``engine.host``, ``engine.instance``, ``engine.persistence``.
"""
from __future__ import absolute_import, division, print_function

import json
import time

from exchange.workflows import compat
from exchange.workflows.api import params_forms as forms

DEFAULT_DB_NAME = "WorkflowsDB"
STATUS_ACTIVE = "active"
STATUS_OBSOLETE = "obsolete"


def _store(dbName):
    """The SQL module, once the engine's schema exists on ``dbName`` (checked on every
    call, one read when up to date: a datasource may be re-created under the gateway)."""
    from exchange.workflows.engine.persistence import migrations, params_store
    migrations.ensure_schema(dbName or DEFAULT_DB_NAME)
    return params_store


def _db(dbName):
    return dbName or DEFAULT_DB_NAME


def _now():
    from exchange.workflows.engine import host
    return host.now_ms()


def _required(**named):
    for field in sorted(named):
        value = named[field]
        if value is None or (isinstance(value, compat.string_types) and not value.strip()):
            raise ValueError("%s_required" % field)


def normalizeStatus(status):
    """``active`` or ``obsolete`` (``inactive`` and anything unknown mean obsolete)."""
    text = compat.to_text(status or "").strip().lower()
    return STATUS_ACTIVE if text == STATUS_ACTIVE else STATUS_OBSOLETE


def _filter(status):
    return None if status is None else normalizeStatus(status)


def _fmt(ms):
    if ms is None:
        return None
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(int(ms) / 1000.0))


def _loads(text, default=None):
    if text is None:
        return default
    try:
        return json.loads(compat.to_text(text))
    except ValueError:
        return default


def _error(exc):
    return {"ok": False, "error": compat.exception_text(exc)}


# --- templates -----------------------------------------------------------------------
def _template_row(r):
    return {"workflowName": r["workflow_name"], "templateName": r["template_name"],
            "templateVersion": r["template_version"], "status": r["status"],
            "description": r["description"], "createdBy": r["created_by"],
            "createdAt": _fmt(r["created_at"])}


def listTemplates(workflowName, status=STATUS_ACTIVE, latestOnly=True, dbName=DEFAULT_DB_NAME):
    """Template versions of a workflow (status filter first; None = any), ordered by
    template name then version descending; ``latestOnly``: one row per template name."""
    _required(workflowName=workflowName)
    rows = _store(dbName).list_templates(_db(dbName), workflowName, _filter(status))
    out, seen = [], set()
    for r in rows:
        if latestOnly and r["template_name"] in seen:
            continue
        seen.add(r["template_name"])
        out.append(_template_row(r))
    return out


def getTemplate(workflowName, templateName, templateVersion=None, dbName=DEFAULT_DB_NAME,
                activeOnly=True):
    """One template version (without a version: the highest, active only if ``activeOnly``;
    with one: that version whatever its status) or None."""
    _required(workflowName=workflowName, templateName=templateName)
    status = STATUS_ACTIVE if (templateVersion is None and activeOnly) else None
    r = _store(dbName).get_template(_db(dbName), workflowName, templateName, templateVersion,
                                    status)
    if r is None:
        return None
    out = _template_row(r)
    out["schema"] = _loads(r["schema_json"], {})
    out["createdAtEpochMs"] = r["created_at"]
    return out


def createTemplateVersion(workflowName, templateName, formProps, description=None,
                          createdBy=None, activate=True, dbName=DEFAULT_DB_NAME):
    """Store ``formProps`` as the next version: ``{ok: True, templateVersion}`` or
    ``{ok: False, error}``."""
    _required(workflowName=workflowName, templateName=templateName)
    try:
        form = forms.sanitize(forms.load_form(formProps), workflowName, templateName)
        schema = {"formProps": form, "meta": forms.extract_meta(form)}
        version = _store(dbName).insert_template_version(
            _db(dbName), workflowName, templateName, json.dumps(schema),
            STATUS_ACTIVE if activate else STATUS_OBSOLETE, description, createdBy or "admin",
            _now())
    except compat.CATCHABLE as exc:
        return _error(exc)
    return {"ok": True, "templateVersion": version, "workflowName": workflowName,
            "templateName": templateName}


def setTemplateStatus(workflowName, templateName, templateVersion, status, actor=None,
                      dbName=DEFAULT_DB_NAME):
    _required(workflowName=workflowName, templateName=templateName,
              templateVersion=templateVersion)
    st = normalizeStatus(status)
    rows = _store(dbName).set_template_status(_db(dbName), workflowName, templateName,
                                              templateVersion, st)
    return {"ok": True, "rows": rows, "actor": actor, "status": st}


def setTemplateActive(workflowName, templateName, templateVersion, isActive, actor=None,
                      dbName=DEFAULT_DB_NAME):
    return setTemplateStatus(workflowName, templateName, templateVersion,
                             STATUS_ACTIVE if isActive else STATUS_OBSOLETE, actor, dbName)


def deleteTemplateVersion(workflowName, templateName, templateVersion, actor=None,
                          dbName=DEFAULT_DB_NAME):
    _required(workflowName=workflowName, templateName=templateName,
              templateVersion=templateVersion)
    rows = _store(dbName).delete_templates(_db(dbName), workflowName, templateName,
                                           templateVersion)
    return {"ok": True, "rows": rows, "actor": actor}


def deleteTemplate(workflowName, templateName, actor=None, dbName=DEFAULT_DB_NAME):
    _required(workflowName=workflowName, templateName=templateName)
    rows = _store(dbName).delete_templates(_db(dbName), workflowName, templateName)
    return {"ok": True, "rows": rows, "actor": actor}


def getTemplateDropdownOptions(workflowName, status=STATUS_ACTIVE, latestOnly=True,
                               dbName=DEFAULT_DB_NAME):
    """``[{label: "<name> v<version>", value: <listTemplates row as JSON text>}]``."""
    return [{"label": "%s v%s" % (r["templateName"], r["templateVersion"]),
             "value": json.dumps(r, sort_keys=True)}
            for r in listTemplates(workflowName, status, latestOnly, dbName)]


def copyTemplateToWorkflow(sourceWorkflowName, templateName, targetWorkflowName,
                           newTemplateName=None, templateVersion=None, createdBy=None,
                           dbName=DEFAULT_DB_NAME):
    """Create the source template (any status) as a new active version on the target."""
    _required(sourceWorkflowName=sourceWorkflowName, templateName=templateName,
              targetWorkflowName=targetWorkflowName)
    src = getTemplate(sourceWorkflowName, templateName, templateVersion, dbName, activeOnly=False)
    if src is None:
        return {"ok": False, "error": "template_not_found"}
    form = (src.get("schema") or {}).get("formProps") or {}
    return createTemplateVersion(
        targetWorkflowName, newTemplateName or templateName, form,
        "copied from %s/%s v%s" % (sourceWorkflowName, templateName, src["templateVersion"]),
        createdBy, True, dbName)


def expandTemplateForUi(templateObj, dbName=DEFAULT_DB_NAME):
    """Copy of a template (``getTemplate`` result or its ``schema``) with enum options in."""
    if not templateObj:
        return None
    holder = dict(templateObj)
    wrapped = "schema" in holder and isinstance(holder.get("schema"), dict)
    schema = holder["schema"] if wrapped else holder

    def load(name, version):
        e = getEnum(name, version, dbName) if name else None
        return None if e is None else (e["values"], e["enumVersion"])
    expanded = forms.expand(schema, load)
    if wrapped:
        holder["schema"] = expanded
        return holder
    return expanded


# --- enums -----------------------------------------------------------------------------
def _enum_row(r, with_values=False):
    out = {"enumName": r["enum_name"], "enumVersion": r["enum_version"], "status": r["status"],
           "description": r["description"], "createdBy": r["created_by"],
           "createdAtEpochMs": r["created_at"], "createdAt": _fmt(r["created_at"])}
    if with_values:
        out["values"] = _loads(r["values_json"], [])
    return out


def listEnums(status=STATUS_ACTIVE, latestOnly=True, dbName=DEFAULT_DB_NAME):
    out, seen = [], set()
    for r in _store(dbName).list_enums(_db(dbName), _filter(status)):
        if latestOnly and r["enum_name"] in seen:
            continue
        seen.add(r["enum_name"])
        out.append(_enum_row(r))
    return out


def getEnum(enumName, enumVersion=None, dbName=DEFAULT_DB_NAME, activeOnly=True):
    _required(enumName=enumName)
    status = STATUS_ACTIVE if (enumVersion is None and activeOnly) else None
    r = _store(dbName).get_enum(_db(dbName), enumName, enumVersion, status)
    return None if r is None else _enum_row(r, True)


def createEnumVersion(enumName, enumValues, description=None, createdBy=None, activate=True,
                      dbName=DEFAULT_DB_NAME):
    """Store the next version of an enum: ``{ok: True, enumVersion}`` or ``{ok: False, error}``."""
    _required(enumName=enumName)
    try:
        values = forms.normalize_enum_values(enumValues)
        version = _store(dbName).insert_enum_version(
            _db(dbName), enumName, json.dumps(values),
            STATUS_ACTIVE if activate else STATUS_OBSOLETE, description, createdBy or "admin",
            _now())
    except compat.CATCHABLE as exc:
        return _error(exc)
    return {"ok": True, "enumVersion": version, "enumName": enumName}


def setEnumStatus(enumName, enumVersion, status, actor=None, dbName=DEFAULT_DB_NAME):
    _required(enumName=enumName, enumVersion=enumVersion)
    st = normalizeStatus(status)
    rows = _store(dbName).set_enum_status(_db(dbName), enumName, enumVersion, st)
    return {"ok": True, "rows": rows, "actor": actor, "status": st}


def deleteEnumVersion(enumName, enumVersion, actor=None, dbName=DEFAULT_DB_NAME):
    _required(enumName=enumName, enumVersion=enumVersion)
    return {"ok": True, "rows": _store(dbName).delete_enums(_db(dbName), enumName, enumVersion),
            "actor": actor}


def deleteEnum(enumName, actor=None, dbName=DEFAULT_DB_NAME):
    _required(enumName=enumName)
    return {"ok": True, "rows": _store(dbName).delete_enums(_db(dbName), enumName),
            "actor": actor}


# --- runs ------------------------------------------------------------------------------
def computeOverridesData(baseData, currentData):
    """The keys of ``currentData`` whose value differs from ``baseData``."""
    base = baseData or {}
    return dict((k, v) for k, v in (currentData or {}).items()
                if k not in base or base[k] != v)


def resolveInputs(workflowName, templateName=None, overridesData=None, templateVersion=None,
                  actor=None, dbName=DEFAULT_DB_NAME):
    """Validate overrides against a template: ``{ok, inputs, errors, warnings}``; ``inputs``
    is ``{resolved, paramSource}`` (``resolved`` = template defaults + overrides, every
    template key present)."""
    _required(workflowName=workflowName)
    overrides = overridesData or {}
    if not isinstance(overrides, dict):
        return {"ok": False, "inputs": None, "warnings": [],
                "errors": ["overrides_not_a_dict: pass overridesData as {paramKey: value}"]}
    if not templateName:
        return {"ok": True, "inputs": {"resolved": dict(overrides), "paramSource": None},
                "errors": [], "warnings": []}
    tpl = getTemplate(workflowName, templateName, templateVersion, dbName, activeOnly=True)
    if tpl is None:
        return {"ok": False, "inputs": None, "errors": ["template_not_found"], "warnings": []}
    warnings = []
    if tpl["status"] != STATUS_ACTIVE:
        warnings.append("template_obsolete:%s v%s" % (templateName, tpl["templateVersion"]))
    meta = (tpl.get("schema") or {}).get("meta") or {}
    keys = list(meta.get("paramKeys") or [])
    errors = ["override_key_not_in_template:%s" % k for k in sorted(overrides) if k not in keys]
    if errors:
        return {"ok": False, "inputs": None, "errors": errors, "warnings": warnings}
    resolved = dict((k, None) for k in keys)
    resolved.update(meta.get("defaultData") or {})
    resolved.update(overrides)
    source = {"template": {"name": templateName, "version": tpl["templateVersion"]},
              "overrides": sorted(overrides), "actor": actor}
    return {"ok": True, "inputs": {"resolved": resolved, "paramSource": source}, "errors": [],
            "warnings": warnings}


def startWithTemplate(workflowName, templateName, overridesData=None, templateVersion=None,
                      actor="admin", queueName="default", partitionKey=None, priority=0,
                      deduplicationId=None, applicationVersion=None, timeoutSeconds=None,
                      dbName=DEFAULT_DB_NAME):
    """``resolveInputs`` then ``service.start``: ``{ok, message, workflowId, inputs}``
    (the resolve failure dict as it is when the overrides do not fit the template)."""
    from exchange.workflows.api import service
    res = resolveInputs(workflowName, templateName, overridesData, templateVersion, actor, dbName)
    if not res["ok"]:
        return res
    resp = service.start(workflowName, res["inputs"], queueName=queueName,
                         partitionKey=partitionKey, priority=priority,
                         deduplicationId=deduplicationId, applicationVersion=applicationVersion,
                         timeoutSeconds=timeoutSeconds, dbName=dbName)
    return {"ok": bool(resp["ok"]), "message": resp["message"], "code": resp["code"],
            "workflowId": resp["data"].get("workflowId") if resp["ok"] else None,
            "inputs": res["inputs"], "warnings": res["warnings"]}
