"""The runs list (filters, paging, counts, live fragment) and a run's detail page.

Reads only the runtime's public API: ``listRuns`` and ``countRuns`` (every filter, the
partition key and the id substring too, is applied by the database), ``getStatus``,
``listRunSteps``, ``listEvents``, ``getEventHistory``, ``listStreams``, ``readStream``,
``listMessages``. A receive's wait is on the timeline as the engine records it (the op
starts when the wait began, ends at the take or the timeout).
May import: the standard library and ``gateway_sim.console``.
"""
from __future__ import absolute_import, division, print_function

import datetime
import time

from gateway_sim.console.html import (
    action_form, badge, duration, esc, link, ms_text, pre, query, run_href, short, table)

PAGE_SIZE = 50
STREAM_ROWS = 200
MAILBOX_ROWS = 200
STATUSES = ("DELAYED", "ENQUEUED", "PENDING", "RUNNING", "SUCCESS", "ERROR", "CANCELLED",
            "MAX_RECOVERY_ATTEMPTS_EXCEEDED")
FILTERS = ("status", "workflow", "queue", "partition", "since", "until", "q")
COMMANDS = ("HOLD", "RESUME", "STOP", "RESET")
WAIT_KINDS = ("recv", "recvCommand")


class BadFilter(ValueError):
    """A filter value the page cannot use (message names it and the fix)."""


def _time_ms(text, name):
    """A ``datetime-local`` value (the gateway's local time) as epoch milliseconds."""
    if not text:
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
                "%Y-%m-%d"):
        try:
            d = datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return int(time.mktime(d.timetuple()) * 1000)
    raise BadFilter("%s=%r is not a time; use YYYY-MM-DDTHH:MM (local time)" % (name, text))


def parse_filters(params):
    f = dict((k, (params.get(k) or "").strip()) for k in FILTERS)
    if f["status"] and f["status"] not in STATUSES:
        raise BadFilter("status=%r is unknown; use one of %s" % (f["status"], ", ".join(STATUSES)))
    f["sinceMs"] = _time_ms(f["since"], "since")
    f["untilMs"] = _time_ms(f["until"], "until")
    try:
        f["page"] = max(0, int(params.get("page") or 0))
    except ValueError:
        raise BadFilter("page=%r is not a number; use page=0, 1, 2..." % params.get("page"))
    return f


def _run_filters(f, status=True):
    """The runtime's filter arguments for the page filters ``f``."""
    kw = {"workflowName": f["workflow"] or None, "queueName": f["queue"] or None,
          "sinceMs": f["sinceMs"], "untilMs": f["untilMs"], "partitionKey": f["partition"] or None,
          "idContains": f["q"] or None}
    if status:
        kw["status"] = f["status"] or None
    return kw


def find_runs(rt, f, page_size=PAGE_SIZE):
    """The runs of the page for the filters ``f``."""
    return rt.listRuns(limit=page_size, offset=f["page"] * page_size, **_run_filters(f))


def counts(rt, f):
    """{status: number of runs} under every filter of ``f`` but the status (the chips)."""
    return rt.countRuns(byStatus=True, **_run_filters(f, status=False))


def _filter_form(f, workflows):
    def sel(name, options, current):
        opts = ['<option value="">any</option>'] + [
            '<option value="%s"%s>%s</option>' % (esc(o), " selected" if o == current else "", esc(o))
            for o in options]
        return '<select name="%s">%s</select>' % (name, "".join(opts))

    def inp(name, value, ph, typ="text"):
        return '<input type="%s" name="%s" value="%s" placeholder="%s">' % (typ, name, esc(value), ph)
    return ('<form class="filters" method="get" action="/">'
            '<label>status %s</label><label>workflow %s</label><label>queue %s</label>'
            '<label>partition %s</label><label>from %s</label><label>to %s</label>'
            '<label>run id %s</label><button type="submit">Filter</button> %s</form>'
            % (sel("status", STATUSES, f["status"]), sel("workflow", workflows, f["workflow"]),
               inp("queue", f["queue"], "default"), inp("partition", f["partition"], "key"),
               inp("since", f["since"], "", "datetime-local"),
               inp("until", f["until"], "", "datetime-local"),
               inp("q", f["q"], "id or part of it"), link("/", "clear")))


