"""Entry point inside the Jython host (see ``gateway_sim.jython_host``).

``hostmain.py check PROJECT --version V --config-json FILE`` prints the check report as
one JSON line; ``hostmain.py run PROJECT ...`` keeps a gateway with the project running
until it is stopped (SIGTERM / Ctrl-C) or ``--seconds`` pass; ``hostmain.py serve PROJECT
...`` starts the gateway and answers one JSON request per stdin line (``{"call":
"pkg.mod.func", "args": [...], "kwargs": {...}}``) with one JSON reply line (``{"ok": true,
"value": ...}`` or ``{"ok": false, "error": "Type: message", "traceback": "..."}``), which is
how pytest drives a Python 2 project's functions on Jython. Runs on Jython 2.7 (and
CPython, for tests). May import: ``gateway_sim`` core modules and the standard library.
"""
from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import sys
import time

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

REPORT_PREFIX = "##gateway-sim-report## "


def _parse(argv):
    ap = argparse.ArgumentParser(prog="hostmain")
    ap.add_argument("command", choices=["check", "run", "serve"])
    ap.add_argument("project")
    ap.add_argument("--version", default="8.1")
    ap.add_argument("--config-json")
    ap.add_argument("--config-dir")
    ap.add_argument("--projects", action="append", default=[])
    ap.add_argument("--no-events", action="store_true")
    ap.add_argument("--data-dir")
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--log-level")
    return ap.parse_args(argv)


def _config(args):
    if not args.config_json:
        return {}
    with open(args.config_json) as f:
        return json.load(f)


def main(argv=None):
    args = _parse(sys.argv[1:] if argv is None else argv)
    from gateway_sim import java
    java.install()  # the real java.* on Jython; the stand-ins on CPython
    if args.command == "check":
        from gateway_sim.check import check_project
        report = check_project(args.project, args.version, _config(args), args.config_dir,
                               fire_events=not args.no_events, projects_dirs=args.projects)
        sys.stdout.write(REPORT_PREFIX + json.dumps(report, default=str) + "\n")
        sys.stdout.flush()
        return 0
    if args.command == "serve":
        return _serve(args)
    return _run(args)


def _gateway(args, start):
    from gateway_sim.gateway import Gateway
    config = _config(args)
    if args.project and not config.get("project"):
        config["project"] = {"path": os.path.abspath(args.project), "start": start}
    return Gateway(name=(config.get("gateway") or {}).get("name", "gateway-sim"),
                   data_dir=args.data_dir, version=args.version, config=config,
                   config_dir=args.config_dir or (os.path.abspath(args.project)
                                                  if args.project else None))


def _reply(obj):
    sys.stdout.write(REPORT_PREFIX + json.dumps(obj, default=repr) + "\n")
    sys.stdout.flush()


def _serve(args):
    import traceback
    from gateway_sim.check import _catch_all
    from gateway_sim.simulate import simulate
    errors = _catch_all() + (BaseException,)  # Java exceptions are no BaseException on Jython
    gw = _gateway(args, True)
    try:
        with simulate(gw):
            proj = gw.projects.default
            _reply({"ready": True, "project": proj.name if proj else None,
                    "python": sys.version.split()[0]})
            for line in iter(sys.stdin.readline, ""):
                line = line.strip()
                if not line:
                    continue
                req = json.loads(line)
                if req.get("quit"):
                    break
                try:
                    module, _, func = req["call"].rpartition(".")
                    fn = getattr(proj.import_module(module), func)
                    _reply({"ok": True, "value": fn(*req.get("args", []),
                                                      **dict((str(k), v) for k, v in
                                                             req.get("kwargs", {}).items()))})
                except errors as exc:  # reported back, whatever the script raised
                    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                        raise
                    _reply({"ok": False, "error": "%s: %s" % (type(exc).__name__, exc),
                            "traceback": traceback.format_exc()})
    finally:
        gw.shutdown()
    return 0


def _run(args):
    from gateway_sim.simulate import simulate
    from gateway_sim import logformat
    level = logformat.setup(getattr(args, "log_level", None) or
                            (_config(args).get("gateway") or {}).get("logLevel"))
    gw = _gateway(args, True)
    logformat.apply_to_gateway(gw, level)
    with simulate(gw):
        proj = gw.projects.default
        print("gateway '%s' (Ignition %s) running on Python %s" % (gw.name, gw.version,
                                                                  sys.version.split()[0]))
        if proj is not None:
            print("  project  %s (%s)" % (proj.name, proj.path))
        print("  data     %s" % gw.data_dir)
        sys.stdout.flush()
        end = None if args.seconds is None else time.time() + args.seconds
        try:
            while end is None or time.time() < end:
                time.sleep(0.2 if end is None else max(0.0, min(0.2, end - time.time())))
        except KeyboardInterrupt:
            pass
        finally:
            gw.shutdown()
    print("gateway stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
