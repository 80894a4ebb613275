import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { FakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';
import { adminQuery } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { conversationWorkflowIdOf } from '../testing/contact-workflow-ids';
import { eventually } from '../testing/eventually';
import { onTemporalClock, skipTime } from '../testing/time-skipping';
import { configureWhatsAppChannel, startWhatsAppStack, type TestNumber } from '../testing/whatsapp-harness';
import { inboundMessagesSignal } from './conversation.contract';

type ConversationRow = {
  id: string;
  assigneeId: string | null;
  status: string;
  slaBreaches: number;
  botActive: boolean;
};

describe('conversation routing: assignment, SLA, commands, 24-hour rule, inactivity', () => {
  let api: TestApi;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
  let fake: FakeWhatsAppCloud;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let number: TestNumber;
  const conversations = (contact: string) =>
    adminQuery<ConversationRow>(`SELECT id, "assigneeId", status, "slaBreaches", "botActive" FROM "Conversation" WHERE "tenantId" = $1 AND contact = $2 ORDER BY "createdAt"`, [staff.tenant.id, `+${contact}`]);
  const as = (auth: string) => ({
    post: (path: string, body: object = {}) => request(api.app).post(`/api${path}`).set('Authorization', auth).send(body),
  });

  beforeAll(async () => {
    api = await startTestApi({ env: onTemporalClock() });
    staff = await createStaffedTenant(api.db, 'Routing');
    number = await configureWhatsAppChannel(api.db, staff.tenant.id, 'astor-development-app-secret');
    await request(api.app)
      .patch('/api/tenant')
      .set('Authorization', staff.owner.auth)
      .send({ settings: { botEnabled: false, slaMinutes: 1, inactivityCloseHours: 1, assignmentPolicy: 'LEAST_OPEN' } })
      .expect(200);
    for (const user of [staff.agent, staff.admin]) await request(api.app).put('/api/me/availability').set('Authorization', user.auth).send({ availability: 'AVAILABLE' }).expect(200);
    stack = await startWhatsAppStack(api, [number]);
    fake = stack.fake;
  });

  afterAll(async () => {
    await stack.stop();
    await api.close();
  });

  it('assigns a waiting contact, escalates an unanswered message after the SLA to another agent, and closes after inactivity', async () => {
    const contact = '5491164440001';
    await fake.deliverInbound(number.phoneNumberId, { from: contact, text: 'Hola, quiero ver el depto' });
    const assigned = await eventually(() => conversations(contact), (rows) => Boolean(rows[0]?.assigneeId));
    const first = assigned[0]!.assigneeId;
    expect([staff.agent.id, staff.admin.id]).toContain(first);
    const workflowId = await conversationWorkflowIdOf(api.db, staff.tenant.id, 'WHATSAPP_CLOUD', `+${contact}`);

    expect(await skipTime(api.temporal, workflowId, 50_000)).toBe('reached');
    expect((await conversations(contact))[0]).toMatchObject({ slaBreaches: 0, assigneeId: first });
    await skipTime(api.temporal, workflowId, 20_000);
    const escalated = await eventually(() => conversations(contact), (rows) => rows[0]!.slaBreaches === 1);
    expect(escalated[0]!.assigneeId).not.toBe(first);
    const events = await adminQuery<{ type: string }>(`SELECT type FROM "Event" WHERE "tenantId" = $1 AND type = 'conversation.sla_breached'`, [staff.tenant.id]);
    expect(events).toHaveLength(1);

    const second = escalated[0]!.assigneeId === staff.agent.id ? staff.agent : staff.admin;
    await as(second.auth).post(`/conversations/${escalated[0]!.id}/reply`, { text: 'Hola, te atiendo yo', clientMessageId: randomUUID() }).expect(201);
    expect(await skipTime(api.temporal, workflowId, 3_660_000)).toBe('closed');
    expect((await conversations(contact))[0]).toMatchObject({ status: 'CLOSED', slaBreaches: 1 });
  });

  it('lets only the assignee reply, and supports transfer, return to bot and close; a new message reopens', async () => {
    const contact = '5491164440002';
    await fake.deliverInbound(number.phoneNumberId, { from: contact, text: 'Hola' });
    const [row] = await eventually(() => conversations(contact), (rows) => Boolean(rows[0]?.assigneeId));
    // Routing may have picked either; an admin may take any conversation, so the agent is the one left out.
    await as(staff.admin.auth).post(`/conversations/${row!.id}/claim`).expect(200);
    const refused = await as(staff.agent.auth).post(`/conversations/${row!.id}/reply`, { text: 'Hola' }).expect(409);
    expect(refused.body.detail).toMatch(/assigned agent/);
    await as(staff.admin.auth).post(`/conversations/${row!.id}/reply`, { text: 'Te ayudo', clientMessageId: randomUUID() }).expect(201);
    await as(staff.admin.auth).post(`/conversations/${row!.id}/transfer`, { toUserId: staff.agent.id }).expect(200);
    expect((await conversations(contact))[0]!.assigneeId).toBe(staff.agent.id);
    await as(staff.agent.auth).post(`/conversations/${row!.id}/return-to-bot`).expect(200);
    expect((await conversations(contact))[0]).toMatchObject({ botActive: true, assigneeId: null });
    await as(staff.admin.auth).post(`/conversations/${row!.id}/close`).expect(200);
    await eventually(() => conversations(contact), (rows) => rows[0]!.status === 'CLOSED');
    await as(staff.admin.auth).post(`/conversations/${row!.id}/claim`).expect(409);
    await fake.deliverInbound(number.phoneNumberId, { from: contact, text: 'Volví' });
    const reopened = await eventually(() => conversations(contact), (rows) => rows.length === 2 && rows[1]!.status === 'OPEN');
    expect(reopened.map((r) => r.status)).toEqual(['CLOSED', 'OPEN']);
  }, 60_000);

  it('refuses free text once the contact last wrote more than 24 hours ago, naming the rule, but sends a template', async () => {
    const contact = '5491164440003';
    await fake.deliverInbound(number.phoneNumberId, { from: contact, text: 'Hola', sentAt: new Date(Date.now() - 25 * 3_600_000) });
    const [row] = await eventually(() => conversations(contact), (rows) => Boolean(rows[0]?.assigneeId));
    const assignee = row!.assigneeId === staff.agent.id ? staff.agent : staff.admin;
    const refused = await as(assignee.auth).post(`/conversations/${row!.id}/reply`, { text: '¿Seguís buscando?' }).expect(422);
    expect(refused.body.detail).toMatch(/24-hour rule/);
    expect(refused.body.code).toBe('service_window_closed');
    await as(assignee.auth).post(`/conversations/${row!.id}/reply`, { template: { name: 'seguimiento', language: 'es_AR' } }).expect(201);
    const sent = await eventually(() => fake.sentTo(contact), (messages) => messages.length === 1);
    expect(sent[0]!.body).toMatchObject({ type: 'template', template: { name: 'seguimiento' } });
  }, 30_000);

  it('continues as new on long conversations without losing or repeating a message', async () => {
    const contact = '5491164440004';
    const workflowId = await conversationWorkflowIdOf(api.db, staff.tenant.id, 'WHATSAPP_CLOUD', `+${contact}`);
    const handle = await api.temporal.workflow.start('conversationWorkflow', {
      workflowId,
      taskQueue: api.deps.config.temporal.taskQueue,
      // Below the 30 signals alone, however the messages are batched into workflow tasks.
      args: [{ tenantId: staff.tenant.id, channel: 'WHATSAPP_CLOUD' as const, historyLimit: 30 }],
    });
    for (let i = 0; i < 30; i += 1) await fake.deliverInbound(number.phoneNumberId, { from: contact, id: `wamid.long-${i}`, text: `mensaje ${i}` });
    const stored = () => adminQuery<{ id: string; providerMessageId: string; processedAt: Date | null }>(`SELECT id, "providerMessageId", "processedAt" FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" LIKE 'wamid.long-%' ORDER BY "providerMessageId"`, [staff.tenant.id]);
    const taken = await eventually(stored, (rows) => rows.length === 30 && rows.every((row) => row.processedAt));
    // A hand-off repeated (a relay that died after Temporal accepted it) takes nothing up twice.
    await handle.signal(inboundMessagesSignal, taken.slice(0, 10).map((row) => ({ messageId: row.id, providerMessageId: row.providerMessageId })));
    const runs = await eventually(
      () => handle.describe().then((d) => ({ runId: d.runId, firstRunId: d.raw.workflowExecutionInfo?.firstRunId })),
      (ids) => ids.runId !== ids.firstRunId,
    );
    expect(runs.runId).not.toBe(runs.firstRunId);
    const after = await stored();
    expect(after.map((row) => row.processedAt)).toEqual(taken.map((row) => row.processedAt));
    expect(fake.sentTo(contact)).toHaveLength(0);
  }, 60_000);
});
