"""Engine settings: upstream's constants and name resolvers, plus our defaults.

Upstream names (``DBNAME_DEFAULT``, ``QUEUE_DEFAULT``, ``KERNEL_KEY``, statuses ...)
are kept as they are part of the interface. Runtime-tunable values (lease length,
worker counts ...) are only *defaults*: the live values sit in the kernel and are
changed with ``WorkflowsRuntime.configure(...)``, which checks every value with
``validate_settings`` first and applies them all or none.
May import: ``compat``, ``errors`` (both import nothing of the engine).
"""
from __future__ import absolute_import, division, print_function

DBNAME_DEFAULT = "WorkflowsDB"
QUEUE_DEFAULT = "default"
KERNEL_KEY = "exchange.workflows.kernel.v1"
LEGACY_RUNTIME_KEY = "exchange.workflows.runtime.instance.v1"

MAX_CLAIM_DEFAULT = 10
FAST_FLUSH_MAX_ITEMS = 200
FAST_FLUSH_MAX_MS = 25
FAST_QUEUE_MAX_SIZE = 50000
FAST_FLUSH_FAILURE_MAX_RETRIES = 3
FAST_DEAD_LETTER_MAX_SIZE = 1000

STATUS_ENQUEUED = "ENQUEUED"
STATUS_PENDING = "PENDING"
STATUS_RUNNING = "RUNNING"
STATUS_CANCELLED = "CANCELLED"
STATUS_SUCCESS = "SUCCESS"
STATUS_ERROR = "ERROR"
# Dead-letter status: recovered too many times (each recovery = a crash or lost lease).
STATUS_MAX_RECOVERY = "MAX_RECOVERY_ATTEMPTS_EXCEEDED"
WORKFLOW_TERMINAL_STATUSES = (STATUS_CANCELLED, STATUS_SUCCESS, STATUS_ERROR)
ALL_TERMINAL_STATUSES = WORKFLOW_TERMINAL_STATUSES + (STATUS_MAX_RECOVERY,)
ACTIVE_STATUSES = (STATUS_ENQUEUED, STATUS_PENDING, STATUS_RUNNING)
STEP_STATUS_STARTED = "STARTED"

# Defaults of the kernel-held tunables (see WorkflowsRuntime.configure).
DEFAULTS = {
    "workflowWorkers": 4,          # worker threads = global concurrency of this gateway
    "stepWorkers": 8,              # reserved for parallel steps
    "leaseMs": 30000,              # a claim is owned this long without a heartbeat
    "heartbeatMs": 5000,           # lease renewal period (host clock)
    "pollMs": 500,                 # DB poll period for work from other gateways (real time)
    "sweepMs": 1000,               # deadline / lease-expiry sweep period (host clock)
    "maxRecoveryAttempts": 10,     # recoveries before MAX_RECOVERY_ATTEMPTS_EXCEEDED
    "retentionIntervalMs": 3600000,  # scheduled applyRetention period (0 = off)
    "dedupPolicy": "reject",       # or "return_existing"
    "overflowMode": "reject",      # in-memory queue: reject | drop_newest | drop_oldest
    "dbRetries": 7,                # attempts (~5 s of backoff) for engine writes before giving up
    # Largest stored inputs (UTF-8 bytes of their JSON); a bigger start is refused with
    # INPUT_TOO_LARGE. 4 MiB stays well under MariaDB's default max_allowed_packet (16 MiB).
    "maxInputBytes": 4194304,
    # Application version recorded on runs ("" = derived from the registered workflows'
    # sources) and which runs this gateway claims: "same" version, or "any" (versions.py).
    "appVersion": "",
    "versionPolicy": "same",
}

# Kernel-held tunables that are not in DEFAULTS (they live in their own atomics).
KERNEL_TUNABLES = ("inMemoryQueueMaxDepth", "inMemoryQueueAcceptDuringMaintenance",
                   "inMemoryQueueFlushDuringMaintenance")

