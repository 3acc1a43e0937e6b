"""State-changing requests of the console (POST only, token + CSRF checked by the server).

Each returns ``(envelope, back_url)``. Commands, cancel, start and maintenance go through
``api.service`` / ``api.admin`` (their envelopes and codes as the engine answers them);
resume, fork and dead-letter replay call the runtime and answer in the same envelope shape
with the codes ``WORKFLOW_RESUMED`` / ``WORKFLOW_NOT_RESUMABLE``, ``WORKFLOW_FORKED``,
``DEAD_LETTERS_REPLAYED`` (the service has no such calls; these codes are the console's);
a resume the engine refuses because the cancelled execution still runs answers with the
engine's own code ``EXECUTION_STILL_RUNNING`` and message.
A start from a parameter template goes through ``api.params.startWithTemplate`` (its code,
or ``TEMPLATE_INPUTS_REFUSED`` naming the keys the template refused).
A tag write answers ``TAG_WRITTEN`` / ``TAG_WRITE_FAILED`` with the quality the write returned.
May import: the standard library, ``gateway_sim.console`` and ``exchange.workflows.util``.
"""
from __future__ import absolute_import, division, print_function

import json

from gateway_sim.console.html import run_href


def _env(ok, code, message, data=None):
    from exchange.workflows.util.response import makeErr, makeOk
    return (makeOk if ok else makeErr)(code, message, data or {}, {})


def _required(form, name, example):
    value = (form.get(name) or "").strip()
    if not value:
        raise ActionError("%s is required (e.g. %s)" % (name, example))
    return value


class ActionError(ValueError):
    """A bad form value: the message names the field and the fix."""


