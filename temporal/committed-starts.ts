import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import type { SignalDefinition, Workflow } from '@temporalio/common';
import type { RecurringSchedule } from '../domain/campaign';
import type { Logger } from '../domain/logger';
import { sqlOf, type Database, type SqlQuery, type TenantTx } from '../prisma/client';
import { campaignSchedules } from './campaign-schedules';
import { startOnce } from './start-once';

/** The outbox kind of a recorded start; the relay hands such rows to `startCommitted`. */
export const COMMITTED_START_KIND = 'workflow.start';
/** How long a recorded start waits by default for its writer before the relay starts it instead. */
export const RECONCILE_AFTER_MS = 30_000;

/**
 * A workflow to start (or signal, starting it if needed) once the change that implies it has
 * committed. Its id is deterministic, so a second start finds the first; a signal-with-start only
 * tells the workflow to look again.
 */
export interface WorkflowStart {
  workflowType: string;
  workflowId: string;
  args: unknown[];
  signal?: { name: string; args: unknown[] };
  searchAttributes?: Record<string, string[]>;
}

/** A recurring campaign's Temporal Schedule, created once. */
export interface CampaignScheduleStart {
  campaignSchedule: { tenantId: string; campaignId: string; schedule: RecurringSchedule; timeZone: string };
}

export type CommittedStart = WorkflowStart | CampaignScheduleStart;

/** A start of `workflow` with its arguments typed; kept by name, as the relay reads it back from the outbox. */
export function workflowStart<W extends Workflow, S extends unknown[] = []>(
  workflow: W,
  options: { workflowId: string; args: Parameters<W>; signal?: { definition: SignalDefinition<S>; args: S }; searchAttributes?: Record<string, string[]> },
): WorkflowStart {
  const { signal, ...rest } = options;
  return { workflowType: workflow.name, ...rest, ...(signal ? { signal: { name: signal.definition.name, args: signal.args } } : {}) };
}

export interface RecordedStart {
  tenantId: string;
  outboxId: bigint;
  start: CommittedStart;
}

/**
 * Starts or signals the workflow; one already running under its id counts as started. The relay
 * passes REJECT_DUPLICATE: its row may outlive a start that went through and a run that ended.
 */
export async function startCommitted(temporal: Client, taskQueue: string, start: CommittedStart, reuse: 'ALLOW_DUPLICATE' | 'REJECT_DUPLICATE'): Promise<void> {
  if ('campaignSchedule' in start) {
    const { tenantId, campaignId, schedule, timeZone } = start.campaignSchedule;
    try {
      await campaignSchedules({ temporal, taskQueue }).create(tenantId, campaignId, schedule, timeZone);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
    return;
  }
  const common = { workflowId: start.workflowId, taskQueue, args: start.args, ...(start.searchAttributes ? { searchAttributes: start.searchAttributes } : {}) };
  if (start.signal) {
    await temporal.workflow.signalWithStart(start.workflowType, { ...common, signal: start.signal.name, signalArgs: start.signal.args });
    return;
  }
  await startOnce(temporal, start.workflowType, { ...common, workflowIdReusePolicy: reuse });
}

/**
 * The one way Astor writes to PostgreSQL and then starts a workflow: `record` puts the start in the
 * outbox inside the writer's transaction; after the commit `dispatch` starts it at once and clears
 * the row. If the process dies in between, or Temporal cannot take the start, the outbox relay
 * starts it after RECONCILE_AFTER_MS, so nothing committed is left without its workflow.
 */
export function committedStarts({ db, temporal, taskQueue, logger, reconcileAfterMs = RECONCILE_AFTER_MS }: { db: Database; temporal: Client; taskQueue: string; logger: Logger; reconcileAfterMs?: number }) {
  /** As record, in a transaction of pg's (Database.sqlInTenant) rather than Prisma's. */
  const recordSql = async (query: SqlQuery, tenantId: string, start: CommittedStart): Promise<RecordedStart> => {
    const [row] = await query<{ id: bigint | string }>(
      `INSERT INTO "Outbox" ("tenantId", kind, "taskQueue", payload, "availableAt")
       VALUES ($1::uuid, $2, $3, $4::jsonb, LOCALTIMESTAMP + $5::int * interval '1 millisecond')
       RETURNING id`,
      [tenantId, COMMITTED_START_KIND, taskQueue, JSON.stringify(start), reconcileAfterMs],
    );
    return { tenantId, outboxId: BigInt(row!.id), start };
  };
  return {
    record: (tx: TenantTx, tenantId: string, start: CommittedStart) => recordSql(sqlOf(tx), tenantId, start),
    recordSql,

    /** Answers false when Temporal did not take the start now: the relay takes it over. */
    async dispatch(recorded: RecordedStart | undefined): Promise<boolean> {
      if (!recorded) return true;
      try {
        await startCommitted(temporal, taskQueue, recorded.start, 'ALLOW_DUPLICATE');
      } catch (error) {
        logger.warn('workflow start left to the outbox relay', { error: error instanceof Error ? error.message : String(error) });
        return false;
      }
      await db.inTenant(recorded.tenantId, (tx) => tx.outbox.deleteMany({ where: { id: recorded.outboxId } })).catch((error: unknown) => {
        logger.warn('a started workflow’s outbox row stays; the relay will find it started', { error: error instanceof Error ? error.message : String(error) });
      });
      return true;
    },
  };
}

export type CommittedStarts = ReturnType<typeof committedStarts>;
