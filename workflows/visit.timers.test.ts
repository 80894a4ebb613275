import { randomUUID } from 'node:crypto';
import type { SendMessageResult } from '../activities/messaging.activities';
import type { VisitMessagePlan, VisitPlan } from '../activities/visit.activities';
import type { VisitStep, VisitTiming } from '../domain/visit-steps';
import type { VisitStatus } from '../prisma/generated/client';
import { eventually } from '../testing/eventually';
import { TimeSkippingEnv } from '../testing/time-skipping';
import { visitChangedSignal } from './visit.contract';
import { visitWorkflow } from './visit.workflow';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The agency's defaults: reminder a day before, follow-up two hours after. */
const TIMING: VisitTiming = { confirmation: true, reminderHoursBefore: 24, followUpHoursAfter: 2 };

/** A visit the test can move or cancel; the sends the workflow made, by step and the schedule they were for. */
function visitActivities(scheduledAt: number) {
  const visit: { status: VisitStatus; scheduledAt: number } = { status: 'SCHEDULED', scheduledAt };
  const sends: { step: VisitStep; scheduledAt: number }[] = [];
  const activities = {
    async loadVisitPlan(): Promise<VisitPlan> {
      return { ...visit, timing: TIMING };
    },
    async planVisitMessage(input: { visitId: string; step: VisitStep; scheduledAt: number }): Promise<VisitMessagePlan> {
      if (input.scheduledAt !== visit.scheduledAt) return { action: 'stale' };
      if (visit.status === 'CANCELLED') return { action: 'skip', reason: 'visit_cancelled' };
      const idempotencyKey = `visit:${input.visitId}:${input.step}:${input.scheduledAt}`;
      return { action: 'send', leadId: 'lead-1', to: '+5491100000000', content: { kind: 'text', body: `${input.step} de la visita` }, idempotencyKey };
    },
    async sendMessage(input: { idempotencyKey: string }): Promise<SendMessageResult> {
      const [, , step, at] = input.idempotencyKey.split(':');
      sends.push({ step: step as VisitStep, scheduledAt: Number(at) });
      return { messageId: randomUUID(), providerMessageId: `wamid.${randomUUID()}`, status: 'SENT' };
    },
  };
  return { activities, visit, sends, stepsSent: () => sends.map((send) => send.step) };
}

describe('visit workflow on Temporal’s clock', () => {
  let env: TimeSkippingEnv;
  beforeAll(async () => {
    env = await TimeSkippingEnv.connect();
  });
  afterAll(() => env.close());

  function startVisit() {
    return env.client.workflow.start(visitWorkflow, {
      workflowId: `visit-${randomUUID()}`,
      taskQueue: env.taskQueue,
      args: [{ tenantId: 'tenant-1', visitId: `visit-${randomUUID()}` }],
    });
  }

  const stepsAre = (fake: ReturnType<typeof visitActivities>, steps: VisitStep[]) =>
    eventually(async () => fake.stepsSent(), (sent) => sent.join() === steps.join());

  it('confirms a booked visit at once, reminds 24 h before it and not earlier, follows up 2 h after, then completes', async () => {
    const start = Date.now();
    const visitAt = start + 3 * DAY;
    const fake = visitActivities(visitAt);
    await env.withWorker(fake.activities, async () => {
      const handle = await startVisit();
      await stepsAre(fake, ['confirmation']);

      expect(await env.skip(handle, 47 * HOUR)).toBe('reached');
      expect(fake.stepsSent()).toEqual(['confirmation']);

      await env.skip(handle, 2 * HOUR);
      await stepsAre(fake, ['confirmation', 'reminder']);

      expect(await env.skip(handle, 24 * HOUR)).toBe('reached');
      expect(fake.stepsSent()).toEqual(['confirmation', 'reminder']);

      const result = await env.skipToEnd(handle);
      expect(result).toEqual({ outcome: 'completed', sent: ['confirmation', 'reminder', 'followUp'] });
      expect(fake.sends.every((send) => send.scheduledAt === visitAt)).toBe(true);
      const { closeTime } = await handle.describe();
      expect(closeTime!.getTime() - visitAt).toBeGreaterThanOrEqual(2 * HOUR);
      expect(closeTime!.getTime() - visitAt).toBeLessThan(3 * HOUR);
    });
  });

  it('confirms a visit moved later again and re-arms its reminder for the new time, not the old one', async () => {
    const start = Date.now();
    const oldAt = start + 3 * DAY;
    const newAt = start + 5 * DAY;
    const fake = visitActivities(oldAt);
    await env.withWorker(fake.activities, async () => {
      const handle = await startVisit();
      await stepsAre(fake, ['confirmation']);
      expect(await env.skip(handle, 10 * HOUR)).toBe('reached');

      fake.visit.scheduledAt = newAt;
      await handle.signal(visitChangedSignal);
      await stepsAre(fake, ['confirmation', 'confirmation']);
      expect(fake.sends[1]).toEqual({ step: 'confirmation', scheduledAt: newAt });

      // Past the old reminder's time (48 h), and up to 1 h before the new one's (96 h).
      expect(await env.skip(handle, 40 * HOUR)).toBe('reached');
      expect(fake.stepsSent()).toEqual(['confirmation', 'confirmation']);
      expect(await env.skip(handle, 45 * HOUR)).toBe('reached');
      expect(fake.stepsSent()).toEqual(['confirmation', 'confirmation']);

      await env.skip(handle, 2 * HOUR);
      await stepsAre(fake, ['confirmation', 'confirmation', 'reminder']);
      expect(fake.sends[2]).toEqual({ step: 'reminder', scheduledAt: newAt });

      const result = await env.skipToEnd(handle);
      expect(result).toEqual({ outcome: 'completed', sent: ['confirmation', 'confirmation', 'reminder', 'followUp'] });
      expect(fake.sends[3]).toEqual({ step: 'followUp', scheduledAt: newAt });
    });
  });

  it('ends a visit cancelled before the reminder with nothing more sent', async () => {
    const start = Date.now();
    const fake = visitActivities(start + 3 * DAY);
    await env.withWorker(fake.activities, async () => {
      const handle = await startVisit();
      await stepsAre(fake, ['confirmation']);
      expect(await env.skip(handle, 20 * HOUR)).toBe('reached');

      fake.visit.status = 'CANCELLED';
      await handle.signal(visitChangedSignal);
      const result = await env.skipToEnd(handle);
      expect(result).toEqual({ outcome: 'cancelled', sent: ['confirmation'] });
      expect(fake.stepsSent()).toEqual(['confirmation']);
      const { closeTime } = await handle.describe();
      expect(closeTime!.getTime() - start).toBeLessThan(2 * DAY);
    });
  });
});