# name -> (kind, minimum or allowed values, what it means): the rules configure() enforces.
_RULES = {
    "workflowWorkers": ("int", 1, "worker threads of this gateway"),
    "stepWorkers": ("int", 1, "step worker threads"),
    "leaseMs": ("int", 1, "lease length in ms"),
    "heartbeatMs": ("int", 1, "lease renewal period in ms"),
    "pollMs": ("int", 1, "database poll period in ms"),
    "sweepMs": ("int", 1, "sweep period in ms"),
    "maxRecoveryAttempts": ("int", 0, "recoveries allowed per run"),
    "retentionIntervalMs": ("int", 0, "retention period in ms, 0 = off"),
    "dbRetries": ("int", 1, "attempts of an engine write"),
    "maxInputBytes": ("int", 1, "largest stored inputs in bytes"),
    "inMemoryQueueMaxDepth": ("int", 1, "in-memory queue capacity"),
    "appVersion": ("text", 190, "application version of this gateway's runs, '' = derived"),
    "versionPolicy": ("choice", ("same", "any"), "which runs' versions this gateway claims"),
    "dedupPolicy": ("choice", ("reject", "return_existing"), "active deduplication id policy"),
    "overflowMode": ("choice", ("reject", "drop_newest", "drop_oldest"), "in-memory overflow"),
    "inMemoryQueueAcceptDuringMaintenance": ("bool", None, "accept starts in maintenance"),
    "inMemoryQueueFlushDuringMaintenance": ("bool", None, "flush starts in maintenance"),
}
_INT_MAX = 2 ** 31 - 1


def _check_setting(name, value):
    from exchange.workflows import compat
    kind, rule, what = _RULES[name]
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise ValueError("%s must be True or False (%s), got %r" % (name, what, value))
    if kind == "text":
        if isinstance(value, compat.string_types) and len(value) <= rule:
            return compat.to_text(value).strip()
        raise ValueError("%s must be text of at most %d characters (%s), got %r"
                         % (name, rule, what, value))
    if kind == "choice":
        if isinstance(value, compat.string_types) and value in rule:
            return compat.to_text(value)
        raise ValueError("%s must be one of %s (%s), got %r"
                         % (name, ", ".join(repr(c) for c in rule), what, value))
    number = value
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")) \
            and value == int(value):
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, compat.integer_types):
        raise ValueError("%s must be a whole number >= %d (%s), got %r" % (name, rule, what, value))
    if number < rule or number > _INT_MAX:
        raise ValueError("%s must be between %d and %d (%s), got %r"
                         % (name, rule, _INT_MAX, what, value))
    return int(number)


def validate_settings(values):
    """Checked copy of ``values`` for ``configure``; raises ``InvalidArgument`` naming the
    first bad setting (unknown name, wrong type, out of range) and changes nothing."""
    from exchange.workflows.errors import InvalidArgument
    clean = {}
    for name in sorted(values):
        if name not in _RULES:
            raise InvalidArgument("unknown engine setting %r; known settings: %s"
                                  % (name, ", ".join(sorted(_RULES))))
        try:
            clean[name] = _check_setting(name, values[name])
        except ValueError as exc:
            raise InvalidArgument("configure(): %s" % exc)
    return clean

# Where the engine's tables live (persistence/names.py), read when a datasource is
# first used by a gateway: PostgreSQL uses the schema TABLE_SCHEMA (upstream's
# "workflows"), MariaDB/MySQL and SQLite prefix table names with TABLE_PREFIX. ""
# keeps them unqualified in the datasource's default schema (the plant's, usually).
# TABLE_LAYOUTS overrides per datasource, e.g. {"PlantDB": {"schema": "mes_wf"},
# "LocalDB": {"prefix": "exwf_"}}. Tables of the old unqualified layout are moved
# here by the first engine start (migrations).
TABLE_SCHEMA = "workflows"
TABLE_PREFIX = "wf_"
TABLE_LAYOUTS = {}

RETRY_DELAY_CAP_SECONDS = 3600.0
MAILBOX_POLL_SECONDS = 0.05       # real-time re-check period of waits (recv, sleep, result)
LOGGER_ROOT = "exchange"


def getLogPrefix():
    """``exchange.<project lower-cased>.workflows`` (``exchange.workflows`` for a project named workflows)."""
    from exchange.workflows.engine import host
    try:
        name = (host.project_name() or "").strip().lower()
    except Exception:
        name = ""
    if not name or name == "workflows":
        return "exchange.workflows"
    return "exchange.%s.workflows" % name


def getLoggerName(component=None):
    prefix = getLogPrefix()
    comp = (component or "").strip(".")
    return prefix + "." + comp if comp else prefix


def resolveDbName(dbName=None):
    return dbName if dbName else DBNAME_DEFAULT


def resolveQueueName(queueName=None):
    return queueName if queueName else QUEUE_DEFAULT
