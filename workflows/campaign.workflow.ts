import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CampaignActivities, CampaignBatchResult } from '../activities/campaign.activities';
import { quietUntil } from '../domain/quiet-hours';
import {
  campaignProgressQuery,
  cancelCampaignUpdate,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  setCampaignThrottleUpdate,
  type CampaignCarry,
  type CampaignCommand,
  type CampaignProgress,
  type CampaignRunStatus,
  type CampaignWorkflowInput,
} from './campaign.contract';
import { durable } from './retry-policies';

const campaign = proxyActivities<CampaignActivities>({ startToCloseTimeout: '2 minutes', retry: durable });
// Heartbeats after every send: a killed worker's batch is retried within seconds, and settles what it had sent.
const { sendCampaignBatch } = proxyActivities<CampaignActivities>({ startToCloseTimeout: '5 minutes', heartbeatTimeout: '5 seconds', retry: durable });

/** Between passes over recipients whose outcome is still unknown. */
const SWEEP_WAIT_MS = 5_000;
const FUNNEL_REFRESH_MS = 5_000;
const DEFAULT_HISTORY_LIMIT = 5_000;
/** Since batches send for many seconds: a cancel is stored first, so that the batch in flight stops at once. */
const CANCEL_STOPS_BATCH = 'cancel-stops-batch';

/**
 * Up to thirty seconds of sends per batch (the batch itself stops claiming after that long): the number
 * idles between batches, and the pacer never makes up for lost time. A pause still takes effect within a
 * tenth of a second and a new rate within two, since a batch watches the campaign while it sends.
 */
export const batchSizeFor = (perSecond: number) => Math.min(10_000, Math.max(1, perSecond * 30));

function initialProgress(): CampaignProgress {
  return { status: 'SCHEDULED', perSecond: 0, total: 0, pending: 0, sent: 0, delivered: 0, read: 0, replied: 0, failed: 0, declined: 0, skipped: 0, failures: [] };
}

function apply(progress: CampaignProgress, batch: CampaignBatchResult): void {
  progress.sent += batch.sent;
  progress.failed += batch.failed;
  progress.skipped += batch.skipped;
  progress.pending = Math.max(0, progress.pending - batch.sent - batch.failed - batch.skipped);
}

