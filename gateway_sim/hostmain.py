"""Entry point inside the Jython host (see ``gateway_sim.jython_host``).

``hostmain.py check PROJECT --version V --config-json FILE`` prints the check report as
one JSON line; ``hostmain.py run PROJECT ...`` keeps a gateway with the project running
until it is stopped (SIGTERM / Ctrl-C) or ``--seconds`` pass. Runs on Jython 2.7 (and
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
    ap.add_argument("command", choices=["check", "run"])
    ap.add_argument("project")
    ap.add_argument("--version", default="8.1")
    ap.add_argument("--config-json")
    ap.add_argument("--config-dir")
    ap.add_argument("--projects", action="append", default=[])
    ap.add_argument("--no-events", action="store_true")
    ap.add_argument("--data-dir")
    ap.add_argument("--seconds", type=float)
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
    return _run(args)


def _run(args):
    from gateway_sim.gateway import Gateway
    from gateway_sim.simulate import simulate
    import logging
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)-5s [%(name)s] %(message)s")
    config = _config(args)
    if args.project and not config.get("project"):
        config["project"] = {"path": os.path.abspath(args.project)}
    gw = Gateway(name=(config.get("gateway") or {}).get("name", "gateway-sim"),
                 data_dir=args.data_dir, version=args.version, config=config,
                 config_dir=args.config_dir or (os.path.abspath(args.project) if args.project else None))
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
