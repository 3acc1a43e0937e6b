"""``gateway-sim``: the simulator's command line (CPython only; argparse).

Commands:
  demo                      the tank batch demo (see ``gateway_sim.demo``)
  run [PROJECT]             keep a gateway running (timers, tag events) until Ctrl-C
  start/status/list/steps/send/cancel/resume
                            workflow client: talks to the system database (``--config``
                            or ``--db``), so it works against a running gateway
  tags read/write/browse    tags of the running gateway (``run``), else the configured tags
  export                    the Ignition project export (folder + zip)
  check PROJECT             what of a project runs on the simulator (see ``cli_check``)

Every failure prints what is wrong and what to do, and exits 2 (usage/config) or
1 (the operation failed). May import: anything (CPython-only adapter).
"""
from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import sys

from gateway_sim.client import STATUSES
from gateway_sim.errors import GatewaySimError, NotImplementedInSimulator

from gateway_sim.cli_config import (  # noqa: F401  (re-exported: the CLI's public names)
    CONFIG_NAMES, EXIT_FAILED, EXIT_OK, EXIT_USAGE, CliError, bundled_library, bundled_project, find_config,
    load_config, open_gateway, print_json, repo_root, table)


# --- commands: export -----------------------------------------------------------------

def cmd_export(args):
    from gateway_sim.export import export_project
    project = args.project or bundled_project()
    packages = args.package if args.package is not None else [bundled_library()]
    packages = [p for p in packages if p]
    out = args.out or os.path.join(os.getcwd(), "dist")
    from gateway_sim.cli_progress import task
    with task("export", "writing %s" % out, quiet=args.json):
        res = export_project(project, out, packages=packages, name=args.name,
                             make_zip=not args.no_zip, make_folder=not args.no_folder,
                             ignition=args.ignition)
    if args.json:
        print_json({"name": res["name"], "folder": res["folder"], "zip": res["zip"],
                    "files": len(res["files"]), "modules": len(res["modules"])})
        return EXIT_OK
    print("exported project %r: %d files, %d library modules"
          % (res["name"], len(res["files"]), len(res["modules"])))
    if res["folder"]:
        print("  folder: %s" % res["folder"])
    if res["zip"]:
        print("  zip:    %s" % res["zip"])
        print("Import it in the Designer (File > Import...) or on the gateway's Config > Projects "
              "page > Import project.")
    return EXIT_OK


# --- commands: run ---------------------------------------------------------------------

def cmd_run(args):
    found = None
    if args.project:  # a project folder, an export zip, or a folder holding one project
        from gateway_sim.errors import ConfigError
        from gateway_sim.project import locate
        try:
            found = locate.locate(args.project)
        except ConfigError as exc:
            raise CliError(str(exc))
        for note in found.notes:
            print("gateway-sim run: %s" % note)
    try:
        return _run_project(args, found.path if found else None)
    finally:
        if found is not None:
            found.close()


def _run_project(args, project_dir):
    from gateway_sim import control
    cfg_path = find_config(args.config, project_dir)
    if project_dir and cfg_path and not args.config and os.path.dirname(cfg_path) != project_dir:
        cfg_path = None  # a config found elsewhere (cwd) is not this project's
    if project_dir is None and cfg_path is None:
        raise CliError("nothing to run: pass a project folder or --config FILE (this repo: "
                       "project/gateway-sim.yaml)")
    config, base = {}, project_dir
    if cfg_path:
        config, base = load_config(cfg_path, True)
    if project_dir:  # PROJECT on the command line wins over the config's project:
        proj = config.get("project")
        proj = dict(proj) if isinstance(proj, dict) else {}
        if "path" not in proj:
            proj.pop("name", None)  # there `name` looked a project up; PROJECT replaces it
        proj["path"] = project_dir
        config["project"] = proj
        section = config.get("gateway")
        if not (isinstance(section, dict) and section.get("version")):
            from gateway_sim.project.locate import detect_version
            version, why = detect_version(project_dir)
            if version == "8.3":  # 8.1 is the default anyway
                section = dict(section) if isinstance(section, dict) else {}
                section["version"] = version
                config["gateway"] = section
                print("gateway-sim run: %s (gateway.version in the config sets it)" % why)
    from gateway_sim.gateway import gateway_settings
    settings = gateway_settings(config, cfg_path or os.path.join(project_dir, "project.json"))
    data_dir = os.path.abspath(args.data_dir) if args.data_dir else settings["dataDir"]
    lock = control.DataDirLock(data_dir)
    try:
        lock.acquire()
    except control.DataDirInUse as exc:
        raise CliError(str(exc), code=EXIT_FAILED)
    try:
        if _interpreter(args, settings, cfg_path) == "jython":
            return _run_on_jython(args, project_dir, config, base, settings, data_dir)
        return _run_here(args, config, base, settings, data_dir)
    finally:
        lock.release()