/**
 * One campaign: waits for its start, freezes the audience, then sends in small paced batches,
 * each recipient at most once (the batch activity claims before it sends). Pause, resume, cancel
 * and throttle changes arrive as updates; passes repeat until every recipient is settled.
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignProgress> {
  const { tenantId, campaignId } = input;
  // Handlers are set before the first activity, so queries and commands work from the first moment.
  const carry: CampaignCarry = input.carry ?? { progress: initialProgress(), afterSeq: 0, notBefore: 0, passOutstanding: 0 };
  const progress = carry.progress;
  let maxPerSecond = Infinity;
  let batchInFlight = false;
  let cancelRequested = false;

  const sendsStopped = () => condition(() => !batchInFlight);
  const mustBe = (allowed: CampaignRunStatus[], action: string) => (_command?: CampaignCommand) => {
    if (cancelRequested || !allowed.includes(progress.status)) throw new Error(`A ${progress.status.toLowerCase()} campaign cannot be ${action}`);
  };
  const persist = (status: CampaignRunStatus, extra: { reason?: string; perSecond?: number; capacityUntil?: string | null; cancelRequested?: true } = {}) => campaign.setCampaignStatus({ tenantId, campaignId, status, ...extra });

  setHandler(campaignProgressQuery, () => ({ ...progress }));
  setHandler(
    pauseCampaignUpdate,
    async (_command) => {
      progress.status = 'PAUSED';
      // Stored first: the batch in flight sees it and stops sending before its end.
      await persist('PAUSED');
      await sendsStopped();
      return { ...progress };
    },
    { validator: mustBe(['RUNNING'], 'paused') },
  );
  setHandler(
    resumeCampaignUpdate,
    async (_command) => {
      progress.status = 'RUNNING';
      delete progress.statusReason;
      await persist('RUNNING');
      return { ...progress };
    },
    { validator: mustBe(['PAUSED'], 'resumed') },
  );
  setHandler(
    cancelCampaignUpdate,
    async (_command) => {
      cancelRequested = true;
      if (batchInFlight && patched(CANCEL_STOPS_BATCH)) await persist(progress.status, { cancelRequested: true });
      await sendsStopped();
      return { ...progress };
    },
    { validator: mustBe(['SCHEDULED', 'RUNNING', 'PAUSED'], 'cancelled') },
  );
  setHandler(
    setCampaignThrottleUpdate,
    async ({ perSecond }) => {
      progress.perSecond = perSecond;
      await persist(progress.status, { perSecond });
      return { ...progress };
    },
    {
      validator: ({ perSecond }) => {
        mustBe(['SCHEDULED', 'RUNNING', 'PAUSED'], 'changed')();
        if (!Number.isInteger(perSecond) || perSecond < 1 || perSecond > maxPerSecond) throw new Error(`The sending number allows 1 to ${maxPerSecond} messages per second`);
      },
    },
  );

  /** Recipients the messaging limit held back wait for it to free up (a pause or cancel ends the wait); others a few seconds. */
  const untilNextPass = async (capacityAt: number | undefined) => {
    if (capacityAt === undefined || capacityAt - Date.now() <= SWEEP_WAIT_MS) {
      await condition(() => cancelRequested, SWEEP_WAIT_MS);
      return;
    }
    progress.capacityUntil = new Date(capacityAt).toISOString();
    await persist(progress.status, { capacityUntil: progress.capacityUntil });
    await condition(() => cancelRequested || progress.status !== 'RUNNING', capacityAt - Date.now());
    delete progress.capacityUntil;
    await persist(progress.status, { capacityUntil: null });
  };

  const plan = await campaign.loadCampaignPlan({ tenantId, campaignId });
  maxPerSecond = plan.maxPerSecond;
  if (plan.cancelledBeforeStart) cancelRequested = true;
  if (!input.carry) {
    progress.perSecond = Math.min(progress.perSecond || plan.perSecond, plan.maxPerSecond);
    if (plan.startAt !== null && plan.startAt > Date.now()) {
      Object.assign(progress, { status: 'SCHEDULED', startsAt: new Date(plan.startAt).toISOString() });
      await condition(() => cancelRequested, plan.startAt - Date.now());
      delete progress.startsAt;
    }
    if (!cancelRequested) {
      const { total } = await campaign.snapshotCampaignAudience({ tenantId, campaignId });
      Object.assign(progress, { total, pending: total, status: 'RUNNING' });
      await persist('RUNNING');
    }
  }

  let lastRefresh = Date.now();
  while (!cancelRequested && progress.status !== 'FAILED') {
    await condition(() => progress.status === 'RUNNING' || cancelRequested);
    if (cancelRequested) break;
    const quietEnd = plan.quietHours ? quietUntil(Date.now(), plan.quietHours, plan.timeZone) : undefined;
    if (quietEnd !== undefined) {
      progress.quietUntil = new Date(quietEnd).toISOString();
      await condition(() => cancelRequested || progress.status !== 'RUNNING', quietEnd - Date.now());
      delete progress.quietUntil;
      continue;
    }
    let batch: CampaignBatchResult;
    batchInFlight = true;
    try {
      batch = await sendCampaignBatch({ tenantId, campaignId, afterSeq: carry.afterSeq, limit: batchSizeFor(progress.perSecond), perSecond: progress.perSecond, notBefore: carry.notBefore });
    } finally {
      batchInFlight = false;
    }
    apply(progress, batch);
    Object.assign(carry, { afterSeq: batch.lastSeq, notBefore: batch.notBefore, passOutstanding: carry.passOutstanding + batch.deferred + batch.retryLater });
    if (batch.capacityAt !== undefined) carry.capacityAt = Math.min(carry.capacityAt ?? Infinity, batch.capacityAt);
    if (batch.fatal) {
      Object.assign(progress, { status: 'FAILED', statusReason: batch.fatal });
      break;
    }
    if (batch.pause !== undefined) {
      Object.assign(progress, { status: 'PAUSED', statusReason: batch.pause });
      await persist('PAUSED', { reason: batch.pause });
      continue;
    }
    if (batch.slowDown && progress.perSecond > 1) {
      progress.perSecond = Math.max(1, Math.floor(progress.perSecond / 2));
      await persist(progress.status, { perSecond: progress.perSecond });
    }
    if (batch.exhausted) {
      if (carry.passOutstanding === 0) break;
      const { capacityAt } = carry;
      Object.assign(carry, { afterSeq: 0, passOutstanding: 0, capacityAt: undefined });
      await untilNextPass(capacityAt);
    }
    if (Date.now() - lastRefresh >= FUNNEL_REFRESH_MS) {
      Object.assign(progress, await campaign.readCampaignFunnel({ tenantId, campaignId }));
      lastRefresh = Date.now();
    }
    if (workflowInfo().historyLength > (input.historyLimit ?? DEFAULT_HISTORY_LIMIT)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof campaignWorkflow>({ ...input, carry });
    }
  }

  await condition(allHandlersFinished);
  const status: CampaignRunStatus = cancelRequested ? 'CANCELLED' : progress.status === 'FAILED' ? 'FAILED' : 'COMPLETED';
  await persist(status, progress.statusReason ? { reason: progress.statusReason } : {});
  Object.assign(progress, await campaign.readCampaignFunnel({ tenantId, campaignId }), { status });
  return progress;
}
