import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { CampaignBatchInput, CampaignBatchResult, CampaignPlan } from '../activities/campaign.activities';
import type { QuietHours } from '../domain/quiet-hours';
import { instantOf, localTimeAt } from '../domain/time-zone';
import type { CampaignFunnel } from '../prisma/repositories/campaign-funnel';
import { eventually } from '../testing/eventually';
import { TimeSkippingEnv } from '../testing/time-skipping';
import { campaignProgressQuery, cancelCampaignUpdate, type CampaignProgress } from './campaign.contract';
import { campaignWorkflow } from './campaign.workflow';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TIME_ZONE = 'America/Argentina/Buenos_Aires';
const AUDIENCE = 3;

/** Fake campaign activities: a fixed audience sent in one batch; every call recorded. */
function campaignActivities(plan: Partial<CampaignPlan>) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  let sent = 0;
  const record = (name: string, input: object) => calls.push({ name, input: { ...input } });
  const funnel = (): CampaignFunnel => ({ total: AUDIENCE, pending: AUDIENCE - sent, sent, delivered: 0, read: 0, replied: 0, failed: 0, skipped: 0, failures: [] });
  const activities = {
    async loadCampaignPlan(input: { tenantId: string; campaignId: string }): Promise<CampaignPlan> {
      record('loadPlan', input);
      return { perSecond: 10, maxPerSecond: 20, quietHours: null, timeZone: TIME_ZONE, startAt: null, cancelledBeforeStart: false, ...plan };
    },
    async snapshotCampaignAudience(input: { campaignId: string }) {
      record('snapshot', input);
      return { total: AUDIENCE };
    },
    async setCampaignStatus(input: { status: string }) {
      record('status', input);
    },
    async sendCampaignBatch(input: CampaignBatchInput): Promise<CampaignBatchResult> {
      record('batch', input);
      sent = AUDIENCE;
      return { lastSeq: AUDIENCE, exhausted: true, sent: AUDIENCE, failed: 0, skipped: 0, deferred: 0, retryLater: 0, notBefore: input.notBefore };
    },
    async readCampaignFunnel(): Promise<CampaignFunnel> {
      return funnel();
    },
  };
  return { activities, named: (name: string) => calls.filter((call) => call.name === name) };
}

/** Queries fail until the workflow has set its handlers; the plan is loaded once `ok` holds. */
function progressOf(handle: WorkflowHandle<typeof campaignWorkflow>, ok: (progress: CampaignProgress | undefined) => boolean) {
  return eventually(() => handle.query(campaignProgressQuery).catch(() => undefined), ok) as Promise<CampaignProgress>;
}

/** The instant the zone's clocks show `hour`:`minute`, `days` after the local date of `from`. */
function localInstant(from: number, days: number, hour: number, minute = 0) {
  const today = localTimeAt(from, TIME_ZONE);
  return instantOf({ year: today.year, month: today.month, day: today.day + days, hour, minute }, TIME_ZONE);
}

describe('campaign workflow on Temporal’s clock', () => {
  let env: TimeSkippingEnv;
  beforeAll(async () => {
    env = await TimeSkippingEnv.connect();
  });
  afterAll(() => env.close());

  function startCampaign() {
    return env.client.workflow.start(campaignWorkflow, {
      workflowId: `campaign-${randomUUID()}`,
      taskQueue: env.taskQueue,
      args: [{ tenantId: 'tenant-1', campaignId: `campaign-${randomUUID()}` }],
    });
  }

  it('stays scheduled until its start, then sends the audience and completes', async () => {
    const t0 = Date.now();
    const startAt = t0 + 48 * HOUR;
    const fake = campaignActivities({ startAt });
    await env.withWorker(fake.activities, async () => {
      const handle = await startCampaign();
      await progressOf(handle, (progress) => progress?.startsAt !== undefined);

      expect(await env.skip(handle, 47 * HOUR)).toBe('reached');
      expect(await handle.query(campaignProgressQuery)).toMatchObject({ status: 'SCHEDULED', startsAt: new Date(startAt).toISOString(), sent: 0 });
      expect(fake.named('snapshot')).toHaveLength(0);
      expect(fake.named('batch')).toHaveLength(0);

      await env.skip(handle, 2 * HOUR);
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'COMPLETED', total: AUDIENCE, sent: AUDIENCE, pending: 0 });
      expect(result.startsAt).toBeUndefined();
      expect(fake.named('batch')).toHaveLength(1);
      expect(fake.named('status').map((call) => call.input.status)).toEqual(['RUNNING', 'COMPLETED']);
      const { closeTime } = await handle.describe();
      expect(closeTime!.getTime()).toBeGreaterThanOrEqual(startAt);
    });
  });

  it('holds the sends through quiet hours in the tenant’s time zone, and sends when they end', async () => {
    const quietHours: QuietHours = { start: '22:00', end: '08:00' };
    const t0 = Date.now();
    const startAt = localInstant(t0, 2, 23, 30);
    const quietEnd = localInstant(t0, 3, 8);
    const fake = campaignActivities({ startAt, quietHours });
    await env.withWorker(fake.activities, async () => {
      const handle = await startCampaign();
      await progressOf(handle, (progress) => progress?.startsAt !== undefined);

      expect(await env.skip(handle, startAt - t0 + MINUTE)).toBe('reached');
      const held = await progressOf(handle, (progress) => progress?.quietUntil !== undefined);
      expect(held).toMatchObject({ status: 'RUNNING', total: AUDIENCE, quietUntil: new Date(quietEnd).toISOString() });
      expect(fake.named('batch')).toHaveLength(0);

      expect(await env.skip(handle, quietEnd - startAt - 30 * MINUTE)).toBe('reached');
      expect(fake.named('batch')).toHaveLength(0);
      expect(await handle.query(campaignProgressQuery)).toMatchObject({ status: 'RUNNING', sent: 0, quietUntil: new Date(quietEnd).toISOString() });

      await env.skip(handle, HOUR);
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'COMPLETED', sent: AUDIENCE });
      expect(result.quietUntil).toBeUndefined();
      expect(fake.named('batch')).toHaveLength(1);
      const { closeTime } = await handle.describe();
      expect(closeTime!.getTime()).toBeGreaterThanOrEqual(quietEnd);
    });
  });

  it('ends cancelled, without sending, when cancelled while waiting for its start', async () => {
    const startAt = Date.now() + 24 * HOUR;
    const fake = campaignActivities({ startAt });
    await env.withWorker(fake.activities, async () => {
      const handle = await startCampaign();
      await progressOf(handle, (progress) => progress?.status === 'SCHEDULED' && progress.startsAt !== undefined);
      expect(await env.skip(handle, 6 * HOUR)).toBe('reached');

      const cancelled = await handle.executeUpdate(cancelCampaignUpdate, { args: [{ actorId: 'user-1' }] });
      expect(cancelled.status).toBe('SCHEDULED');
      const result = await handle.result();
      expect(result.status).toBe('CANCELLED');
      expect(fake.named('snapshot')).toHaveLength(0);
      expect(fake.named('batch')).toHaveLength(0);
      expect(fake.named('status').map((call) => call.input.status)).toEqual(['CANCELLED']);
      const { closeTime } = await handle.describe();
      expect(closeTime!.getTime()).toBeLessThan(startAt);
    });
  });
});