def _run_here(args, config, base, settings, data_dir):
    from gateway_sim import control, logformat
    from gateway_sim.gateway import Gateway
    from gateway_sim.simulate import simulate
    try:
        level = logformat.setup(args.log_level or settings.get("logLevel"))
    except ValueError as exc:
        raise CliError("%s (--log-level or gateway.logLevel)" % exc)
    gw = Gateway(name=settings["name"], data_dir=data_dir, version=settings["version"],
                 project_name=settings["projectName"], config_dir=base)
    logformat.apply_to_gateway(gw, level)
    from gateway_sim.cli_progress import task
    try:
        rest = dict((k, v) for k, v in config.items() if k not in ("project", "projects"))
        from gateway_sim import tag_memory
        with task("run", "loading datasources and tags") as progress:
            gw.configure(rest, base)
            restored = tag_memory.restore(gw)  # memory tags come back with their last value
            _report_system_database(gw, args.config)
            project = dict((k, v) for k, v in config.items() if k in ("project", "projects"))
            if project:
                progress.update("starting the project")
                gw.configure(project, base)  # the startup script logs at the chosen level
    except BaseException:
        gw.shutdown()
        logformat.remove()
        raise
    with simulate(gw):
        server = control.start_server(gw)
        from gateway_sim import cli_console
        console = cli_console.start_for_run(args, gw, server)  # None without --console
        proj = gw.projects.default if gw.has_backend("projects") else None
        print("gateway %r (Ignition %s) running, log level %s" % (gw.name, gw.version, level))
        if proj is not None:
            timers = sorted(n for (k, n) in proj.events if k == "timer")
            print("  project  %s (%s), timers: %s" % (proj.name, proj.path, ", ".join(timers) or "none"))
        print("  data     %s%s" % (gw.data_dir, "  (%d memory tag value(s) restored)" % restored
                                    if restored else ""))
        print("  control  http://127.0.0.1:%d  (gateway-sim tags ... talks to it)" % server.port)
        print("Ctrl-C to stop.")
        sys.stdout.flush()
        keeper = tag_memory.Keeper(gw).start()
        try:
            control.wait_forever(args.seconds)
        except KeyboardInterrupt:
            print("\nstopping...")
        finally:
            cli_console.stop(console)
            server.stop()
            try:
                keeper.stop()  # saves the memory tag values a last time
            finally:
                gw.shutdown()
                logformat.remove()
    print("gateway stopped.")
    return EXIT_OK


def _report_system_database(gw, cfg_path):
    """One line when the system database is unreachable; the gateway runs on and retries
    (its repeated failures are held back by ``logformat.RepeatFilter``)."""
    import logging
    from gateway_sim.cli_config import check_system_database
    try:
        check_system_database(gw, "run", cfg_path)
    except CliError as exc:
        logging.getLogger("gateway-sim").warning("%s; the gateway keeps running and retries", exc)


def _interpreter(args, settings, cfg_path):
    """``--interpreter``, else the config's ``gateway.interpreter``, else cpython."""
    if getattr(args, "interpreter", None):
        return args.interpreter
    choice = settings.get("interpreter") or "cpython"
    if choice not in ("cpython", "jython"):
        raise CliError("gateway.interpreter in %s is %r; use cpython or jython" % (cfg_path, choice))
    return choice


