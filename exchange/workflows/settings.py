"""Engine settings: upstream's constants and name resolvers, plus our defaults.

Upstream names (``DBNAME_DEFAULT``, ``QUEUE_DEFAULT``, ``KERNEL_KEY``, statuses ...)
are kept as they are part of the interface. Runtime-tunable values (lease length,
worker counts ...) are only *defaults*: the live values sit in the kernel and are
changed with ``WorkflowsRuntime.configure(...)``. May import: ``compat`` only.
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
}

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
