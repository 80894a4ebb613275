import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowFailedError, type Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import { templateSyncWorkflow } from '../../workflows/template-sync.workflow';
import type { TemplateSyncInput, TemplateSyncResult } from '../../workflows/template-sync.contract';
import { waitForRun } from '../../temporal/call-deadlines';
import { refusalReason, refusalType } from '../../temporal/workflow-refusal';
import { metaRefusal } from './template-refusal';

/** Template statuses are read from Meta hourly; Meta's webhook brings most changes sooner. */
const SYNC_EVERY = '1 hour';
/** A sync the API waits for: longer than a request's usual Temporal deadline, and no longer. */
const SYNC_TIMEOUT_MS = 5 * 60_000;

/** The template sync workflow: run now from the API, and hourly by a per-agency Temporal Schedule. */
export function templateSync({ temporal, taskQueue }: { temporal: Client; taskQueue: string }) {
  const action = (tenantId: string) => ({ workflowId: workflowIds.templateSync(tenantId), taskQueue, args: [{ tenantId } satisfies TemplateSyncInput] as [TemplateSyncInput] });
  return {
    async ensureSchedule(tenantId: string): Promise<void> {
      try {
        await temporal.schedule.create({
          scheduleId: workflowIds.templateSyncSchedule(tenantId),
          spec: { intervals: [{ every: SYNC_EVERY }] },
          action: { type: 'startWorkflow', workflowType: templateSyncWorkflow, ...action(tenantId) },
          policies: { overlap: ScheduleOverlapPolicy.SKIP },
          searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId] },
        });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      }
    },
    /** Joins a sync already running for the agency instead of starting a second one. */
    async runNow(tenantId: string): Promise<TemplateSyncResult> {
      try {
        return await waitForRun(temporal, SYNC_TIMEOUT_MS, () => temporal.workflow.execute(templateSyncWorkflow, { ...action(tenantId), workflowIdConflictPolicy: 'USE_EXISTING', workflowExecutionTimeout: SYNC_TIMEOUT_MS }));
      } catch (error) {
        if (!(error instanceof WorkflowFailedError)) throw error;
        throw metaRefusal(refusalType(error)?.replace(/^Provider\./, ''), refusalReason(error));
      }
    },
  };
}
