import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { AcceptedInbound } from '../activities/inbound.activities';
import type { ConversationSetup } from '../activities/routing.activities';
import { eventually } from '../testing/eventually';
import { TimeSkippingEnv } from '../testing/time-skipping';
import { agentReplyUpdate, conversationStateQuery, inboundMessagesSignal } from './conversation.contract';
import { conversationWorkflow } from './conversation.workflow';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The routing decisions the workflow asked for, in order, as the fake activities saw them. */
function conversationActivities(settings: Partial<ConversationSetup['settings']> = {}) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const agents = ['agent-a', 'agent-b'];
  let assignments = 0;
  const record = (name: string, input: Record<string, unknown>) => calls.push({ name, input });
  const activities = {
    async loadConversationSetup(): Promise<ConversationSetup> {
      return { settings: { assignmentPolicy: 'ROUND_ROBIN', slaMinutes: 5, inactivityCloseHours: 24, botEnabled: false, handoffKeywords: [], ...settings }, assistant: null };
    },
    async acceptInbound(input: { messageIds: string[] }): Promise<AcceptedInbound[]> {
      return input.messageIds.map((id) => ({
        duplicate: false,
        leadId: 'lead-1',
        conversationId: 'conversation-1',
        inOpenConversation: true,
        optedOut: false,
        message: { providerMessageId: `wamid.${id}`, type: 'text', text: 'Hola, ¿sigue disponible?', sentAt: new Date().toISOString() },
      }));
    },
    async assignConversation(input: { exclude: string[] }) {
      record('assign', input);
      const free = agents.filter((agent) => !input.exclude.includes(agent));
      return { assigneeId: free[assignments++ % free.length] ?? null };
    },
    async recordSlaBreach(input: { assigneeId: string | null; waitingSinceMs: number }) {
      record('slaBreach', input);
    },
    async closeConversation(input: { reason: string }) {
      record('close', input);
      return { closed: true };
    },
    async setConversationRouting(input: Record<string, unknown>) {
      record('route', input);
    },
    async sendMessage(input: { idempotencyKey: string }) {
      record('send', input);
      return { messageId: randomUUID(), providerMessageId: `wamid.${randomUUID()}`, status: 'SENT' as const };
    },
    async storeInboundMedia() {},
    async botPlatformFor() {
      return null;
    },
  };
  return { activities, calls, named: (name: string) => calls.filter((call) => call.name === name) };
}

/** Queries fail until the workflow has loaded its setup and set its handlers. */
function assignedTo(handle: WorkflowHandle<typeof conversationWorkflow>, agent: string) {
  const assignee = () => handle.query(conversationStateQuery).then((state) => state.assigneeId, () => undefined);
  return eventually(assignee, (current) => current === agent);
}

describe('conversation workflow on Temporal’s clock', () => {
  let env: TimeSkippingEnv;
  beforeAll(async () => {
    env = await TimeSkippingEnv.connect();
  });
  afterAll(() => env.close());

  function startConversation() {
    return env.client.workflow.start(conversationWorkflow, {
      workflowId: `conversation-${randomUUID()}`,
      taskQueue: env.taskQueue,
      args: [{ tenantId: 'tenant-1', channel: 'WHATSAPP_CLOUD' }],
    });
  }

  it('escalates an unanswered message to another agent when the SLA passes, not before', async () => {
    const fake = conversationActivities({ slaMinutes: 5 });
    await env.withWorker(fake.activities, async () => {
      const handle = await startConversation();
      await handle.signal(inboundMessagesSignal, [{ messageId: 'm1', providerMessageId: 'wamid.m1' }]);
      await assignedTo(handle, 'agent-a');
      const { waitingSince } = await handle.query(conversationStateQuery);

      await env.skip(handle, 4 * MINUTE);
      expect(fake.named('slaBreach')).toHaveLength(0);

      await env.skip(handle, 2 * MINUTE);
      const [breach] = await eventually(async () => fake.named('slaBreach'), (breaches) => breaches.length === 1);
      expect(breach!.input).toMatchObject({ assigneeId: 'agent-a', waitingSinceMs: waitingSince });
      expect(fake.named('assign').at(-1)!.input).toMatchObject({ exclude: ['agent-a'] });
      const after = await handle.query(conversationStateQuery);
      expect(after).toMatchObject({ assigneeId: 'agent-b', slaBreaches: 1 });
      // The breach restarts the wait: on the workflow's clock it came 5 minutes after the message.
      expect(after.waitingSince! - waitingSince!).toBeGreaterThanOrEqual(5 * MINUTE);
      expect(after.waitingSince! - waitingSince!).toBeLessThan(6 * MINUTE);
      await handle.terminate();
    });
  });

  it('closes for inactivity after the agency’s hours, and an agent’s reply keeps the SLA from escalating', async () => {
    const fake = conversationActivities({ slaMinutes: 5, inactivityCloseHours: 24 });
    await env.withWorker(fake.activities, async () => {
      const handle = await startConversation();
      await handle.signal(inboundMessagesSignal, [{ messageId: 'm1', providerMessageId: 'wamid.m1' }]);
      await assignedTo(handle, 'agent-a');
      await handle.executeUpdate(agentReplyUpdate, { args: [{ actor: { userId: 'agent-a', isAdmin: false }, content: { kind: 'text', body: 'Sí, ¿cuándo querés verla?' }, requestId: randomUUID() }] });
      const { lastActivityAt } = await handle.query(conversationStateQuery);

      expect(await env.skip(handle, 23 * HOUR)).toBe('reached');
      expect(fake.named('close')).toHaveLength(0);

      const result = await env.skipToEnd(handle);
      expect(result).toEqual({ closed: 'inactivity' });
      expect(fake.named('slaBreach')).toHaveLength(0);
      expect(fake.named('close')[0]!.input).toMatchObject({ reason: 'inactivity' });
      const { closeTime } = await handle.describe();
      expect(closeTime!.getTime() - lastActivityAt).toBeGreaterThanOrEqual(24 * HOUR);
    });
  });
});
