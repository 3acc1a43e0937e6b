"""The bottom layer of ``gateway-sim``: errors, exit codes, finding the config and opening a gateway.

Layers (each imports only the ones below it, never ``gateway_sim.cli``):
``cli`` (argparse, commands) -> ``demo``, ``client``, ``cli_check`` -> ``control``,
``cli_log`` -> ``cli_config`` (this module) -> the simulator core.

The config is ``--config FILE``, else ``$GATEWAY_SIM_CONFIG``, else ``gateway-sim.yaml``
in the current folder or its ``project/``. The data folder is the config's
``gateway.dataDir`` (default ``.gateway`` next to the config): CLI commands never
use a throw-away folder, so a run started by one command is seen by the next.
CPython-side adapter. May import: the standard library and ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import json
import os

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
CONFIG_NAMES = ("gateway-sim.yaml", "gateway-sim.yml", "gateway-sim.json")
CONFIG_ENV = "GATEWAY_SIM_CONFIG"


class CliError(Exception):
    """A user-facing error: ``message`` says what is wrong and what to do."""

    def __init__(self, message, code=EXIT_USAGE):
        Exception.__init__(self, message)
        self.code = code


# --- locating things -------------------------------------------------------------

def repo_root():
    """The folder holding the ``gateway_sim`` package (a source checkout when editable)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bundled_project():
    """The bundled demo project: ``project/`` of a checkout, else the package data copy."""
    candidates = [os.path.join(repo_root(), "project"),
                  os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "project")]
    for path in candidates:
        if os.path.isfile(os.path.join(path, "project.json")):
            return path
    raise CliError("the bundled project was not found (looked in %s); reinstall the package "
                   "(pip install ignition-workflows-sim) or pass a project folder"
                   % " and ".join(candidates))


def bundled_library():
    """The ``exchange`` package folder the demo and export turn into the project library."""
    import exchange
    return os.path.dirname(os.path.abspath(exchange.__file__))


def find_config(explicit=None, project_dir=None):
    """The gateway config file: ``--config``, ``$GATEWAY_SIM_CONFIG``, else one found nearby."""
    if explicit:
        if not os.path.isfile(explicit):
            raise CliError("config file %s not found; pass the gateway config (for this repo: "
                           "project/gateway-sim.yaml)" % explicit)
        return os.path.abspath(explicit)
    env = os.environ.get(CONFIG_ENV)
    if env and not project_dir:
        if not os.path.isfile(env):
            raise CliError("config file %s (from $%s) not found; fix or unset %s"
                           % (env, CONFIG_ENV, CONFIG_ENV))
        return os.path.abspath(env)
    candidates = []
    for d in [project_dir, os.getcwd(), os.path.join(os.getcwd(), "project")]:
        if d:
            candidates.extend(os.path.join(d, n) for n in CONFIG_NAMES)
    for c in candidates:
        if os.path.isfile(c):
            return os.path.abspath(c)
    return None


def load_config(path, start_project):
    """Config dict + base folder; the project is loaded without events for clients."""
    from gateway_sim.gateway import load_config_file
    config = load_config_file(path)
    if not start_project and config.get("project") is not None:
        proj = config["project"]
        proj = dict(proj) if isinstance(proj, dict) else {"path": proj}
        proj["start"] = False
        config["project"] = proj
    return config, os.path.dirname(path)


def data_dir_for(args):
    """The data folder the command's ``--data-dir`` / ``--db`` / config names (or None)."""
    if getattr(args, "data_dir", None):
        return os.path.abspath(args.data_dir)
    db = getattr(args, "db", None)
    if db:
        return os.path.dirname(os.path.dirname(os.path.abspath(db)))
    path = find_config(getattr(args, "config", None))
    if path is None:
        return None
    from gateway_sim.gateway import gateway_settings, load_config_file
    return gateway_settings(load_config_file(path), path)["dataDir"]


def open_gateway(args, start_project=False, clock=None, data_dir=None):
    """A gateway from ``--db FILE`` (SQLite system database) or ``--config FILE``."""
    from gateway_sim.gateway import DEFAULT_VERSION, Gateway, gateway_settings
    db = getattr(args, "db", None)
    if db:
        if not os.path.isfile(db):
            raise CliError("database file %s not found; pass the SQLite file of a gateway "
                           "(default: <dataDir>/db/WorkflowsDB.sqlite)" % db)
        cfg = {"datasources": {"WorkflowsDB": {"type": "sqlite", "path": os.path.abspath(db)}},
               "defaultDatasource": "WorkflowsDB"}
        return Gateway(name="gateway-sim-client-%d" % os.getpid(),
                       data_dir=data_dir or os.path.dirname(os.path.dirname(os.path.abspath(db))),
                       clock=clock, version=DEFAULT_VERSION, config=cfg)
    path = find_config(getattr(args, "config", None))
    if path is None:
        raise CliError("no gateway config found; pass --config FILE (this repo: "
                       "project/gateway-sim.yaml), set $%s, or pass --db FILE (a gateway's "
                       "WorkflowsDB.sqlite)" % CONFIG_ENV)
    config, base = load_config(path, start_project)
    settings = gateway_settings(config, path)
    name = settings["name"]
    if not start_project:
        # a client is another node: never mistaken for the running gateway (engine recovery
        # and leases are per node name)
        name = "%s-client-%d" % (name, os.getpid())
    return Gateway(name=name, data_dir=data_dir or settings["dataDir"], clock=clock,
                   project_name=settings["projectName"], version=settings["version"],
                   config=config, config_dir=base)


