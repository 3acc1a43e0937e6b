"""The console's HTTP server (standard library ``ThreadingHTTPServer``) and its routing.

GET pages are read-only and open to anyone who can reach the port; POSTs change state and
pass ``security.check_post`` first (token + CSRF + same origin). The server binds
127.0.0.1 unless ``allow_remote`` is given with another address. Responses carry
``Content-Security-Policy: default-src 'self'`` (no inline script runs, even if escaping
failed somewhere) and ``X-Frame-Options: DENY``.
May import: the standard library and ``gateway_sim.console``.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from gateway_sim.console import actions, html, pages_other, pages_runs, security

STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".png": "image/png", ".svg": "image/svg+xml"}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_BODY = 1 << 20


class ConsoleError(Exception):
    """A bad console setup (message names the option and the fix)."""


def _form(params):
    return dict((k, v[-1]) for k, v in params.items())


class ConsoleServer(object):
    """One console; ``url`` to open, ``token`` for actions, ``stop()`` to close."""

    def __init__(self, source, host="127.0.0.1", port=0, allow_remote=False, token=None):
        if host not in LOOPBACK and not allow_remote:
            raise ConsoleError("refusing to bind the console to %s: it would be reachable from "
                               "other machines; pass --allow-remote to mean it (default 127.0.0.1)"
                               % host)
        self.source = source
        self.allow_remote = bool(allow_remote)
        self.token = token or security.load_or_create_token(source.data_dir)
        self.csrf = security.csrf_for(self.token)
        console = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "gateway-sim-console"

            def log_message(self, *args):  # quiet: the gateway prints its own lines
                pass

            def do_GET(self):
                console.handle(self, "GET")

            def do_HEAD(self):
                console.handle(self, "GET")

            def do_POST(self):
                console.handle(self, "POST")

        try:
            self.httpd = ThreadingHTTPServer((host, int(port)), Handler)
        except OSError as exc:
            raise ConsoleError("cannot listen on %s:%s (%s); choose another --port" % (host, port, exc))
        self.httpd.daemon_threads = True
        self.host = host
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="gateway-sim-console")
        self.thread.daemon = True
        self.thread.start()

    @property
    def url(self):
        host = "[%s]" % self.host if ":" in self.host else self.host
        return "http://%s:%d/" % (host, self.port)

    @property
    def login_url(self):
        return "%slogin?token=%s" % (self.url, self.token)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    # --- request handling ----------------------------------------------------------------

    def _ctx(self, req, flash=None):
        return {"csrf": self.csrf, "signed_in": security.signed_in(self.token, req.headers),
                "gateway": self.source.name, "flash": flash}

    def _host_ok(self, req):
        """Loopback consoles answer only to loopback Host names: a page of another site that
        rebinds its DNS name to 127.0.0.1 cannot read the console (DNS rebinding)."""
        if self.allow_remote:
            return True
        host = (req.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            name = host[1:].split("]", 1)[0]
        else:
            name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        return name in LOOPBACK

    def handle(self, req, method):
        if not self._host_ok(req):
            return self._send(req, 421, "refused: this console answers to 127.0.0.1 / localhost only "
                              "(Host %s); bind elsewhere with --bind ADDR --allow-remote"
                              % html.esc(req.headers.get("Host")), "text/plain; charset=utf-8")
        try:
            parts = urlsplit(req.path)
            path = parts.path
            params = _form(parse_qs(parts.query, keep_blank_values=True))
            if path.startswith("/static/"):
                return self._static(req, path[len("/static/"):])
            if method == "POST":
                return self._post(req, path)
            return self._get(req, path, params)
        except pages_runs.BadFilter as exc:
            self._send(req, 400, html.layout("bad filter", '<div class="flash bad">%s</div>'
                                             % html.esc(exc), self._ctx(req)))
        except BrokenPipeError:
            pass
        except Exception as exc:  # noqa: BLE001 - one line for the operator, not a dropped socket
            self._send(req, 500, html.layout("error", '<div class="flash bad">%s: %s</div>' % (
                html.esc(type(exc).__name__), html.esc(exc)), self._ctx(req)))

    def _get(self, req, path, params):
        src = self.source
        ctx = self._ctx(req)
        if path == "/login":
            return self._login(req, params.get("token"))
        if path == "/fragment/tags":
            return self._send(req, 200, src.call(pages_other.tags_fragment, src))
        rt = src.runtime()
        if path in ("/", "/runs"):
            f = pages_runs.parse_filters(params)
            body = src.call(pages_runs.runs_page, rt, f, src.call(rt.listWorkflows))
            return self._send(req, 200, html.layout("Runs", body, ctx, "/"))
        if path == "/fragment/runs":
            f = pages_runs.parse_filters(params)
            return self._send(req, 200, src.call(pages_runs.runs_fragment, rt, f))
        if path.startswith("/runs/") or path.startswith("/fragment/run/"):
            wid = unquote(path.rsplit("/", 1)[-1])
            if path.startswith("/fragment/"):
                frag = src.call(pages_runs.detail_fragment, rt, wid, ctx)
                return self._send(req, 200 if frag is not None else 404, frag or "no such run")
            body = src.call(pages_runs.detail_page, rt, wid, ctx)
            if body is None:
                body = ('<div class="flash bad">no run with id %s; find it on the %s</div>'
                        % (html.esc(wid), html.link("/", "runs page")))
                return self._send(req, 404, html.layout("no such run", body, ctx))
            return self._send(req, 200, html.layout("Run " + wid, body, ctx, "/"))
        if path == "/start":
            body = src.call(pages_other.start_page, src, rt, ctx, params.get("workflow") or "",
                            params.get("template") or "")
            return self._send(req, 200, html.layout("Start", body, ctx, "/start"))
        if path == "/queues":
            body = src.call(pages_other.queues_page, rt, ctx)
            return self._send(req, 200, html.layout("Queues", body, ctx, "/queues"))
        if path == "/tags":
            body = src.call(pages_other.tags_page, src, ctx)
            return self._send(req, 200, html.layout("Tags", body, ctx, "/tags"))
        if path == "/gateway":
            body = src.call(pages_other.gateway_page, src, rt, ctx)
            return self._send(req, 200, html.layout("Gateway", body, ctx, "/gateway"))
        return self._send(req, 404, html.layout("not found", '<div class="flash bad">no page %s; '
                                                'start from %s</div>' % (html.esc(path),
                                                                         html.link("/", "Runs")), ctx))

    def _login(self, req, token, form_post=False):
        ctx = self._ctx(req)
        if token is not None:
            if security._same(token, self.token):
                return self._send(req, 303, "", headers=[("Location", "/"), (
                    "Set-Cookie", security.cookie_header(self.token))])
            ctx["flash"] = (False, "wrong token; it is printed when the console starts and kept in "
                                   "<dataDir>/%s" % security.TOKEN_FILE)
        body = ('<h1>Sign in for actions</h1><p>Pages can be read without signing in. Commands, '
                'starts and writes need the console token, printed when the console started '
                '(also in <code>&lt;dataDir&gt;/%s</code>).</p><form method="post" action="/login" '
                'class="act"><input type="password" name="token" size="48" placeholder="token" '
                'autocomplete="off"><button type="submit">Sign in</button></form>'
                % html.esc(security.TOKEN_FILE))
        return self._send(req, 403 if token is not None else 200, html.layout("Sign in", body, ctx))

    def _read_form(self, req):
        n = int(req.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            raise actions.ActionError("request body over %d bytes" % MAX_BODY)
        raw = req.rfile.read(n).decode("utf-8") if n else ""
        if (req.headers.get("Content-Type") or "").startswith("application/json"):
            data = json.loads(raw or "{}")
            return dict((k, v if isinstance(v, str) else json.dumps(v)) for k, v in data.items())
        return _form(parse_qs(raw, keep_blank_values=True))

    def _post(self, req, path):
        form = self._read_form(req)
        wants_json = "application/json" in (req.headers.get("Accept") or "")
        if path == "/login":
            origin = req.headers.get("Origin")
            if origin and origin != "null" and origin.split("://", 1)[-1] != req.headers.get("Host"):
                return self._refuse(req, "refused: sign-in from another site", wants_json)
            return self._login(req, form.get("token") or "", True)
        handler = actions.ROUTES.get(path)
        if handler is None:
            return self._send(req, 404, "no action %s" % html.esc(path), "text/plain; charset=utf-8")
        why = security.check_post(self.token, req.headers, form)
        if why is not None:
            return self._refuse(req, why, wants_json)
        try:
            resp, back = handler(self.source, form)
        except actions.ActionError as exc:
            resp, back = {"ok": False, "code": "INVALID_ARGUMENTS", "message": str(exc)}, None
        if wants_json:
            data = dict(resp)
            data["back"] = back
            return self._send(req, 200, json.dumps(data, default=str), "application/json")
        body = pages_other.envelope_html(resp, back)
        return self._send(req, 200, html.layout(resp.get("code") or "result", body, self._ctx(req)))

    def _refuse(self, req, why, wants_json):
        if wants_json:
            return self._send(req, 403, json.dumps({"ok": False, "code": "REFUSED", "message": why}),
                              "application/json")
        return self._send(req, 403, html.layout("refused", '<div class="flash bad">%s</div>'
                                                % html.esc(why), self._ctx(req)))

    def _static(self, req, name):
        name = os.path.basename(name)
        path = os.path.join(STATIC, name)
        ctype = STATIC_TYPES.get(os.path.splitext(name)[1])
        if not ctype or not os.path.isfile(path):
            return self._send(req, 404, "no static file %s" % name, "text/plain; charset=utf-8")
        with open(path, "rb") as f:
            return self._send(req, 200, f.read(), ctype, cache=True)

    def _send(self, req, code, body, ctype="text/html; charset=utf-8", headers=(), cache=False):
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        req.send_response(code)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(data)))
        req.send_header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'")
        req.send_header("X-Frame-Options", "DENY")
        req.send_header("X-Content-Type-Options", "nosniff")
        req.send_header("Referrer-Policy", "no-referrer")
        req.send_header("Cache-Control", "max-age=300" if cache else "no-store")
        for k, v in headers:
            req.send_header(k, v)
        req.end_headers()
        if req.command != "HEAD":
            req.wfile.write(data)


def start_console(source, host="127.0.0.1", port=0, allow_remote=False):
    """Serve the console for ``source`` (see ``source.py``); returns the running server."""
    return ConsoleServer(source, host, port, allow_remote)
