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


class ExecutionStillRunning(WorkflowsError):
    """``resumeWorkflow`` refused: the run's cancelled execution has not stopped yet
    (it stops at its next operation boundary); retry later or wait longer."""
    code = "EXECUTION_STILL_RUNNING"
