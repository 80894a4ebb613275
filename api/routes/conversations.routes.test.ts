import request from 'supertest';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { adminQuery } from '../../testing/harness';
import { configureWhatsAppChannel, startWhatsAppStack, type TestNumber } from '../../testing/whatsapp-harness';

const APP_SECRET = 'astor-development-app-secret';
const GREETING = '¡Hola! Soy el asistente de la inmobiliaria.';

type Staff = Awaited<ReturnType<typeof createStaffedTenant>>;
type Row = { id: string; status: string; assigneeId: string | null; botActive: boolean };

describe('the inbox API: conversations with the bot, taking one over, and reopening a closed one', () => {
  let api: TestApi;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
  let a: Staff;
  let b: Staff;
  let numberA: TestNumber;
  let numberB: TestNumber;

  const conversationOf = async (tenantId: string, contact: string) =>
    (await adminQuery<Row>(`SELECT id, status, "assigneeId", "botActive" FROM "Conversation" WHERE "tenantId" = $1 AND contact = $2 ORDER BY "createdAt" DESC`, [tenantId, `+${contact}`]))[0];
  const textsTo = (contact: string) => stack.fake.sentTo(contact).map((message) => JSON.stringify(message.body));
  /** A contact writes to the agency and the bot greets them. */
  async function withBot(number: TestNumber, tenantId: string, contact: string): Promise<Row> {
    await stack.fake.deliverInbound(number.phoneNumberId, { from: contact, name: 'Contacto', text: 'Hola' });
    await eventually(async () => textsTo(contact), (sent) => sent.some((body) => body.includes('asistente')));
    return (await conversationOf(tenantId, contact))!;
  }
  const list = (auth: string, scope: string, status = 'OPEN') => request(api.app).get('/api/conversations').query({ scope, status }).set('Authorization', auth).expect(200);
  const ids = (response: request.Response) => (response.body.items as { id: string }[]).map((item) => item.id);

  beforeAll(async () => {
    api = await startTestApi();
    [a, b] = [await createStaffedTenant(api.db, 'Inbox A'), await createStaffedTenant(api.db, 'Inbox B')];
    [numberA, numberB] = [await configureWhatsAppChannel(api.db, a.tenant.id, APP_SECRET), await configureWhatsAppChannel(api.db, b.tenant.id, APP_SECRET)];
    for (const { tenant } of [a, b]) await api.db.inTenant(tenant.id, (tx) => tx.assistant.create({ data: { tenantId: tenant.id, name: 'Bot', greeting: GREETING, handoffKeywords: ['asesor'] } }));
    stack = await startWhatsAppStack(api, [numberA, numberB]);
  });

  afterAll(async () => {
    await stack.stop();
    await api.close();
  });

  it('lists the conversations the bot is answering for every staff member, never another agency’s, and not as unassigned', async () => {
    const ours = await withBot(numberA, a.tenant.id, '5491150000001');
    const theirs = await withBot(numberB, b.tenant.id, '5491150000002');
    expect(ours).toMatchObject({ botActive: true, assigneeId: null });
    for (const person of [a.agent, a.admin]) {
      const withTheBot = ids(await list(person.auth, 'bot'));
      expect(withTheBot).toContain(ours.id);
      expect(withTheBot).not.toContain(theirs.id);
    }
    expect(ids(await list(a.agent.auth, 'unassigned'))).not.toContain(ours.id);
    expect(ids(await list(b.agent.auth, 'bot'))).toEqual([theirs.id]);
    await request(api.app).get('/api/conversations').query({ scope: 'everything' }).set('Authorization', a.agent.auth).expect(400);
  });

  it('lets an agent take a conversation over from the bot: it is theirs, leaves the bot list, and the bot stops answering', async () => {
    const contact = '5491150000003';
    const conversation = await withBot(numberA, a.tenant.id, contact);
    await request(api.app).post(`/api/conversations/${conversation.id}/claim`).set('Authorization', a.agent.auth).expect(200);
    expect(await conversationOf(a.tenant.id, contact)).toMatchObject({ botActive: false, assigneeId: a.agent.id, status: 'OPEN' });
    expect(ids(await list(a.agent.auth, 'bot'))).not.toContain(conversation.id);
    expect(ids(await list(a.agent.auth, 'mine'))).toContain(conversation.id);
    const botReplies = textsTo(contact).length;
    await stack.fake.deliverInbound(numberA.phoneNumberId, { from: contact, text: 'Hola de nuevo' });
    await eventually(() => adminQuery(`SELECT id FROM "Message" WHERE "conversationId" = $1 AND direction = 'INBOUND' AND "processedAt" IS NOT NULL`, [conversation.id]), (rows) => rows.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(textsTo(contact)).toHaveLength(botReplies);
    await request(api.app).post(`/api/conversations/${conversation.id}/reply`).set('Authorization', a.agent.auth).send({ text: 'Soy Ana, te atiendo yo' }).expect(201);
  });

  it('words the workflow’s refusals for the agent, in Spanish when asked, naming the refusal', async () => {
    const conversation = await withBot(numberA, a.tenant.id, '5491150000009');
    await request(api.app).post(`/api/conversations/${conversation.id}/claim`).set('Authorization', a.admin.auth).expect(200);
    const taken = await request(api.app).post(`/api/conversations/${conversation.id}/claim`).set('Authorization', a.agent.auth).set('Accept-Language', 'es').expect(409);
    expect(taken.body).toMatchObject({ refusal: 'ConversationTaken', detail: 'Otro agente ya tiene esta conversación: pedile a un administrador que te la transfiera' });
    const notTheirs = await request(api.app).post(`/api/conversations/${conversation.id}/reply`).set('Authorization', a.agent.auth).send({ text: 'Hola' }).expect(409);
    expect(notTheirs.body).toMatchObject({ refusal: 'NotTheAssignee', detail: expect.stringContaining('Only the assigned agent or an admin') });
  });

  it('reopens a closed conversation as the agent’s when they reply with a template, and it works like any open one', async () => {
    const contact = '5491150000004';
    const conversation = await withBot(numberA, a.tenant.id, contact);
    await request(api.app).post(`/api/conversations/${conversation.id}/close`).set('Authorization', a.admin.auth).expect(200);
    await eventually(() => conversationOf(a.tenant.id, contact), (row) => row?.status === 'CLOSED');
    // The contact last wrote two days ago: WhatsApp allows only an approved template.
    await adminQuery(`UPDATE "Conversation" SET "lastInboundAt" = now() - interval '2 days' WHERE id = $1`, [conversation.id]);
    const text = await request(api.app).post(`/api/conversations/${conversation.id}/reply`).set('Authorization', a.agent.auth).send({ text: 'Hola, ¿seguís buscando?' });
    expect(text.status).toBe(422);
    expect(text.body.code).toBe('service_window_closed');
    expect((await conversationOf(a.tenant.id, contact))!.status).toBe('CLOSED');

    const template = { name: 'seguimiento', language: 'es_AR', bodyParameters: ['Contacto'] };
    const sent = await request(api.app).post(`/api/conversations/${conversation.id}/reply`).set('Authorization', a.agent.auth).send({ template }).expect(201);
    expect(sent.body.status).toBe('SENT');
    expect(await conversationOf(a.tenant.id, contact)).toMatchObject({ id: conversation.id, status: 'OPEN', assigneeId: a.agent.id, botActive: false });
    expect(textsTo(contact).some((body) => body.includes('seguimiento'))).toBe(true);
    expect(ids(await list(a.agent.auth, 'mine'))).toContain(conversation.id);
    const detail = await request(api.app).get(`/api/conversations/${conversation.id}`).set('Authorization', a.agent.auth).expect(200);
    expect(detail.body.live).toMatchObject({ mode: 'agent', assigneeId: a.agent.id, conversationId: conversation.id });

    // The contact answers into the reopened conversation, and the agent can close it again.
    await stack.fake.deliverInbound(numberA.phoneNumberId, { from: contact, text: 'Sí, sigo buscando' });
    await eventually(() => adminQuery(`SELECT id FROM "Message" WHERE "conversationId" = $1 AND body = 'Sí, sigo buscando' AND "processedAt" IS NOT NULL`, [conversation.id]), (rows) => rows.length === 1);
    await request(api.app).post(`/api/conversations/${conversation.id}/close`).set('Authorization', a.agent.auth).expect(200);
    await eventually(() => conversationOf(a.tenant.id, contact), (row) => row?.status === 'CLOSED');
  });

  it('reopens with free text while the contact’s 24-hour window is open, and refuses while the contact has another open conversation', async () => {
    const contact = '5491150000005';
    const first = await withBot(numberA, a.tenant.id, contact);
    await request(api.app).post(`/api/conversations/${first.id}/close`).set('Authorization', a.admin.auth).expect(200);
    await eventually(() => conversationOf(a.tenant.id, contact), (row) => row?.status === 'CLOSED');
    await request(api.app).post(`/api/conversations/${first.id}/reply`).set('Authorization', a.agent.auth).send({ text: 'Me quedó una pregunta' }).expect(201);
    expect(await conversationOf(a.tenant.id, contact)).toMatchObject({ id: first.id, status: 'OPEN', assigneeId: a.agent.id });
    await request(api.app).post(`/api/conversations/${first.id}/close`).set('Authorization', a.agent.auth).expect(200);
    await eventually(() => conversationOf(a.tenant.id, contact), (row) => row?.status === 'CLOSED');

    await stack.fake.deliverInbound(numberA.phoneNumberId, { from: contact, text: 'Volví' });
    const second = await eventually(() => conversationOf(a.tenant.id, contact), (row) => row?.id !== first.id && row?.status === 'OPEN');
    const refused = await request(api.app).post(`/api/conversations/${first.id}/reply`).set('Authorization', a.agent.auth).send({ template: { name: 'seguimiento', language: 'es_AR' } });
    expect(refused.status).toBe(409);
    expect((await adminQuery<{ status: string }>(`SELECT status FROM "Conversation" WHERE id = $1`, [first.id]))[0]!.status).toBe('CLOSED');
    expect(second!.status).toBe('OPEN');
  });

  it('never lets another agency reopen or read a conversation', async () => {
    const contact = '5491150000006';
    const conversation = await withBot(numberA, a.tenant.id, contact);
    await request(api.app).post(`/api/conversations/${conversation.id}/reply`).set('Authorization', b.admin.auth).send({ template: { name: 'seguimiento', language: 'es_AR' } }).expect(404);
    await request(api.app).post(`/api/conversations/${conversation.id}/claim`).set('Authorization', b.admin.auth).expect(404);
  });
});