def _run_on_jython(args, project_dir, config, base, settings, data_dir):
    """The gateway and the project's scripts on Jython 2.7 (the Jython host)."""
    from gateway_sim import cli_console, jython_host
    cli_console.refuse_on_jython(args)
    print("starting the gateway on Jython 2.7 (the JVM takes a few seconds)...")
    sys.stdout.flush()
    try:
        rc = jython_host.run(project_dir, settings["version"], config, base, data_dir, args.seconds,
                             log_level=args.log_level)
    except jython_host.JythonUnavailable as exc:
        raise CliError(str(exc))
    return EXIT_OK if rc in (0, None) else EXIT_FAILED


# --- commands: tags --------------------------------------------------------------------

def _tag_target(args):
    """("live", client) when a gateway from `run` is reachable, else ("offline", gateway)."""
    from gateway_sim import control
    client = control.find_running(args)
    if client is not None:
        return "live", client
    return "offline", control.LocalTags(_offline_tag_gateway(args))


TAG_SECTIONS = ("gateway", "tagProviders", "defaultTagProvider", "opcServers")


def _offline_tag_gateway(args):
    """The configured tags, with the memory values the last `run` kept, in a throw-away
    gateway: reading must not create the data folder or a database (e.g. in a checkout)."""
    from gateway_sim import tag_memory
    from gateway_sim.cli_config import data_dir_for
    from gateway_sim.gateway import Gateway, gateway_settings, load_config_file
    if getattr(args, "db", None):
        raise CliError("no running gateway for %s; `tags` reads a running gateway's tags, or "
                       "the configured ones with --config FILE" % args.db, code=EXIT_FAILED)
    path = find_config(getattr(args, "config", None))
    if path is None:
        raise CliError("no gateway config found; pass --config FILE (this repo: "
                       "project/gateway-sim.yaml) or set $GATEWAY_SIM_CONFIG")
    config = load_config_file(path)
    settings = gateway_settings(config, path)
    config = dict((k, v) for k, v in config.items() if k in TAG_SECTIONS)
    gw = Gateway(name=settings["name"], version=settings["version"],
                 project_name=settings["projectName"], config=config,
                 config_dir=os.path.dirname(path))
    tag_memory.restore(gw, data_dir_for(args))
    return gw


def cmd_tags(args):
    if args.tags_cmd == "write":
        from gateway_sim import control
        client = control.find_running(args)
        if client is None:
            from gateway_sim.cli_config import data_dir_for
            where = data_dir_for(args)
            raise CliError("no running gateway for data folder %s: the write would be lost "
                           "(memory tags live in the running gateway). Start one with "
                           "`gateway-sim run` (same --config), then write again"
                           % (where or "(no config found)"), code=EXIT_FAILED)
        mode, target = "live", client
    else:
        mode, target = _tag_target(args)
    try:
        if mode == "offline":
            print("(no running gateway found: showing the configured tags; start one with "
                  "`gateway-sim run`)", file=sys.stderr)
        if args.tags_cmd == "read":
            rows = target.read(args.paths)
            if args.json:
                print_json(rows)
            else:
                print(table([(r["path"], _show(r["value"]), r["quality"], r["timestamp"])
                             for r in rows], ("path", "value", "quality", "timestamp")))
            return EXIT_OK if all(r["quality"].startswith("Good") for r in rows) else EXIT_FAILED
        if args.tags_cmd == "write":
            value = _parse_value(args.value)
            res = target.write(args.path, value)
            if args.json:
                print_json(dict(res, value=value))
            else:
                print("%s <- %r : %s" % (args.path, value, res["quality"]))
            return EXIT_OK if res["quality"].startswith("Good") else EXIT_FAILED
        rows = target.browse(args.path or "", args.recursive)
        if args.json:
            print_json(rows)
            return EXIT_OK
        print(table([(r["fullPath"], r["tagType"], r.get("dataType") or "", _show(r.get("value", "")))
                     for r in rows], ("path", "type", "dataType", "value")))
        return EXIT_OK
    finally:
        target.close()


