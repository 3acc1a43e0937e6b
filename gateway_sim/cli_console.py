"""``gateway-sim run --console`` and ``gateway-sim console``: the operator console commands.

``run --console [--port N] [--bind ADDR] [--allow-remote]`` serves the console from the
running gateway's process (``InProcessSource``). ``console [--config FILE | --db FILE]``
attaches to a gateway running in another shell: same system database, tags through its
control endpoint (``AttachedSource``). Both print the URL and the sign-in link carrying the
token (kept in ``<dataDir>/gateway-sim.console-token``). Binding to anything but loopback
needs ``--allow-remote``. May import: anything (CLI adapter, CPython only).
"""
from __future__ import absolute_import, division, print_function

import argparse
import sys

DEFAULT_PORT = 8088
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _add_server_options(p, with_flag):
    g = p.add_argument_group("operator console")
    if with_flag:
        g.add_argument("--console", action="store_true",
                       help="also serve the operator console (web page; default "
                            "http://127.0.0.1:%d/)" % DEFAULT_PORT)
    g.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                   help="console port (default %d; 0 = any free port)" % DEFAULT_PORT)
    g.add_argument("--bind", default="127.0.0.1", metavar="ADDR",
                   help="console address (default 127.0.0.1; another needs --allow-remote)")
    g.add_argument("--allow-remote", action="store_true",
                   help="allow --bind to a non-loopback address (anyone who reaches it can read "
                        "the pages; actions still need the token)")


def add_run_options(run_parser):
    _add_server_options(run_parser, True)
    return run_parser


def add_parser(sub):
    c = sub.add_parser(
        "console", help="serve the operator console for a gateway running in another shell",
        description="Attach to the gateway of --config / --db (started with `gateway-sim run`): "
                    "runs, steps, commands, queues and tags in a web page. Read-only pages need "
                    "nothing; actions need the token printed here.")
    c.add_argument("--config", metavar="FILE", help="gateway config file (default: "
                   "./gateway-sim.yaml, project/gateway-sim.yaml)")
    c.add_argument("--db", metavar="FILE", help="the gateway's SQLite system database instead "
                                                "of --config")
    c.add_argument("--seconds", type=float, default=None, help=argparse.SUPPRESS)
    _add_server_options(c, False)
    return c


def _validate(args, cli_error):
    if not 0 <= args.port <= 65535:
        raise cli_error("--port %d is not a port; use 1-65535 (or 0 for any free port)" % args.port)


def _announce(server, where):
    from gateway_sim.console import security
    print("  console  %s  (%s)" % (server.url, where))
    print("           sign in for actions: %s" % server.login_url)
    print("           token kept in %s/%s" % (server.source.data_dir, security.TOKEN_FILE))
    sys.stdout.flush()


def start_for_run(args, gw, control_server=None):
    """The console of ``gateway-sim run --console`` (None without ``--console``).

    When it cannot start, the control endpoint and the gateway are stopped before the
    error is raised (the caller's cleanup has not begun yet)."""
    if not getattr(args, "console", False):
        return None
    from gateway_sim.cli_config import CliError
    from gateway_sim.console import start_console
    from gateway_sim.console.server import ConsoleError
    from gateway_sim.console.source import InProcessSource
    try:
        _validate(args, CliError)
        server = start_console(InProcessSource(gw), args.bind, args.port, args.allow_remote)
    except (ConsoleError, CliError) as exc:
        if control_server is not None:
            control_server.stop()
        gw.shutdown()
        raise CliError(str(exc))
    _announce(server, "read-only without the token")
    return server


def refuse_on_jython(args):
    """``run --console`` with the Jython host: not served yet (the gateway lives in the JVM)."""
    if getattr(args, "console", False):
        from gateway_sim.cli_config import CliError
        raise CliError("--console is not available with --interpreter jython yet (the gateway runs "
                       "inside the JVM); run the gateway on CPython for the console, or drop "
                       "--console", code=EXIT_USAGE)


def stop(server):
    if server is not None:
        server.stop()


def cmd_console(args, cli_error):
    from gateway_sim import control
    from gateway_sim.cli_config import open_gateway
    from gateway_sim.console import start_console
    from gateway_sim.console.server import ConsoleError
    from gateway_sim.console.source import AttachedSource
    _validate(args, cli_error)
    tags = control.find_running(args)
    gw = open_gateway(args, start_project=False)
    source = AttachedSource(gw, tags)
    try:
        try:
            server = start_console(source, args.bind, args.port, args.allow_remote)
        except ConsoleError as exc:
            raise cli_error(str(exc))
        print("operator console attached to %s" % gw.data_dir)
        if tags is None:
            print("  (no running gateway found for this data folder: tags show the configured "
                  "values; start one with `gateway-sim run` for live tags)")
        _announce(server, "read-only without the token")
        print("Ctrl-C to stop.")
        sys.stdout.flush()
        try:
            control.wait_forever(args.seconds)
        except KeyboardInterrupt:
            print("\nstopping...")
        finally:
            server.stop()
    finally:
        source.close()
    return EXIT_OK
