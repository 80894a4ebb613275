import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { FollowUpPlan } from '../activities/lead-intake.activities';
import type { SendMessageResult } from '../activities/messaging.activities';
import { workflowIds } from '../domain/temporal-contracts';
import { eventually } from '../testing/eventually';
import { TimeSkippingEnv } from '../testing/time-skipping';
import { leadSubmissionSignal, submitLeadUpdate, type LeadSubmission } from './lead-intake.contract';
import { leadIntakeWorkflow } from './lead-intake.workflow';

const HOUR = 3_600_000;
const PHONE = '+5491155550000';

/** The agency's real follow-up settings; `replied` makes every reminder plan answer that the lead replied. */
function intakeActivities({ replied = false } = {}) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const record = (name: string, input: Record<string, unknown>) => calls.push({ name, input });
  const activities = {
    async loadFollowUpSettings() {
      return { followUpHours: 24, maxFollowUps: 2 };
    },
    async upsertLeadFromSubmission(input: { submission: LeadSubmission }) {
      record('upsert', input);
      return { leadId: 'lead-1', created: calls.filter((call) => call.name === 'upsert').length === 1 };
    },
    async recordSubmissionFailure(input: Record<string, unknown>) {
      record('failure', input);
    },
    async planFollowUp(input: { kind: 'welcome' | 'reminder'; sinceMs: number }): Promise<FollowUpPlan> {
      record('plan', input);
      if (replied && input.kind === 'reminder') return { action: 'skip', reason: 'lead_replied' };
      return { action: 'send', to: PHONE, content: { kind: 'template', name: `astor_${input.kind}`, language: 'es_AR', bodyParameters: ['Ana'] } };
    },
    async sendMessage(input: { idempotencyKey: string }): Promise<SendMessageResult> {
      record('send', input);
      return { messageId: randomUUID(), providerMessageId: `wamid.${randomUUID()}`, status: 'SENT' };
    },
  };
  const named = (name: string) => calls.filter((call) => call.name === name);
  const sentKeys = () => named('send').map((call) => call.input.idempotencyKey);
  return { activities, named, sentKeys };
}

function submission(fields: LeadSubmission['fields'] = { name: 'Ana Pérez' }): LeadSubmission {
  return { submissionId: randomUUID(), origin: 'LANDING', fields, sourceDetails: { form: 'contacto' } };
}

