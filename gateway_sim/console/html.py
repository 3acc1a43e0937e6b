"""HTML building blocks of the console: escaping, the page layout, formatting.

Every value that came from a user, a workflow or a tag goes through ``esc`` (or
``pre`` for JSON), so ``<script>`` in an input, an error or a tag name is shown
as text. Pages are assembled from these helpers; nothing else writes markup
from data. May import: the standard library.
"""
from __future__ import absolute_import, division, print_function

import datetime
import json

try:
    from html import escape as _escape
except ImportError:  # pragma: no cover - Python 2 is not a host of the console
    from cgi import escape as _escape

try:
    from urllib.parse import urlencode
except ImportError:  # pragma: no cover
    from urllib import urlencode

NAV = (("/", "Runs"), ("/start", "Start"), ("/queues", "Queues"), ("/tags", "Tags"),
       ("/gateway", "Gateway"))

STATUS_CLASS = {"SUCCESS": "ok", "ERROR": "bad", "CANCELLED": "muted", "RUNNING": "run",
                "ENQUEUED": "wait", "PENDING": "wait", "MAX_RECOVERY_ATTEMPTS_EXCEEDED": "bad",
                "HELD": "wait", "COMPLETE": "ok", "STOPPED": "muted", "enabled": "ok", "off": "muted"}


def esc(value):
    """Text of ``value`` safe in element content and quoted attributes."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return _escape(value, quote=True)


def to_json(value):
    try:
        return json.dumps(value, indent=2, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return str(value)


def pre(value):
    """A JSON block (escaped)."""
    return '<pre class="json">%s</pre>' % esc(to_json(value))


def short(value, width=80):
    text = value if isinstance(value, str) else to_json(value).replace("\n", " ")
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def ms_text(ms, with_date=True):
    if not ms:
        return ""
    d = datetime.datetime.fromtimestamp(int(ms) / 1000.0)
    return d.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] if with_date else d.strftime("%H:%M:%S.%f")[:-3]


def duration(a, b):
    if not a or not b:
        return ""
    ms = int(b) - int(a)
    if ms < 1000:
        return "%d ms" % ms
    if ms < 120000:
        return "%.1f s" % (ms / 1000.0)
    return "%d min %02d s" % (ms // 60000, (ms // 1000) % 60)


def badge(status):
    status = status or ""
    return '<span class="badge %s">%s</span>' % (STATUS_CLASS.get(status, "plain"), esc(status))


def link(href, text, cls=None):
    return '<a href="%s"%s>%s</a>' % (esc(href), ' class="%s"' % esc(cls) if cls else "", esc(text))


def query(path, params):
    clean = [(k, v) for k, v in params if v not in (None, "")]
    return path + ("?" + urlencode(clean) if clean else "")


def run_href(wid):
    return "/runs/" + _quote(wid)


def _quote(text):
    try:
        from urllib.parse import quote
    except ImportError:  # pragma: no cover
        from urllib import quote
    return quote(str(text), safe="")


def table(headers, rows, cls="grid", empty="nothing to show"):
    """``rows`` hold ready HTML cells (escape data with ``esc`` before)."""
    head = "".join("<th>%s</th>" % esc(h) for h in headers)
    if not rows:
        body = '<tr><td colspan="%d" class="empty">%s</td></tr>' % (len(headers), esc(empty))
    else:
        body = "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % c for c in r) for r in rows)
    return '<table class="%s"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>' % (cls, head, body)


def hidden(name, value):
    return '<input type="hidden" name="%s" value="%s">' % (esc(name), esc(value))


def action_form(action, fields, button, ctx, cls="", confirm=None):
    """A POST form carrying the CSRF field; ``fields`` are (name, value) hidden pairs."""
    inner = hidden("csrf", ctx["csrf"]) + "".join(hidden(n, v) for n, v in fields)
    return ('<form method="post" action="%s" class="act %s"%s>%s<button type="submit">%s</button>'
            '</form>' % (esc(action), esc(cls),
                         ' data-confirm="%s"' % esc(confirm) if confirm else "", inner, esc(button)))


def layout(title, body, ctx, active="/"):
    nav = "".join('<a href="%s"%s>%s</a>' % (h, ' class="on"' if h == active else "", esc(t))
                  for h, t in NAV)
    if ctx.get("signed_in"):
        who = '<span class="signed">actions enabled</span>'
    else:
        who = '<a class="signin" href="/login">sign in for actions</a>'
    flash = ""
    if ctx.get("flash"):
        ok, msg = ctx["flash"]
        flash = '<div class="flash %s">%s</div>' % ("ok" if ok else "bad", esc(msg))
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>%s \u00b7 %s</title><link rel=\"stylesheet\" href=\"/static/console.css\">"
            "</head><body><header><span class=\"brand\">%s</span><nav>%s</nav>%s</header>"
            "<main><div id=\"flash\">%s</div>%s</main>"
            "<script src=\"/static/console.js\"></script></body></html>"
            % (esc(title), esc(ctx.get("gateway", "gateway")), esc(ctx.get("gateway", "gateway")),
               nav, who, flash, body))