def runs_fragment(rt, f):
    """The live part of the runs page: counts, table, pager (polled by the page)."""
    by = counts(rt, f)
    total = sum(by.values())
    chips = ['<a class="chip%s" href="%s">all <b>%d</b></a>' % (
        "" if f["status"] else " on", esc(query("/", [(k, f[k]) for k in FILTERS if k != "status"])),
        total)]
    for st in STATUSES:
        if by.get(st):
            params = [(k, f[k]) for k in FILTERS if k != "status"] + [("status", st)]
            chips.append('<a class="chip st-%s%s" href="%s">%s <b>%d</b></a>' % (
                esc(st.lower()), " on" if f["status"] == st else "", esc(query("/", params)),
                esc(st), by[st]))
    matching = by.get(f["status"], 0) if f["status"] else total
    runs = find_runs(rt, f)
    rows = []
    for r in runs:
        rows.append((link(run_href(r["workflowId"]), r["workflowId"], "mono"),
                     esc(r.get("workflowName")), badge(r.get("status")), esc(r.get("queueName")),
                     esc(r.get("partitionKey")), esc(ms_text(r.get("createdAtMs"))),
                     esc(duration(r.get("startedAtMs"), r.get("completedAtMs")))))
    base = [(k, f[k]) for k in FILTERS]
    pager = []
    if f["page"] > 0:
        pager.append(link(query("/", base + [("page", f["page"] - 1)]), "\u2190 newer"))
    first = f["page"] * PAGE_SIZE
    pages = max(1, (matching + PAGE_SIZE - 1) // PAGE_SIZE)
    pager.append('<span>runs %d\u2013%d of %d</span> <span>page %d of %d</span>'
                 % (first + 1 if runs else 0, first + len(runs), matching, f["page"] + 1, pages))
    if first + len(runs) < matching:
        pager.append(link(query("/", base + [("page", f["page"] + 1)]), "older \u2192"))
    return ('<div class="chips">%s</div>%s<div class="pager">%s</div>'
            % ("".join(chips),
               table(("run id", "workflow", "status", "queue", "partition", "created", "took"),
                     rows, "grid runs", "no runs match these filters"),
               " ".join(pager)))


def runs_page(rt, f, workflows):
    return ('<h1>Runs</h1>%s<div id="live" data-poll="%s">%s</div>'
            % (_filter_form(f, workflows), esc(query("/fragment/runs", [(k, f[k]) for k in FILTERS]
                                                     + [("page", f["page"])])),
               runs_fragment(rt, f)))


# --- run detail ------------------------------------------------------------------------------

def _error_block(err):
    if not err:
        return ""
    if isinstance(err, dict):
        kind = err.get("exceptionType") or err.get("type") or "error"
        java = ' <span class="badge bad">Java</span>' if err.get("javaException") else ""
        msg = err.get("message") or err.get("reason") or ""
        tb = err.get("traceback")
        return ('<div class="error"><b>%s</b>%s<div>%s</div>%s</div>'
                % (esc(kind), java, esc(msg),
                   '<details><summary>traceback</summary><pre>%s</pre></details>' % esc(tb)
                   if tb else ""))
    return '<div class="error">%s</div>' % esc(err)


def _step_note(s):
    out, err = s.get("output"), s.get("error")
    if err:
        return esc(short(err.get("message") if isinstance(err, dict) else err))
    kind = s.get("kind")
    if kind == "sleep" and isinstance(out, dict) and out.get("wakeAtMs"):
        return "wakes at %s" % esc(ms_text(out["wakeAtMs"], False))
    if kind in ("recv", "recvCommand"):
        if not out:
            return "waited: no message"
        if isinstance(out, dict) and out.get("cmd"):
            reason = (out.get("message") or {}).get("reason") if isinstance(out.get("message"), dict) else None
            return "received <b>%s</b>%s" % (esc(out["cmd"]), " &mdash; %s" % esc(reason) if reason else "")
        return "received %s" % esc(short(out))
    if s.get("childWorkflowId"):
        return "child " + link(run_href(s["childWorkflowId"]), s["childWorkflowId"], "mono")
    return esc(short(out, 70)) if out is not None else ""


def timeline(info, steps):
    """The operation log as a Gantt-like table: one bar per operation on the run's time axis."""
    if not steps:
        return '<p class="empty">no operations recorded yet</p>'
    t0 = info.get("startedAtMs") or min(s.get("startedAtMs") or 0 for s in steps) or 0
    ends = [s.get("completedAtMs") or s.get("startedAtMs") or 0 for s in steps]
    t1 = max(ends + [info.get("completedAtMs") or 0, info.get("updatedAtMs") or 0, t0 + 1])
    span = float(max(1, t1 - t0))
    rows = []
    for s in steps:
        a = s.get("startedAtMs") or t0
        b = s.get("completedAtMs") or a
        took = esc(duration(a, b) or "0 ms")
        cls = "k-%s st-%s" % (esc(s.get("kind")), esc((s.get("status") or "").lower()))
        if s.get("kind") in WAIT_KINDS and b > a:
            # the engine records a receive from the start of its wait to the take / timeout
            took = '<span class="waited" title="from the start of the wait">waited %s</span>' \
                % esc(duration(a, b))
            cls += " waiting"
        left = max(0.0, (a - t0) / span * 100.0)
        width = max(0.4, (b - a) / span * 100.0)
        bar = ('<div class="track"><div class="bar %s" style="left:%.2f%%;width:%.2f%%"></div></div>'
               % (cls, left, min(width, 100.0 - left)))
        tries = s.get("attempts") or 1
        rows.append(('<span class="mono">%d</span>' % s["seq"], esc(s.get("kind")), esc(s.get("name")),
                     badge(s.get("status")), esc(ms_text(s.get("startedAtMs") or t0, False)), took,
                     "%d%s" % (tries, ' <span class="retry">%d retries</span>' % (tries - 1)
                               if tries > 1 else ""), bar, _step_note(s)))
    return table(("#", "kind", "name", "status", "start", "took", "attempts", "timeline", "outcome"),
                 rows, "grid timeline")


def _mailbox(messages):
    rows = []
    for m in messages:
        if m.get("consumedAtMs") is not None:
            state = "consumed by #%s at %s" % (m.get("consumedBySeq"),
                                                ms_text(m["consumedAtMs"], False))
            state = '<span class="badge ok">%s</span>' % esc(state)
        else:
            state = '<span class="badge wait">pending</span>'
        rows.append((str(m["messageId"]), esc(m.get("topic")),
                     '<code>%s</code>' % esc(short(m.get("message"), 100)),
                     esc(ms_text(m.get("sentAtMs"), False)), state,
                     '<span class="mono">%s</span>' % esc(m.get("uuid") or "")))
    return table(("#", "topic", "message", "sent", "state", "uuid"), rows, "grid small",
                 "no message sent to this run")


def detail_fragment(rt, wid, ctx):
    info = rt.getStatus(wid)
    if info is None:
        return None
    steps = rt.listRunSteps(wid)
    events = rt.listEvents(wid)
    history = rt.getEventHistory(wid)
    state = events.get("phase.state")
    progress = events.get("phase.last_message")
    if isinstance(progress, dict):
        progress = progress.get("message", progress)
    streams = [(s["key"], rt.readStream(wid, s["key"], 0, STREAM_ROWS)) for s in rt.listStreams(wid)]
    messages = rt.listMessages(wid, limit=MAILBOX_ROWS)
    children = rt.listRuns(parentWorkflowId=wid, limit=100)
    facts = [("workflow", esc(info.get("workflowName"))), ("status", badge(info.get("status"))),
             ("ISA-88 state", badge(state) if state else '<span class="muted">none</span>'),
             ("progress", esc(short(progress, 120)) if progress else ""),
             ("queue", esc(info.get("queueName"))), ("partition", esc(info.get("partitionKey"))),
             ("priority", esc(info.get("priority"))), ("created", esc(ms_text(info.get("createdAtMs")))),
             ("started", esc(ms_text(info.get("startedAtMs")))),
             ("completed", esc(ms_text(info.get("completedAtMs")))),
             ("took", esc(duration(info.get("startedAtMs"), info.get("completedAtMs")))),
             ("executions", esc(info.get("executions"))), ("claimed by", esc(info.get("claimedBy")))]
    if info.get("parentWorkflowId"):
        facts.append(("parent", link(run_href(info["parentWorkflowId"]), info["parentWorkflowId"], "mono")))
    if info.get("forkedFrom"):
        facts.append(("forked from", link(run_href(info["forkedFrom"]), info["forkedFrom"], "mono")))
    dl = "".join("<dt>%s</dt><dd>%s</dd>" % (esc(k), v) for k, v in facts)
    inputs = info.get("inputs")
    if isinstance(inputs, dict) and list(inputs) == ["resolved"]:
        inputs = inputs["resolved"]  # the engine stores the bound arguments under "resolved"
    if info.get("error"):
        outcome = "<h2>Error</h2>" + _error_block(info["error"])
    elif info.get("status") == "SUCCESS":
        outcome = "<h2>Result</h2>" + pre(info.get("result"))
    else:
        outcome = '<h2>Result</h2><p class="muted">not finished</p>'
    outcome = ('<div class="cols"><section><h2>Inputs</h2>%s</section><section>%s</section></div>'
               % (pre(inputs), outcome))
    ev_rows = [(esc(k), '<code>%s</code>' % esc(short(v, 100))) for k, v in sorted(events.items())]
    hist_rows = [(esc(ms_text(h.get("createdAtMs"), False)), esc(h["key"]),
                  '<code>%s</code>' % esc(short(h["value"], 100))) for h in history]
    stream_html = "".join(
        "<h3>%s</h3>%s" % (esc(k) + (" (progress)" if k == "log" else ""), table(
            ("#", "at", "value"),
            [(str(e["offset"]), esc(ms_text(e.get("createdAtMs"), False)),
              esc(short(e["value"].get("message", e["value"]) if isinstance(e["value"], dict)
                        and k == "log" else e["value"], 140))) for e in entries],
            "grid small", "empty")) for k, entries in streams) or '<p class="empty">no streams</p>'
    child_rows = [(link(run_href(c["workflowId"]), c["workflowId"], "mono"), esc(c["workflowName"]),
                   badge(c["status"])) for c in children]
    return ('<dl class="facts">%s</dl><h2>Timeline</h2>%s%s'
            '<div class="cols"><section><h2>Events</h2>%s<h3>History</h3>%s</section>'
            '<section><h2>Mailbox</h2>%s<h2>Streams</h2>%s</section></div>'
            '<h2>Child runs</h2>%s'
            % (dl, timeline(info, steps), outcome,
               table(("key", "value"), ev_rows, "grid small", "no events"),
               table(("at", "key", "value"), hist_rows, "grid small", "no history"),
               _mailbox(messages), stream_html,
               table(("run id", "workflow", "status"), child_rows, "grid small", "no child runs")))


def detail_page(rt, wid, ctx):
    frag = detail_fragment(rt, wid, ctx)
    if frag is None:
        return None
    wid_fields = [("workflowId", wid)]
    cmds = "".join(action_form("/action/command", wid_fields + [("cmd", c)], c, ctx, "cmd " + c.lower())
                   for c in COMMANDS)
    more = (action_form("/action/cancel", wid_fields, "Cancel run", ctx, "warn",
                        confirm="Cancel this run?")
            + action_form("/action/resume", wid_fields, "Resume run", ctx)
            + '<form method="post" action="/action/fork" class="act">%s%s'
              '<label>fork from step <input type="number" name="fromStep" min="1" value="1" '
              'class="num"></label><button type="submit">Fork</button></form>'
            % ('<input type="hidden" name="csrf" value="%s">' % esc(ctx["csrf"]),
               '<input type="hidden" name="workflowId" value="%s">' % esc(wid)))
    return ('<h1>Run <span class="mono">%s</span></h1>'
            '<div class="actions"><span class="lbl">ISA-88 command</span>%s<span class="sep"></span>%s'
            '</div><div id="live" data-poll="%s">%s</div>'
            % (esc(wid), cmds, more,
               esc("/fragment/run/" + run_href(wid)[len("/runs/"):]), frag))