describe('lead intake workflow on Temporal’s clock', () => {
  let env: TimeSkippingEnv;
  beforeAll(async () => {
    env = await TimeSkippingEnv.connect();
  });
  afterAll(() => env.close());

  const newWorkflowId = () => workflowIds.leadIntake('tenant-1', randomUUID());

  /** As workflowHandoff.signalLead: signal-with-start, again for each submission. */
  function signalLead(workflowId: string, lead: LeadSubmission) {
    return env.client.workflow.signalWithStart(leadIntakeWorkflow, {
      workflowId,
      taskQueue: env.taskQueue,
      args: [{ tenantId: 'tenant-1', phone: PHONE }],
      signal: leadSubmissionSignal,
      signalArgs: [lead],
    });
  }

  /** As workflowHandoff.submitLead: update-with-start, answered once the submission is applied. */
  async function submitLead(workflowId: string, lead: LeadSubmission) {
    const start = new WithStartWorkflowOperation(leadIntakeWorkflow, { workflowId, taskQueue: env.taskQueue, args: [{ tenantId: 'tenant-1', phone: PHONE }], workflowIdConflictPolicy: 'USE_EXISTING' });
    const result = await env.client.workflow.executeUpdateWithStart(submitLeadUpdate, { args: [lead], startWorkflowOperation: start });
    return { result, handle: await start.workflowHandle() };
  }

  it('welcomes a form lead at once, reminds it after 24 h of silence and again 24 h later, then ends', async () => {
    const fake = intakeActivities();
    await env.withWorker(fake.activities, async () => {
      const handle = await signalLead(newWorkflowId(), submission());
      await eventually(fake.sentKeys, (keys) => keys.length === 1);
      expect(fake.sentKeys()).toEqual(['welcome:lead-1']);

      expect(await env.skip(handle, 23 * HOUR)).toBe('reached');
      expect(fake.sentKeys()).toEqual(['welcome:lead-1']);

      expect(await env.skip(handle, 2 * HOUR)).toBe('reached');
      await eventually(fake.sentKeys, (keys) => keys.length === 2);
      expect(fake.sentKeys()).toEqual(['welcome:lead-1', 'reminder:lead-1:1']);

      // The first reminder went out at 24 h and the clock stands at 25 h: 47 h is before the second is due.
      expect(await env.skip(handle, 22 * HOUR)).toBe('reached');
      expect(fake.sentKeys()).toHaveLength(2);

      expect(await env.skipToEnd(handle)).toEqual({ leadId: 'lead-1', followUpsSent: 2 });
      expect(fake.sentKeys()).toEqual(['welcome:lead-1', 'reminder:lead-1:1', 'reminder:lead-1:2']);
      // Each reminder plan counts from the previous message, on the workflow's clock.
      const [, firstReminder, secondReminder] = fake.named('plan').map((call) => call.input.sinceMs as number);
      expect(secondReminder! - firstReminder!).toBeGreaterThanOrEqual(24 * HOUR);
      expect(secondReminder! - firstReminder!).toBeLessThan(25 * HOUR);
      const { closeTime } = await handle.describe();
      expect(closeTime!.getTime() - secondReminder!).toBeGreaterThanOrEqual(24 * HOUR);
      expect(closeTime!.getTime() - secondReminder!).toBeLessThan(25 * HOUR);
    });
  });

  it('sends no reminder and ends when the lead replied before the first one was due', async () => {
    const fake = intakeActivities({ replied: true });
    await env.withWorker(fake.activities, async () => {
      const { result, handle } = await submitLead(newWorkflowId(), submission());
      expect(result).toEqual({ leadId: 'lead-1', created: true });
      await eventually(fake.sentKeys, (keys) => keys.length === 1);

      expect(await env.skip(handle, 23 * HOUR)).toBe('reached');
      expect(fake.named('plan').map((call) => call.input.kind)).toEqual(['welcome']);

      expect(await env.skipToEnd(handle)).toEqual({ leadId: 'lead-1', followUpsSent: 0 });
      expect(fake.named('plan').map((call) => call.input.kind)).toEqual(['welcome', 'reminder']);
      expect(fake.sentKeys()).toEqual(['welcome:lead-1']);
      const welcomedAt = fake.named('plan')[1]!.input.sinceMs as number;
      const { closeTime } = await handle.describe();
      expect(closeTime!.getTime() - welcomedAt).toBeGreaterThanOrEqual(24 * HOUR);
      expect(closeTime!.getTime() - welcomedAt).toBeLessThan(25 * HOUR);
    });
  });

  it('applies a second submission signalled before the reminder is due, and still reminds 24 h after the welcome', async () => {
    const fake = intakeActivities();
    await env.withWorker(fake.activities, async () => {
      const workflowId = newWorkflowId();
      const handle = await signalLead(workflowId, submission());
      await eventually(fake.sentKeys, (keys) => keys.length === 1);

      expect(await env.skip(handle, 12 * HOUR)).toBe('reached');
      const second = submission({ email: 'ana@example.com', budgetMax: 150_000 });
      await signalLead(workflowId, second);
      const upserts = await eventually(() => fake.named('upsert'), (calls) => calls.length === 2);
      expect(upserts[1]!.input).toMatchObject({ tenantId: 'tenant-1', phone: PHONE, submission: second });

      expect(await env.skip(handle, 11 * HOUR)).toBe('reached');
      expect(fake.sentKeys()).toEqual(['welcome:lead-1']);

      expect(await env.skip(handle, 2 * HOUR)).toBe('reached');
      await eventually(fake.sentKeys, (keys) => keys.length === 2);
      expect(fake.sentKeys()).toEqual(['welcome:lead-1', 'reminder:lead-1:1']);
      await handle.terminate();
    });
  });
});