def _show(value):
    """Floats with at most 4 decimals (simulated process values carry long tails)."""
    if isinstance(value, float):
        return ("%.4f" % value).rstrip("0").rstrip(".") if value == value else "NaN"
    return value


def _parse_value(text):
    """Command-line values as JSON when they parse (5, 2.5, true, "x"), else text."""
    try:
        return json.loads(text)
    except ValueError:
        return text


# --- commands: workflow client ---------------------------------------------------------

def cmd_client(args):
    from gateway_sim import client
    return client.run_command(args)


# --- parser ------------------------------------------------------------------------------

def _positive(kind, name, zero=False):
    """argparse type: a number > 0 (>= 0 with ``zero``), else a one-line error."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError("%s must be a number, got %r" % (name, text))
        if value < 0 or (value == 0 and not zero):
            raise argparse.ArgumentTypeError("%s must be %s, got %s"
                                             % (name, ">= 0" if zero else "> 0", text))
        return value
    return parse


def _add_target_options(p):
    p.add_argument("--json", action="store_true", help="print JSON (for scripts)")
    g = p.add_argument_group("which gateway")
    g.add_argument("--config", metavar="FILE",
                   help="gateway config file (default: ./gateway-sim.yaml, project/gateway-sim.yaml)")
    g.add_argument("--db", metavar="FILE",
                   help="the gateway's SQLite system database (WorkflowsDB.sqlite) instead of --config")


def build_parser():
    p = argparse.ArgumentParser(
        prog="gateway-sim",
        description="Ignition gateway simulator: run projects offline, drive exchange.workflows, "
                    "export to Ignition.",
        epilog="Start with: gateway-sim demo")
    from gateway_sim import __version__
    p.add_argument("--version", action="version", version="gateway-sim %s" % __version__)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    d = sub.add_parser("demo", help="run the tank batch demo (the main job; about 10 s)",
                       description="Start a simulated gateway on the bundled project with an "
                                   "embedded SQLite database, run a tank batch workflow (setpoint, "
                                   "fill, operator HOLD/RESUME, DB record, HTTP report) and print "
                                   "the run's step table.")
    d.add_argument("--keep", metavar="DIR", help="keep the gateway's data folder here (default: temp)")
    d.add_argument("--setpoint", type=float, default=80.0, help="batch level setpoint in %% (default 80)")
    d.add_argument("--no-hold", action="store_true", help="skip the operator HOLD/RESUME")
    d.add_argument("--quiet", action="store_true", help="only the final table")
    d.add_argument("--json", action="store_true", help="only the run (status, result, steps) as JSON")

    r = sub.add_parser("run", help="keep a gateway running (timers, tag events) until Ctrl-C",
                       description="Load a project and run its gateway events until Ctrl-C. "
                                   "PROJECT is a project folder; its gateway-sim.yaml is used "
                                   "when present.")
    r.add_argument("project", nargs="?", metavar="PROJECT", help="project folder (default: the "
                                                                 "config's project)")
    r.add_argument("--config", metavar="FILE", help="gateway config file")
    r.add_argument("--data-dir", metavar="DIR", help="data folder (default: the config's dataDir)")
    r.add_argument("--seconds", type=float, default=None, help=argparse.SUPPRESS)
    r.add_argument("--log-level", choices=("trace", "debug", "info", "warn", "error"), default=None,
                   type=str.lower, help="print gateway log records at this level and above "
                                        "(default: the config's gateway.logLevel, else info)")

    s = sub.add_parser("start", help="start a workflow run", description="Enqueue a run in the "
                       "system database; a running gateway dispatches it.")
    s.add_argument("workflow", help="registered workflow name (see `gateway-sim list --workflows`)")
    s.add_argument("--inputs", default="{}", help="inputs as JSON (default {})")
    s.add_argument("--queue", default=None, help="queue name (default: default)")
    s.add_argument("--partition", default=None, help="partition key (runs of one key run one at a time)")
    s.add_argument("--priority", type=int, default=0, help="queue priority (default 0)")
    s.add_argument("--timeout", type=_positive(float, "--timeout"), default=None,
                   help="run timeout in seconds")
    s.add_argument("--dedup", default=None, help="deduplication id (one active run per id)")
    s.add_argument("--dedup-policy", choices=("reject", "return_existing"), default=None,
                   help="when a run with the same --dedup id is active: reject (an error) or "
                        "return_existing (print its id); default: the engine's setting")
    _add_target_options(s)

    st = sub.add_parser("status", help="one run's status, state and events (or counts by status)")
    st.add_argument("run_id", nargs="?", help="workflow run id (omit for counts by status)")
    _add_target_options(st)

    ls = sub.add_parser("list", help="list recent runs (or registered workflows)")
    ls.add_argument("--status", type=str.upper, choices=STATUSES, metavar="STATUS",
                    help="only runs with this status: %s" % ", ".join(STATUSES))
    ls.add_argument("--workflow", help="only runs of this workflow")
    ls.add_argument("--since", metavar="WHEN", help="only runs created since WHEN: an age (30m, 2h, "
                                                    "1d) or a local date/time (2026-12-05 14:30)")
    ls.add_argument("--until", metavar="WHEN", help="only runs created before WHEN (same forms)")
    ls.add_argument("--limit", type=_positive(int, "--limit"), default=20,
                    help="at most this many runs (default 20)")
    ls.add_argument("--offset", type=_positive(int, "--offset", zero=True), default=0,
                    help="skip this many runs first (paging; default 0)")
    ls.add_argument("--queue", metavar="NAME", help="only runs of this queue")
    ls.add_argument("--partition", metavar="KEY", help="only runs with this partition key")
    ls.add_argument("--parent", metavar="RUN_ID", help="only the children of this run")
    ls.add_argument("--app-version", dest="app_version", metavar="VERSION",
                    help="only runs of this application version")
    ls.add_argument("--id", metavar="TEXT", help="only runs whose id contains TEXT (any case)")
    ls.add_argument("--count", action="store_true",
                    help="print how many runs match the filters (no limit) instead of listing")
    ls.add_argument("--workflows", action="store_true", help="list registered workflow names")
    _add_target_options(ls)

    sp = sub.add_parser("steps", help="the step table of a run (values, progress, errors)")
    sp.add_argument("run_id", help="workflow run id")
    _add_target_options(sp)

    sn = sub.add_parser("send", help="send an operator command (HOLD, RESUME, STOP, RESET)")
    sn.add_argument("run_id", help="workflow run id")
    sn.add_argument("cmd", type=str.upper, choices=["HOLD", "RESUME", "STOP", "RESET"],
                    metavar="CMD", help="HOLD, RESUME, STOP or RESET")
    sn.add_argument("--reason", default=None, help="why (recorded with the command)")
    _add_target_options(sn)

    c = sub.add_parser("cancel", help="cancel a run")
    c.add_argument("run_id", help="workflow run id")
    c.add_argument("--reason", default="cancelled from gateway-sim", help="why (recorded)")
    _add_target_options(c)

    rs = sub.add_parser("resume", help="resume a cancelled or failed run from its last step")
    rs.add_argument("run_id", help="workflow run id")
    _add_target_options(rs)

    fk = sub.add_parser("fork", help="start a new run with a run's inputs, replaying its first steps",
                        description="New run with the same workflow and inputs; operations "
                                    "before --from-step are replayed from the recorded ones, "
                                    "the rest run again. Prints the new run id.")
    fk.add_argument("run_id", help="the run to fork")
    fk.add_argument("--from-step", type=_positive(int, "--from-step", zero=True), default=0,
                    help="first operation # (see `steps`) to execute again (default 0: all)")
    fk.add_argument("--new-id", default=None, help="id of the new run (default: generated)")
    _add_target_options(fk)

    rz = sub.add_parser("reset", help="delete every run from the system database (asks first)",
                        description="Delete every workflow run and its history from the system "
                                    "database. Asks for confirmation on a terminal; --yes "
                                    "otherwise. Refused while `gateway-sim run` uses the folder.")
    rz.add_argument("--yes", action="store_true", help="do not ask")
    _add_target_options(rz)

    t = sub.add_parser("tags", help="read, write or browse tags",
                       description="Talks to a gateway started with `gateway-sim run` when one is "
                                   "running; otherwise shows the configured tags.")
    tsub = t.add_subparsers(dest="tags_cmd", metavar="ACTION")
    tr = tsub.add_parser("read", help="read tag values")
    tr.add_argument("paths", nargs="+", metavar="PATH", help="e.g. [default]Tank/Level")
    tw = tsub.add_parser("write", help="write one tag")
    tw.add_argument("path", metavar="PATH", help="tag path, e.g. [default]Tank/Level")
    tw.add_argument("value", metavar="VALUE", help="JSON (5, 2.5, true, \"text\") or plain text")
    tb = tsub.add_parser("browse", help="list tags under a folder")
    tb.add_argument("path", nargs="?", metavar="PATH", help="folder (default: provider root)")
    tb.add_argument("-r", "--recursive", action="store_true", help="the whole tree below PATH")
    for tp in (tr, tw, tb):
        _add_target_options(tp)
        tp.add_argument("--data-dir", metavar="DIR", help="the running gateway's data folder "
                                                          "(default: the config's dataDir)")

    from gateway_sim import cli_check
    cli_check.add_parser(sub)
    cli_check.add_interpreter_option(r)
    from gateway_sim import cli_console
    cli_console.add_parser(sub)
    cli_console.add_run_options(r)

    e = sub.add_parser("export", help="export the project for Ignition (folder + zip)",
                       description="Write an Ignition project (folder and deterministic zip): the "
                                   "project folder's resources plus the project library generated "
                                   "from Python packages.")
    e.add_argument("--project", metavar="DIR", help="project folder (default: the bundled project/)")
    e.add_argument("--package", metavar="DIR", action="append",
                   help="Python package to convert to script-python (repeatable; default: exchange/)")
    e.add_argument("--out", metavar="DIR", help="output folder (default: ./dist)")
    e.add_argument("--name", help="project name (default: from the project title)")
    e.add_argument("--no-zip", action="store_true", help="only the folder")
    e.add_argument("--no-folder", action="store_true", help="only the zip")
    e.add_argument("--json", action="store_true", help="print the result as JSON")
    e.add_argument("--ignition", choices=("8.3", "8.1"), default="8.3",
                   help="target Ignition version: 8.1 writes the gateway events into "
                        "ignition/event-scripts/data.bin (default: 8.3, one folder per event)")
    return p


def cmd_console(args):
    from gateway_sim import cli_console
    return cli_console.cmd_console(args, CliError)


def cmd_check(args):
    from gateway_sim import cli_check
    return cli_check.cmd_check(args, CliError)


COMMANDS = {"export": cmd_export, "run": cmd_run, "tags": cmd_tags, "check": cmd_check,
            "start": cmd_client, "status": cmd_client, "list": cmd_client, "steps": cmd_client,
            "send": cmd_client, "cancel": cmd_client, "resume": cmd_client, "fork": cmd_client,
            "reset": cmd_client, "console": cmd_console}


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "tags" and not args.tags_cmd:
        print("gateway-sim tags: error: say what to do: read PATH..., write PATH VALUE or browse "
              "[PATH] (gateway-sim tags --help)", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "demo":
            from gateway_sim import demo
            return demo.run(args)
        return COMMANDS[args.command](args)
    except CliError as exc:
        print("gateway-sim %s: error: %s" % (args.command, exc), file=sys.stderr)
        return exc.code
    except GatewaySimError as exc:
        print("gateway-sim %s: error: %s" % (args.command, exc), file=sys.stderr)
        return EXIT_USAGE
    except NotImplementedInSimulator as exc:  # a BaseException: loud, but one line here
        print("gateway-sim %s: error: %s" % (args.command, exc), file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # anything else (a driver error mid-command...): one line, not a
        if os.environ.get("GATEWAY_SIM_DEBUG"):  # 60-line chained traceback
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        print("gateway-sim %s: error: %s: %s (set GATEWAY_SIM_DEBUG=1 for the traceback)"
              % (args.command, type(exc).__name__, first[:300]), file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
