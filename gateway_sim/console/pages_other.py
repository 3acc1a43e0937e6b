"""Console pages besides runs: start a workflow, queues and maintenance, tags, gateway.

The start form is built from the workflow function's parameters (defaults as JSON).
Queues come from ``countByStatus``, ``getQueueLimits`` and ``getExecutorDiagnostics`` /
``getMaintenanceStatus``;
dead letters from ``listDeadLetters``. Tags through ``system.tag`` (browse, read, write).
The gateway page lists the project's events with their last run and last error
(``LoadedProject.event_runs``) and the tail of the gateway log (in-process); the tags page
each tag event script's last run (``node.script_runs``).
May import: the standard library and ``gateway_sim.console``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.console.html import (
    action_form, badge, esc, hidden, link, ms_text, pre, query, run_href, short, table)

LOG_TAIL = 200


def start_page(source, rt, ctx, workflow, template=""):
    names = rt.listWorkflows()
    opts = "".join('<option value="%s"%s>%s</option>' % (esc(n), " selected" if n == workflow else "",
                                                         esc(n)) for n in names)
    templates = source.templates(workflow) if workflow in names else []
    tsel = ""
    if templates:
        topts = "".join('<option value="%s"%s>%s v%s</option>' % (
            esc(t["templateName"]), " selected" if t["templateName"] == template else "",
            esc(t["templateName"]), esc(t["templateVersion"])) for t in templates)
        tsel = ('<label>parameter template <select name="template" data-autosubmit="1">'
                '<option value="">none: the workflow\'s parameters</option>%s</select></label>' % topts)
    pick = ('<form method="get" action="/start" class="filters"><label>workflow <select name="workflow"'
            ' data-autosubmit="1">%s</select></label>%s<button type="submit">Choose</button>'
            '</form>' % ('<option value="">choose\u2026</option>' + opts, tsel))
    if not workflow:
        return "<h1>Start a workflow</h1>" + pick
    if workflow not in names:
        return ("<h1>Start a workflow</h1>%s<p class=\"flash bad\">workflow %s is not registered; "
                "pick one of the list</p>" % (pick, esc(workflow)))
    params = source.template_fields(workflow, template) if template else None
    if template and params is None:
        return ("<h1>Start a workflow</h1>%s<p class=\"flash bad\">template %s of %s has no active "
                "version; pick another</p>" % (pick, esc(template), esc(workflow)))
    legend = "inputs of <b>%s</b>" % esc(workflow)
    if params is None:
        params = source.workflow_params(workflow)
    else:
        legend += " from template <b>%s</b> (its defaults; a changed value is an override)" % esc(template)
    fields = []
    for name, default in params:
        fields.append('<label class="param"><span>%s</span><input name="in.%s" value="%s" '
                      'placeholder="JSON or text"></label>' % (esc(name), esc(name), esc(default or "")))
    return ('<h1>Start a workflow</h1>%s<form method="post" action="/action/start" class="startform">'
            '%s%s%s<fieldset><legend>%s (JSON values; plain text is a string)</legend>%s'
            '</fieldset><fieldset><legend>options</legend><label class="param"><span>queue</span>'
            '<input name="queue" placeholder="default"></label><label class="param"><span>partition key'
            '</span><input name="partition"></label><label class="param"><span>priority</span>'
            '<input name="priority" value="0" class="num"></label></fieldset>'
            '<button type="submit">Start</button></form>'
            % (pick, hidden("csrf", ctx["csrf"]), hidden("workflow", workflow),
               hidden("template", template or ""), legend,
               "".join(fields) or '<p class="muted">no parameters</p>'))


def queues_page(rt, ctx):
    per = {}
    for c in rt.countByStatus():
        per.setdefault(c["queueName"], {})[c["status"]] = int(c["count"])
    limits_of = rt.getQueueLimits()
    for q in limits_of:
        per.setdefault(q, {})
    diag = rt.getExecutorDiagnostics()
    maint = rt.getMaintenanceStatus()
    rows = []

    def limit(n):
        return esc(n) if n is not None else '<span class="muted">none</span>'
    for q in sorted(per, key=lambda x: x or ""):
        st = per[q]
        lim = limits_of.get(q) or {}
        rows.append((link(query("/", [("queue", q)]), q or "(default)"),
                     str(st.get("DELAYED", 0)),
                     str(st.get("ENQUEUED", 0) + st.get("PENDING", 0)), str(st.get("RUNNING", 0)),
                     str(st.get("SUCCESS", 0)), str(st.get("ERROR", 0) + st.get(
                         "MAX_RECOVERY_ATTEMPTS_EXCEEDED", 0)), str(st.get("CANCELLED", 0)),
                     limit(lim.get("workerConcurrency")), limit(lim.get("concurrency"))))
    queues = table(("queue", "delayed", "depth (waiting)", "running", "success", "error",
                    "cancelled", "at once here", "at once on all gateways"), rows,
                   "grid", "no runs yet")
    cap = diag.get("capacity", {})
    work = diag.get("workload", {})
    limits = ('<dl class="facts"><dt>workflow workers</dt><dd>%s</dd><dt>in flight</dt><dd>%s</dd>'
              '<dt>active partitions</dt><dd>%s</dd><dt>free slots</dt><dd>%s</dd>'
              '<dt>in-memory queue</dt><dd>%s / %s</dd><dt>generation</dt><dd>%s</dd></dl>'
              % tuple(esc(v) for v in (
                  cap.get("workflowWorkersConfigured"), work.get("inFlightWorkflows"),
                  work.get("activePartitionsCount"), cap.get("workflowAvailableSlots"),
                  diag.get("inMemoryQueue", {}).get("depth"),
                  diag.get("inMemoryQueue", {}).get("maxDepth"), rt.getGeneration())))
    on = maint.get("maintenanceEnabled")
    mstate = ('<p>maintenance: %s%s</p>' % (
        badge("ON (%s)" % maint.get("maintenanceMode")) if on else badge("off"),
        " &mdash; %s" % esc(maint.get("maintenanceReason")) if on and maint.get("maintenanceReason") else ""))
    mform = ('<form method="post" action="/action/maintenance" class="act">%s<select name="mode">'
             '<option value="drain">drain (no new claims)</option><option value="cancel">cancel '
             '(also cancels work)</option></select><input name="reason" placeholder="reason">'
             '<button type="submit">Enter maintenance</button></form>%s'
             % (hidden("csrf", ctx["csrf"]),
                action_form("/action/maintenance-exit", [], "Exit maintenance", ctx)))
    dead = rt.listDeadLetters(100)
    drows = [(esc(d.get("id")), esc(d.get("reason")), esc(short(d.get("error"), 80)),
              '<code>%s</code>' % esc(short(d.get("item"), 80)), esc(ms_text(d.get("createdAtMs"))),
              esc(d.get("stored"))) for d in dead]
    replay = action_form("/action/replay", [], "Replay all dead letters", ctx) if dead else ""
    return ('<h1>Queues and maintenance</h1><div id="live">%s</div><h2>Executor</h2>%s'
            '<h2>Maintenance</h2>%s%s<h2>Dead letters</h2>%s%s'
            % (queues, limits, mstate, mform,
               table(("id", "reason", "error", "item", "at", "stored"), drows, "grid small",
                     "no dead letters"), replay))


def _value_text(value):
    """Floats with at most 4 decimals (simulated process values carry long tails)."""
    if isinstance(value, float):
        return ("%.4f" % value).rstrip("0").rstrip(".") if value == value else "NaN"
    return value


def quality_badge(quality):
    q = str(quality)
    return '<span class="badge %s">%s</span>' % ("ok" if q.startswith("Good") else
                                                 "wait" if q.startswith("Uncertain") else "bad", esc(q))


def tags_fragment(source):
    rows = source.tags.browse("", True)
    atomic = [r for r in rows if r.get("tagType") not in ("Folder", "Provider", "UdtInstance")]
    values = dict((v["path"], v) for v in source.tags.read([r["fullPath"] for r in atomic])) if atomic else {}
    out = []
    for r in rows:
        path = r["fullPath"]
        depth = path.split("]", 1)[-1].count("/")
        name = path.split("]", 1)[-1].rsplit("/", 1)[-1] or path
        v = values.get(path)
        is_folder = v is None
        cell = '<span class="tree" style="padding-left:%dem">%s%s</span>' % (
            depth * 1.2, "\u25be " if is_folder else "", esc(name))
        pcell = ('<span class="mono">%s</span>' % esc(path) if is_folder else
                 '<a href="#" class="mono pick" data-path="%s" title="write this tag">%s</a>'
                 % (esc(path), esc(path)))
        out.append((cell, pcell, esc(r.get("dataType")),
                    "" if is_folder else '<span class="val">%s</span>' % esc(_value_text(v["value"])),
                    "" if is_folder else quality_badge(v["quality"]),
                    "" if is_folder else esc(v["timestamp"])))
    return table(("tag", "path", "type", "value", "quality", "timestamp"), out, "grid tags",
                 "no tags")


def tags_page(source, ctx, last_write=None):
    wrote = ""
    if last_write:
        wrote = '<p class="flash %s">%s &larr; %s : %s</p>' % (
            "ok" if str(last_write["quality"]).startswith("Good") else "bad",
            esc(last_write["path"]), esc(last_write["value"]), esc(last_write["quality"]))
    form = ('<form method="post" action="/action/tag-write" class="act tagwrite">%s'
            '<input name="path" placeholder="[default]Folder/Tag" size="36">'
            '<input name="value" placeholder="value (JSON or text)">'
            '<button type="submit">Write</button></form>' % hidden("csrf", ctx["csrf"]))
    return ('<h1>Tags</h1>%s%s<div id="live" data-poll="/fragment/tags">%s</div>'
            '<h2>Tag event scripts</h2>%s'
            % (form, wrote, tags_fragment(source), _tag_scripts(source)))


def _tag_scripts(source):
    providers = sorted(set(r["fullPath"].split("]", 1)[0] + "]" for r in source.tags.browse("", False)
                           if r["fullPath"].startswith("[")))
    scripts = source.tag_scripts(providers)
    if scripts is None:
        return '<p class="muted">attached to a gateway in another process: open its own console</p>'
    rows = []
    for path, event, run in scripts:
        last, error = _last_run(run, "atMs", "durationMs", "outcome", "error", "errorAtMs")
        rows.append(('<span class="mono">%s</span>' % esc(path), esc(event), last,
                     esc(run["runs"]) if run else "0", error))
    return table(("tag", "event", "last run", "runs", "last error"), rows,
                 "grid small", "no tag has an event script")


def _last_run(run, at, took, outcome, error, error_at):
    """(last run cell, last error cell) of a run record (tag script or project event)."""
    if not run:
        return '<span class="muted">never ran</span>', '<span class="muted">no failure</span>'
    ok = run.get(outcome) == "ok"
    last = '<span class="badge %s">%s</span> %s (%s ms)' % (
        "ok" if ok else "bad", esc(run.get(outcome)), esc(ms_text(run.get(at), False)),
        esc(run.get(took)))
    if not run.get(error):
        return last, '<span class="muted">no failure</span>'
    return last, "%s %s" % (esc(ms_text(run.get(error_at), False)),
                            esc(short(run[error], 140)))


def gateway_page(source, rt, ctx):
    gw = source.gateway
    facts = [("name", source.name), ("Ignition version", source.version), ("data folder", source.data_dir),
             ("engine schema", rt.getSchemaVersion()), ("generation", rt.getGeneration())]
    rows, log = [], ""
    if gw is not None and gw.has_backend("projects") and gw.projects.default is not None:
        proj = gw.projects.default
        facts.insert(2, ("project", "%s (%s)" % (proj.name, proj.path)))
        event_runs = getattr(proj, "event_runs", None)
        for key in sorted(proj.events, key=lambda k: (k[0], k[1])):
            ev = proj.events[key]
            attrs = dict(getattr(ev, "attributes", {}) or {})
            settings = ", ".join("%s=%s" % (k, attrs[k]) for k in sorted(attrs)
                                 if k in ("delay", "fixedDelay", "cronExpression", "paths",
                                          "changeTypes", "threadType"))
            run = event_runs.get(key) if event_runs is not None else None
            last, error = _last_run(run, "lastFireMs", "lastDurationMs", "lastOutcome",
                                    "lastError", "lastErrorMs")
            rows.append((esc(key[0]), esc(key[1]), esc(settings),
                         badge("enabled" if ev.enabled else "off"), last,
                         esc(run["runs"]) if run else "0", error))
        recs = list(gw.util.records)[-LOG_TAIL:]
        lines = ["%s %-5s %s  %s" % (ms_text(r.time_ms, False), r.level, r.logger, r.message)
                 for r in reversed(recs)]
        log = '<pre class="log">%s</pre>' % esc("\n".join(lines) or "(empty)")
    else:
        log = '<p class="muted">attached to a gateway in another process: its log is in that process</p>'
    dl = "".join("<dt>%s</dt><dd>%s</dd>" % (esc(k), esc(v)) for k, v in facts)
    return ('<h1>Gateway</h1><dl class="facts">%s</dl><h2>Project events and timers</h2>%s'
            '<h2>Gateway log (newest first)</h2>%s'
            % (dl, table(("kind", "name", "settings", "state", "last run", "runs", "last error"),
                         rows, "grid small", "no project events"),
               log))


def envelope_html(resp, back):
    ok = bool(resp.get("ok")) if isinstance(resp, dict) else False
    wid = (resp.get("data") or {}).get("workflowId") if isinstance(resp, dict) else None
    extra = " " + link(run_href(wid), "open the run") if wid and ok else ""
    return ('<div class="flash %s"><b>%s</b> %s%s</div>%s<p>%s</p>'
            % ("ok" if ok else "bad", esc(resp.get("code")), esc(resp.get("message")), extra,
               pre(resp), link(back or "/", "back")))