# --- output helpers -----------------------------------------------------------------

def table(rows, headers):
    """Plain text table (list of tuples)."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(headers))]
    lines = []
    for n, c in enumerate(cells):
        lines.append("  ".join(v.ljust(widths[i]) for i, v in enumerate(c)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_json(obj):
    print(json.dumps(obj, indent=2, sort_keys=True, default=str))


# --- the system database --------------------------------------------------------------

READ_ONLY_COMMANDS = ("status", "list", "steps", "send", "cancel", "resume", "fork")


def _cause(text):
    """(cause, config keys to fix) from a driver's connection error text."""
    low = text.lower()
    if "connection refused" in low or "can't connect" in low or "could not connect" in low:
        return "connection refused (is the server running on that host and port?)", "host/port"
    if "timeout" in low or "timed out" in low:
        return "connection timed out", "host/port"
    if "does not exist" in low and "database" in low or "unknown database" in low:
        return "the database does not exist (create it, or name an existing one)", "database"
    if "role" in low and "does not exist" in low or "access denied" in low or \
            "authentication failed" in low or "password" in low:
        return "login refused (user or password)", "user/password"
    if "name or service not known" in low or "nodename nor servname" in low or \
            "could not translate host name" in low:
        return "unknown host name", "host"
    first = text.strip().splitlines()[0] if text.strip() else type(text).__name__
    return first[:160], "datasource settings"


def expected_sqlite_file(args):
    """The SQLite file a client command would open (None: not SQLite, in memory, or no config).

    Computed from the config before any gateway exists, because opening a SQLite
    datasource creates its file: a read must not leave an empty database behind (e.g.
    ``.gateway/`` inside a checkout after a mistyped command).
    """
    if getattr(args, "db", None):
        return None  # --db is checked to exist by open_gateway
    path = find_config(getattr(args, "config", None))
    if path is None:
        return None
    from gateway_sim.gateway import gateway_settings, load_config_file
    config = load_config_file(path)
    settings = gateway_settings(config, path)
    name = config.get("defaultDatasource") or "WorkflowsDB"
    ds = (config.get("datasources") or {}).get(name)
    ds = ds if isinstance(ds, dict) else {"type": "sqlite"}
    if str(ds.get("type", "sqlite")).lower() != "sqlite" or ds.get("path") == ":memory:":
        return None
    db = ds.get("path") or os.path.join(settings["dataDir"], "db", name + ".sqlite")
    return os.path.normpath(os.path.join(os.path.dirname(path), db))


def check_sqlite_exists(args):
    """For read-only commands: a one-line error when the system database file is absent."""
    if args.command not in READ_ONLY_COMMANDS or getattr(args, "workflows", False):
        return
    db = expected_sqlite_file(args)
    if db and not os.path.isfile(db):
        raise CliError("no system database at %s: nothing has run with this config / data folder "
                       "yet; start a gateway with `gateway-sim run` (or a run with `gateway-sim "
                       "start`), or pass the right --config / --db" % db, code=EXIT_FAILED)


def check_system_database(gw, command, config_path=None):
    """Raise a one-line ``CliError`` when the gateway's default server datasource cannot be
    reached: names the datasource, host:port, the cause and the config key to fix."""
    dbs = gw.databases
    name = dbs.default_name
    if not name:
        return
    try:
        ds = dbs.datasource(name)
    except KeyError:
        return
    where = " in %s" % config_path if config_path else ""
    if ds.type == "sqlite":
        return
    params = getattr(ds.driver, "params", {}) or {}
    try:
        conn = ds.acquire()
    except Exception as exc:  # driver errors (psycopg / pymysql OperationalError...)
        cause, keys = _cause(str(exc))
        raise CliError("datasource %s (%s %s:%s, database %s) unreachable: %s; fix "
                       "datasources.%s.%s%s" % (name, ds.type, params.get("host"), params.get("port"),
                                                params.get("database"), cause, name, keys, where),
                       code=EXIT_FAILED)
    ds.release(conn)
