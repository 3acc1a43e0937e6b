"""The read side of ``WorkflowsRuntime``: handles, run listings and counts, steps,
events, streams, messages (a mixin; the facade is engine/runtime.py).

Every method reads ``self.dbName`` and delegates to the role module that owns the data.
May import: everything in ``engine`` except ``runtime`` and ``instance``.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows.engine import events, handles, host, mailbox
from exchange.workflows.engine.persistence import runs


class RuntimeQueries(object):
    """Queries of ``WorkflowsRuntime`` (needs ``self.dbName``)."""

    def retrieve(self, workflowId):
        return handles.WorkflowHandle(self, workflowId)

    def runExists(self, workflowId):
        """True if a run with this id exists (one indexed lookup)."""
        return bool(host.db_query("SELECT workflow_id FROM workflow_status WHERE workflow_id = ?",
                                  [workflowId], self.dbName))

    def getStatus(self, workflowId):
        return handles.run_info(runs.get(self.dbName, workflowId))

    def getResult(self, workflowId, timeoutSeconds=None):
        return handles.WorkflowHandle(self, workflowId).getResult(timeoutSeconds)

    def listRuns(self, status=None, workflowName=None, queueName=None, sinceMs=None, untilMs=None,
                 parentWorkflowId=None, limit=100, offset=0, newestFirst=True, withData=False,
                 applicationVersion=None, partitionKey=None, idContains=None):
        """Runs matching every filter given, newest first; ``idContains``: a substring of
        the run id, any case (persistence/runs.py ``run_filters``)."""
        return [handles.run_info(r) for r in runs.list_runs(
            self.dbName, status, workflowName, queueName, sinceMs, untilMs, parentWorkflowId, limit,
            offset, newestFirst, withData, applicationVersion, partitionKey, idContains)]

    def countRuns(self, status=None, workflowName=None, queueName=None, sinceMs=None,
                  untilMs=None, partitionKey=None, idContains=None, parentWorkflowId=None,
                  applicationVersion=None, byStatus=False):
        """Number of runs ``listRuns`` would list under the same filters (without a limit);
        ``byStatus=True``: {status: number} (statuses with no run are absent)."""
        return runs.count_runs(self.dbName, bool(byStatus), status=status,
                               workflowName=workflowName, queueName=queueName, sinceMs=sinceMs,
                               untilMs=untilMs, partitionKey=partitionKey, idContains=idContains,
                               parentWorkflowId=parentWorkflowId,
                               applicationVersion=applicationVersion)

    def listMessages(self, workflowId, topic=None, includeConsumed=True, limit=1000):
        """The run's mailbox, oldest first (engine/mailbox.py ``listMessages``)."""
        return mailbox.listMessages(self, workflowId, topic, includeConsumed, limit)

    def listStreams(self, workflowId):
        """The run's streams: [{"key", "entries", "lastAtMs"}] by key."""
        return events.listStreams(self, workflowId)

    def listRunSteps(self, workflowId):
        return handles.list_run_steps(self, workflowId)

    def countByStatus(self, queueName=None):
        return runs.count_by_status(self.dbName, queueName)

    def getEvent(self, workflowId, key, timeoutSeconds=0):
        return events.getEvent(self, workflowId, key, timeoutSeconds)

    def listEvents(self, workflowId):
        return events.listEvents(self, workflowId)

    def getEventHistory(self, workflowId, key=None):
        return events.getEventHistory(self, workflowId, key)

    def readStream(self, workflowId, key, fromOffset=0, limit=1000):
        return events.readStream(self, workflowId, key, fromOffset, limit)
