"""``gateway-sim check PROJECT``: the command around ``gateway_sim.check`` (CPython only).

Runs the check in-process (``--interpreter cpython``, the default) or inside the Jython
host (``--interpreter jython``: Python 2 projects, real ``java.*``), prints the table (or
``--json``) and exits 1 when a module or event fails. May import: anything (CLI adapter).
"""
from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import sys

EXIT_OK, EXIT_FAILED = 0, 1


def add_parser(sub):
    c = sub.add_parser(
        "check", help="check a project: import every module, fire every event, list the "
                      "system.* / java.* names the simulator lacks",
        description="Load PROJECT (with its parents), import every script module, list every "
                    "system.*, java.* and Ignition SDK name its scripts use that the simulator "
                    "lacks, then start it and fire each gateway event once. Prints one row per "
                    "module / event: OK or the one-line cause. Exit 1 when something fails.")
    c.add_argument("project", metavar="PROJECT",
                   help="project folder (holds project.json and ignition/), a project export "
                        ".zip, or a folder holding one project below it")
    c.add_argument("--ignition", choices=("8.1", "8.3"), default=None,
                   help="Ignition version to simulate (default: the one the project's resources "
                        "were written by, else 8.1)")
    c.add_argument("--interpreter", choices=("cpython", "jython"), default=None,
                   help="where the scripts run: this CPython or Jython 2.7, the interpreter "
                        "Ignition uses (default: CPython, or Jython when some of the "
                        "project's code is Python 2 only and Jython is installed)")
    c.add_argument("--config", metavar="FILE",
                   help="gateway config for datasources, tag providers... (its project: is ignored)")
    c.add_argument("--projects", metavar="DIR", action="append", default=[],
                   help="folder holding parent projects (repeatable)")
    c.add_argument("--no-events", action="store_true", help="import modules only; fire no event")
    c.add_argument("--json", action="store_true", help="print the report as JSON")
    return c


def cmd_check(args, cli_error):
    from gateway_sim.errors import ConfigError
    from gateway_sim.project import locate
    try:
        found = locate.locate(args.project)
    except ConfigError as exc:
        raise cli_error(str(exc))
    try:
        return _check(args, cli_error, found)
    finally:
        found.close()


def _check(args, cli_error, found):
    from gateway_sim import check
    from gateway_sim.project import locate
    project = found.path
    notes = list(found.notes)
    version = args.ignition
    if version is None:
        version, why = locate.detect_version(project)
        if version is None:
            version = "8.1"
        else:
            notes.append(why)
    interpreter = args.interpreter or _interpreter_for(project, args.projects, notes)
    config, config_dir = {}, None
    if args.config:
        if not os.path.isfile(args.config):
            raise cli_error("config file %s not found" % args.config)
        from gateway_sim.gateway import load_config_file
        config = load_config_file(args.config)
        config_dir = os.path.dirname(os.path.abspath(args.config))
    from gateway_sim.cli_progress import task
    with task("check", "loading %s on %s" % (os.path.basename(project), interpreter),
              quiet=args.json):
        if interpreter == "jython":
            from gateway_sim import jython_host
            try:
                report = jython_host.check(project, version, config, config_dir,
                                           args.projects, fire_events=not args.no_events)
            except jython_host.JythonUnavailable as exc:
                raise cli_error(str(exc))
        else:
            from gateway_sim import java
            java.install()
            out = sys.stdout
            if args.json:  # what the project's scripts print must not break the JSON
                sys.stdout = sys.stderr
            try:
                report = check.check_project(project, version, config, config_dir,
                                             fire_events=not args.no_events,
                                             projects_dirs=args.projects)
            finally:
                sys.stdout = out
    report["notes"] = notes + list(report.get("notes") or [])
    if args.json:
        print(json.dumps(report, indent=1, sort_keys=True, default=str))
    else:
        print("\n".join(check.render(report)))
    return EXIT_FAILED if check.failed(report) else EXIT_OK


def _interpreter_for(project, projects_dirs, notes):
    """CPython, unless the project has Python 2 only code and Jython is installed (what
    Ignition runs it on): then Jython. ``notes`` gets the reason."""
    from gateway_sim import check, jython_host
    py2 = check.python2_sources(project, projects_dirs)
    if not py2:
        return "cpython"
    some = ", ".join(py2[:3]) + (" and %d more" % (len(py2) - 3) if len(py2) > 3 else "")
    try:
        jython_host.find_jython_jar()
        jython_host.find_java()
    except jython_host.JythonUnavailable as exc:
        notes.append("%d modules/events are Python 2 only (%s) and Jython is not available "
                     "(%s): they fail here but run on a gateway's Jython 2.7"
                     % (len(py2), some, str(exc).splitlines()[0]))
        return "cpython"
    notes.append("checked on Jython 2.7, the interpreter Ignition uses: %d modules/events are "
                 "Python 2 only (%s); --interpreter cpython checks on CPython" % (len(py2), some))
    return "jython"


def add_interpreter_option(parser):
    """``--interpreter`` for ``run`` (the same choice as ``check``)."""
    parser.add_argument("--interpreter", choices=("cpython", "jython"), default=None,
                        help="run the gateway and the project's scripts on this CPython "
                             "(default) or on Jython 2.7 (Python 2 projects; real java.*); "
                             "the config's gateway.interpreter sets the default")
    return parser


SUPPRESS = argparse.SUPPRESS
