"""Exceptions of the engine, each carrying a clear message and, where useful, a code.

``Cancelled`` and ``WorkflowNotFound`` keep upstream's names (they are re-exported
by ``engine.runtime``). May import: the standard library only.
"""
from __future__ import absolute_import, division, print_function


class WorkflowsError(Exception):
    """Base class of engine errors; ``code`` is a stable machine-readable name."""
    code = "WORKFLOWS_ERROR"


class Cancelled(WorkflowsError):
    """The run was cancelled (or its deadline passed); raised at operation boundaries."""
    code = "CANCELLED"

    def __init__(self, message="workflow cancelled", reason_type="cancelled"):
        WorkflowsError.__init__(self, message)
        self.reason_type = reason_type


class WorkflowNotFound(WorkflowsError):
    code = "WORKFLOW_NOT_REGISTERED"


class MaintenanceActive(WorkflowsError):
    code = "MAINTENANCE_ACTIVE"


class NotInWorkflow(WorkflowsError):
    code = "NOT_IN_WORKFLOW"


class SerializationError(WorkflowsError, ValueError):
    code = "NOT_SERIALIZABLE"


class NonDeterminismError(WorkflowsError):
    """Replay met a recorded operation that differs from the one now called."""
    code = "NON_DETERMINISM"


class ReplayedStepError(WorkflowsError):
    """A step that failed before is replayed: its recorded error is raised again."""
    code = "REPLAYED_STEP_ERROR"


class DuplicateWorkflow(WorkflowsError):
    """A deduplication id is already active (policy ``reject``)."""
    code = "DUPLICATE_WORKFLOW"

    def __init__(self, message, existing_id=None):
        WorkflowsError.__init__(self, message)
        self.existing_id = existing_id


class WorkflowFailed(WorkflowsError):
    """``getResult`` of a run that ended in ERROR (or another non-success status)."""
    code = "WORKFLOW_FAILED"

    def __init__(self, message, status=None, error=None):
        WorkflowsError.__init__(self, message)
        self.status = status
        self.error = error


class ResultTimeout(WorkflowsError):
    code = "RESULT_TIMEOUT"


class LeaseLost(WorkflowsError):
    """This executor no longer owns the run (its lease expired and it was recovered)."""
    code = "LEASE_LOST"


class PersistenceError(WorkflowsError):
    """The database refused a lifecycle write even after retries."""
    code = "PERSISTENCE_ERROR"


class InvalidArgument(WorkflowsError, ValueError):
    code = "INVALID_ARGUMENTS"


class InvalidInputs(InvalidArgument):
    """The inputs do not fit the workflow's signature (``parameter`` names the culprit)."""
    code = "INVALID_INPUTS"

    def __init__(self, message, parameter=None):
        InvalidArgument.__init__(self, message)
        self.parameter = parameter


class InputTooLarge(InvalidArgument):
    """The inputs' JSON is over ``maxInputBytes``."""
    code = "INPUT_TOO_LARGE"

    def __init__(self, message, size=None, limit=None):
        InvalidArgument.__init__(self, message)
        self.size = size
        self.limit = limit


class WorkflowConflict(WorkflowsError):
    """A start named an existing ``workflowId`` with another workflow or other inputs
    (DBOS: "conflicting workflow")."""
    code = "WORKFLOW_CONFLICT"

    def __init__(self, message, existing_id=None, existing_name=None):
        WorkflowsError.__init__(self, message)
        self.existing_id = existing_id
        self.existing_name = existing_name


class RunNotFound(WorkflowsError):
    """No run row has this workflow id."""
    code = "WORKFLOW_NOT_FOUND"


# Longest exception text echoed into an envelope, a log line or a stored error: a DB
# error's text can carry every bound parameter (a 10 MB input made a 63 MB envelope).
ECHO_MAX = 2000


def clip(text, limit=ECHO_MAX):
    """``text`` cut to about ``limit`` characters: head and tail kept (a DB error's cause
    is at its end), the middle replaced by a marker saying how much was left out."""
    if text is None or len(text) <= limit:
        return text
    keep = max(20, limit // 2 - 40)
    return "%s ...[%d characters left out]... %s" % (text[:keep], len(text) - 2 * keep,
                                                     text[-keep:])


class ExecutionStillRunning(WorkflowsError):
    """``resumeWorkflow`` refused: the run's cancelled execution has not stopped yet
    (it stops at its next operation boundary); retry later or wait longer."""
    code = "EXECUTION_STILL_RUNNING"