def parse_value(text):
    """A form value as JSON when it parses (5, 2.5, true, "x", {...}), else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def command(source, form):
    wid = _required(form, "workflowId", "a run id")
    cmd = _required(form, "cmd", "HOLD").upper()
    return source.call(source.service.sendCommand, wid, cmd, form.get("reason") or None), run_href(wid)


def cancel(source, form):
    wid = _required(form, "workflowId", "a run id")
    return source.call(source.service.cancel, wid, "cancelled from the operator console"), run_href(wid)


def _wait_seconds(form):
    text = (form.get("waitSeconds") or "").strip()
    if not text:
        return None  # the engine's default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise ActionError("waitSeconds must be a number >= 0 (seconds to wait for a cancelled "
                          "execution to stop), got %r" % text)
    return value


def resume(source, form):
    wid = _required(form, "workflowId", "a run id")
    wait = _wait_seconds(form)

    def go():
        rt = source.runtime()
        info = rt.getStatus(wid)
        if info is None:
            return _env(False, "WORKFLOW_NOT_FOUND", "No workflow run with id %s" % wid)
        if info["status"] not in ("CANCELLED", "ERROR", "MAX_RECOVERY_ATTEMPTS_EXCEEDED"):
            return _env(False, "WORKFLOW_NOT_RESUMABLE",
                        "Run %s is %s; only CANCELLED / ERROR / dead-lettered runs resume (send "
                        "RESUME for a HELD batch)" % (wid, info["status"]), {"workflowId": wid})
        try:
            resumed = rt.resumeWorkflow(wid, wait)
        except Exception as exc:  # noqa: BLE001 - the project's own errors module: match the code
            if getattr(exc, "code", None) != "EXECUTION_STILL_RUNNING":
                raise
            return _env(False, exc.code, str(exc), {"workflowId": wid})
        if resumed:
            return _env(True, "WORKFLOW_RESUMED", "Run %s re-enqueued from its last checkpoint" % wid,
                        {"workflowId": wid})
        return _env(False, "WORKFLOW_NOT_RESUMABLE", "Run %s changed state meanwhile" % wid,
                    {"workflowId": wid})
    return _guarded(source, "RESUME_FAILED", go), run_href(wid)


def fork(source, form):
    wid = _required(form, "workflowId", "a run id")
    try:
        from_step = int(_required(form, "fromStep", "3"))
    except ValueError:
        raise ActionError("fromStep must be a whole number >= 0 (the first operation to run again)")

    def go():
        new_id = source.runtime().forkWorkflow(wid, from_step)
        return _env(True, "WORKFLOW_FORKED", "Forked %s from step %d" % (wid, from_step),
                    {"workflowId": new_id, "forkedFrom": wid})
    resp = _guarded(source, "FORK_FAILED", go)
    new = (resp.get("data") or {}).get("workflowId")
    return resp, run_href(new) if resp.get("ok") and new else run_href(wid)


def start(source, form):
    name = _required(form, "workflow", "tank_batch")
    inputs = {}
    for key in form:
        if key.startswith("in.") and form[key] != "":
            inputs[key[3:]] = parse_value(form[key])
    try:
        priority = int(form.get("priority") or 0)
    except ValueError:
        raise ActionError("priority must be a whole number (lower runs first), got %r"
                          % form.get("priority"))
    template = (form.get("template") or "").strip()
    if template:
        resp = _start_with_template(source, name, template, inputs, form, priority)
    else:
        resp = source.call(source.service.start, name, inputs, queueName=form.get("queue") or None,
                           partitionKey=form.get("partition") or None, priority=priority)
    wid = (resp.get("data") or {}).get("workflowId")
    return resp, run_href(wid) if resp.get("ok") and wid else "/start?workflow=" + name


def _start_with_template(source, name, template, inputs, form, priority):
    """``api.params.startWithTemplate``: the fields that differ from the template's defaults
    are its overrides (a key the template lacks is refused by the engine, named)."""
    defaults = dict((k, parse_value(v) if v is not None else None)
                    for k, v in (source.template_fields(name, template) or []))
    overrides = dict((k, v) for k, v in inputs.items() if k not in defaults or defaults[k] != v)
    res = source.call(source.params.startWithTemplate, name, template, overrides,
                      queueName=form.get("queue") or "default",
                      partitionKey=form.get("partition") or None, priority=priority)
    if res.get("code"):
        return _env(bool(res.get("ok")), res["code"], res.get("message") or "",
                    {"workflowId": res.get("workflowId"), "template": template,
                     "overrides": sorted(overrides), "warnings": res.get("warnings") or []})
    return _env(False, "TEMPLATE_INPUTS_REFUSED", "Template %s refused the inputs: %s"
                % (template, ", ".join(res.get("errors") or ["unknown"])),
                {"template": template, "errors": res.get("errors") or []})


def maintenance(source, form):
    mode = (form.get("mode") or "drain").strip().lower()
    return source.call(source.admin.enterMaintenance, mode, form.get("reason") or ""), "/queues"


def maintenance_exit(source, form):
    return source.call(source.admin.exitMaintenance), "/queues"


def replay(source, form):
    def go():
        ids = source.runtime().replayDeadLetters()
        return _env(True, "DEAD_LETTERS_REPLAYED", "%d dead letter(s) started again" % len(ids),
                    {"workflowIds": ids})
    return _guarded(source, "REPLAY_FAILED", go), "/queues"


def tag_write(source, form):
    path = _required(form, "path", "[default]Tank/Setpoint")
    if source.offline_tags:
        raise ActionError("no running gateway for data folder %s: the write would be lost (memory "
                          "tags live in the running gateway); start it with `gateway-sim run`, "
                          "then attach again" % source.data_dir)
    value = parse_value(form.get("value", ""))
    res = source.tags.write(path, value)
    q = str(res.get("quality"))
    ok = q.startswith("Good")
    return _env(ok, "TAG_WRITTEN" if ok else "TAG_WRITE_FAILED", "%s <- %r : %s" % (path, value, q),
                {"path": path, "value": value, "quality": q}), "/tags"


def _guarded(source, code, fn):
    try:
        return source.call(fn)
    except Exception as exc:  # noqa: BLE001 - the engine's errors name the problem
        return _env(False, code, "%s: %s" % (type(exc).__name__, exc))


ROUTES = {"/action/command": command, "/action/cancel": cancel, "/action/resume": resume,
          "/action/fork": fork, "/action/start": start, "/action/maintenance": maintenance,
          "/action/maintenance-exit": maintenance_exit, "/action/replay": replay,
          "/action/tag-write": tag_write}
