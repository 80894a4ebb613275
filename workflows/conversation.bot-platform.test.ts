import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startFakeManyChat, type FakeManyChat } from '../integrations/manychat/testing/fake-server';
import { startFakeUChat, type FakeUChat } from '../integrations/uchat/testing/fake-server';
import { externalRequest } from '../integrations/manychat/testing/fake-external-request';
import { startFakeElevenLabs, type FakeElevenLabs } from '../integrations/elevenlabs/testing/fake-server';
import { saveIntegrationConfig } from '../prisma/repositories/integration-secrets';
import { adminQuery, startTestWorker, testSecretBox, workerDeps, type RunningWorker } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { conversationWorkflowIdOf } from '../testing/contact-workflow-ids';
import { eventually } from '../testing/eventually';
import { listenOnLoopback } from '../testing/whatsapp-harness';
import { historyText } from '../testing/workflow-history';

const PAGE = { apiKey: '5550001111:pagekeypagekeypagekey', pageId: '5550001111', name: 'Inmobiliaria Norte' };
const UCHAT_TOKEN = 'uchat_norte_token_0123456789abcdef';

/** ManyChat's variables as a flow author maps them into Astor's External Request body. */
const FLOW_BODY = { contactId: '{{subscriber_id}}', name: '{{first_name}} {{last_name}}', phone: '{{whatsapp_phone}}' };

type ConversationRow = { id: string; leadId: string; assigneeId: string | null; botActive: boolean; status: string };

describe('conversations through ManyChat and UChat: the platform is the bot until a person takes over', () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let worker: RunningWorker;
  let manyChat: FakeManyChat;
  let uchat: FakeUChat;
  let voice: FakeElevenLabs;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let other: Awaited<ReturnType<typeof createStaffedTenant>>;
  let manyChatToken: string;

  const conversations = (tenantId: string, contact: string) =>
    adminQuery<ConversationRow>(`SELECT id, "leadId", "assigneeId", "botActive", status FROM "Conversation" WHERE "tenantId" = $1 AND contact = $2 ORDER BY "createdAt"`, [tenantId, contact]);
  const messagesOf = (conversationId: string) =>
    adminQuery<{ direction: string; body: string; status: string; channel: string }>(`SELECT direction, body, status, channel FROM "Message" WHERE "conversationId" = $1 ORDER BY "createdAt"`, [conversationId]);
  const fromFlow = (token: string, body: object, subscriberId = '9001') =>
    manyChat.externalRequest(`${server.baseUrl}/webhooks/manychat`, { headers: { 'X-Astor-Token': token }, body }, { pageId: PAGE.pageId, subscriberId });

  beforeAll(async () => {
    manyChat = await startFakeManyChat({
      pages: [{ ...PAGE, subscribers: [{ id: '9001', first_name: 'Lucía', last_name: 'Gómez', whatsapp_phone: '+5491166660001' }, { id: '9002', first_name: 'Tomás' }, { id: '9003', first_name: 'Inés', whatsapp_phone: '+5491166660003' }], flows: ['content_bienvenida'] }],
    });
    voice = await startFakeElevenLabs({ keys: [{ apiKey: 'sk_norte_voice_key_01' }] });
    uchat = await startFakeUChat({ bots: [{ token: UCHAT_TOKEN, botId: 'norte', subscribers: [{ userNs: 'f1234u5678' }] }] });
    api = await startTestApi({ env: { MANYCHAT_API_URL: manyChat.baseUrl, UCHAT_API_URL: uchat.baseUrl } });
    server = await listenOnLoopback(api.app);
    staff = await createStaffedTenant(api.db, 'Norte bots');
    other = await createStaffedTenant(api.db, 'Otra agencia');
    const taskQueue = api.deps.config.temporal.taskQueue;
    worker = await startTestWorker(taskQueue, workerDeps(api.db, api.temporal, taskQueue, { manyChatUrl: manyChat.baseUrl, uchatUrl: uchat.baseUrl, elevenLabsUrl: voice.baseUrl }));
    await request(api.app).put('/api/me/availability').set('Authorization', staff.agent.auth).send({ availability: 'AVAILABLE' }).expect(200);
    const saved = await request(api.app)
      .put('/api/integrations/manychat')
      .set('Authorization', staff.admin.auth)
      .send({ apiKey: PAGE.apiKey, handoffTag: 'humano', resumeFlow: 'content_bienvenida' })
      .expect(200);
    manyChatToken = saved.body.inboundToken;
  });

  afterAll(async () => {
    await worker.stop();
    server.close();
    await Promise.all([manyChat.stop(), uchat.stop(), voice.stop()]);
    await api.close();
  });

  it('refuses calls without the agency token, with another platform token, or with a body that does not fit', async () => {
    expect((await fromFlow('', FLOW_BODY)).status).toBe(401);
    expect((await fromFlow(`${staff.tenant.id}.${'x'.repeat(32)}`, FLOW_BODY)).status).toBe(401);
    const uchatCall = await externalRequest(`${server.baseUrl}/webhooks/uchat`, { headers: { 'X-Astor-Token': manyChatToken }, body: { contactId: 'f1234u5678', text: 'hola' } });
    expect(uchatCall.status).toBe(401);
    const invalid = await fromFlow(manyChatToken, { ...FLOW_BODY, event: 'saludo', unknown: 1 });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['event', 'unknown']);
    expect(await adminQuery(`SELECT id FROM "Message" WHERE "tenantId" = $1`, [staff.tenant.id])).toEqual([]);
  });

  it('records the contact once as a lead with its WhatsApp number, even when the flow calls three times', async () => {
    const body = { ...FLOW_BODY, messageId: 'mc-msg-1', text: 'Hola, busco un 2 ambientes' };
    for (let i = 0; i < 3; i += 1) expect((await fromFlow(manyChatToken, body)).status).toBe(200);
    const [conversation] = await eventually(() => conversations(staff.tenant.id, '9001'), (rows) => rows.length === 1);
    await eventually(() => messagesOf(conversation!.id), (rows) => rows.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await messagesOf(conversation!.id)).toEqual([{ direction: 'INBOUND', body: 'Hola, busco un 2 ambientes', status: 'RECEIVED', channel: 'MANYCHAT' }]);
    const leads = await adminQuery<{ phone: string; name: string; origin: string }>(`SELECT phone, name, origin FROM "Lead" WHERE "tenantId" = $1`, [staff.tenant.id]);
    expect(leads).toEqual([{ phone: '+5491166660001', name: 'Lucía Gómez', origin: 'MANYCHAT' }]);
    expect(conversation).toMatchObject({ botActive: true, assigneeId: null });
    expect(manyChat.subscribers.get(PAGE.pageId, '9001')!.received).toEqual([]);
    expect(await conversations(other.tenant.id, '9001')).toEqual([]);
  });

  it('hands off when the flow asks: tags the contact in ManyChat, tells them, assigns an agent whose replies go through ManyChat, and resumes the flow', async () => {
    expect((await fromFlow(manyChatToken, { event: 'handoff', contactId: '{{subscriber_id}}', messageId: 'mc-handoff-1' })).status).toBe(200);
    const [assigned] = await eventually(() => conversations(staff.tenant.id, '9001'), (rows) => rows[0]?.assigneeId === staff.agent.id);
    const subscriber = manyChat.subscribers.get(PAGE.pageId, '9001')!;
    await eventually(() => subscriber.received.length, (count) => count === 1);
    expect(subscriber.tags).toContain('humano');
    expect(subscriber.customFields.astor_estado).toBe('agente');

    const reply = await request(api.app).post(`/api/conversations/${assigned!.id}/reply`).set('Authorization', staff.agent.auth).send({ text: 'Hola Lucía, soy Ana', clientMessageId: randomUUID() });
    expect(reply.status).toBe(201);
    await eventually(() => subscriber.received.length, (count) => count === 2);
    expect(subscriber.received[1]).toEqual({ messages: [{ type: 'text', text: 'Hola Lucía, soy Ana' }] });
    const template = await request(api.app).post(`/api/conversations/${assigned!.id}/reply`).set('Authorization', staff.agent.auth).send({ template: { name: 'hola', language: 'es' } });
    expect(template.body).toMatchObject({ status: 'FAILED', error: { code: 'invalid_request', message: expect.stringContaining('does not send WhatsApp templates') } });

    await request(api.app).post(`/api/conversations/${assigned!.id}/return-to-bot`).set('Authorization', staff.agent.auth).expect(200);
    await eventually(() => subscriber.flows, (flows) => flows.includes('content_bienvenida'));
    expect(subscriber.tags).not.toContain('humano');
    expect(subscriber.customFields.astor_estado).toBe('bot');

    const history = await historyText(api.temporal, await conversationWorkflowIdOf(api.db, staff.tenant.id, 'MANYCHAT', '9001'));
    expect(history).toContain('Hola Lucía, soy Ana');
    for (const secret of [PAGE.apiKey, manyChatToken.split('.')[1]!]) expect(history).not.toContain(secret);
  });

  it('an agent who takes over a conversation the platform is answering silences the platform and gets the conversation', async () => {
    const [withBot] = await conversations(staff.tenant.id, '9001');
    expect(withBot).toMatchObject({ botActive: true, assigneeId: null });
    const subscriber = manyChat.subscribers.get(PAGE.pageId, '9001')!;
    expect(subscriber.tags).not.toContain('humano');
    await request(api.app).post(`/api/conversations/${withBot!.id}/claim`).set('Authorization', staff.admin.auth).expect(200);
    expect((await conversations(staff.tenant.id, '9001'))[0]).toMatchObject({ botActive: false, assigneeId: staff.admin.id });
    await eventually(() => subscriber.tags, (tags) => tags.includes('humano'));
    expect(subscriber.customFields.astor_estado).toBe('agente');
    await request(api.app).post(`/api/conversations/${withBot!.id}/return-to-bot`).set('Authorization', staff.admin.auth).expect(200);
    await eventually(() => subscriber.tags, (tags) => !tags.includes('humano'));
  });

  it("a contact without a phone keeps one lead across conversations, and the agency's hand-off words work too", async () => {
    await fromFlow(manyChatToken, { contactId: '{{subscriber_id}}', name: '{{first_name}}', text: 'quiero hablar con un asesor', messageId: 'mc-2-a' }, '9002');
    const [conversation] = await eventually(() => conversations(staff.tenant.id, '9002'), (rows) => rows[0]?.assigneeId === staff.agent.id);
    const lead = await adminQuery<{ phone: string | null; name: string }>(`SELECT phone, name FROM "Lead" WHERE id = $1`, [conversation!.leadId]);
    expect(lead).toEqual([{ phone: null, name: 'Tomás' }]);
    await request(api.app).post(`/api/conversations/${conversation!.id}/close`).set('Authorization', staff.agent.auth).expect(200);
    await eventually(() => conversations(staff.tenant.id, '9002'), (rows) => rows[0]?.status === 'CLOSED');
    await fromFlow(manyChatToken, { contactId: '{{subscriber_id}}', text: 'volví', messageId: 'mc-2-b' }, '9002');
    const rows = await eventually(() => conversations(staff.tenant.id, '9002'), (found) => found.length === 2);
    expect(rows[1]!.leadId).toBe(conversation!.leadId);
  });

  it('sends a voice note to a contact known only to ManyChat as a signed link ManyChat can fetch', async () => {
    await api.db.inTenant(staff.tenant.id, (tx) => saveIntegrationConfig(tx, testSecretBox(), 'ELEVENLABS', { apiKey: 'sk_norte_voice_key_01', voiceId: 'voz-rioplatense' }));
    const [conversation] = await conversations(staff.tenant.id, '9002');
    const sent = await request(api.app).post(`/api/leads/${conversation!.leadId}/voice-messages`).set('Authorization', staff.agent.auth).send({ text: 'Tomás, te confirmo la visita del sábado' });
    expect(sent.status).toBe(202);
    const subscriber = manyChat.subscribers.get(PAGE.pageId, '9002')!;
    const received = await eventually(() => subscriber.received.flatMap((entry) => entry.messages), (messages) => messages.some((message) => message.type === 'audio'), 30_000);
    const audio = received.find((message) => message.type === 'audio') as { url: string };
    const link = new URL(audio.url);
    expect(link.pathname).toMatch(/^\/api\/media\/[0-9a-f]{64}\.ogg$/);
    const fetched = await request(api.app).get(`${link.pathname}${link.search}`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers['content-type']).toMatch(/^audio\/ogg/);
    expect((await request(api.app).get(link.pathname)).status).toBe(403);
  });

  it('still hands the contact to a person when ManyChat is down, and says so in the log instead of failing', async () => {
    manyChat.failNext(4, { httpStatus: 503, message: 'Service Unavailable' });
    await fromFlow(manyChatToken, { event: 'handoff', contactId: '{{subscriber_id}}', messageId: 'mc-3-a' }, '9003');
    const [conversation] = await eventually(() => conversations(staff.tenant.id, '9003'), (rows) => rows[0]?.assigneeId === staff.agent.id, 30_000);
    expect(conversation!.status).toBe('OPEN');
    expect(manyChat.subscribers.get(PAGE.pageId, '9003')!.tags).not.toContain('humano');
  }, 40_000);

  it('works the same through UChat for another agency, without touching the first one', async () => {
    const saved = await request(api.app).put('/api/integrations/uchat').set('Authorization', other.admin.auth).send({ apiKey: UCHAT_TOKEN }).expect(200);
    await request(api.app).put('/api/me/availability').set('Authorization', other.agent.auth).send({ availability: 'AVAILABLE' }).expect(200);
    const call = (body: object) => externalRequest(`${server.baseUrl}/webhooks/uchat`, { headers: { 'X-Astor-Token': saved.body.inboundToken }, body });
    expect((await call({ contactId: 'f1234u5678', phone: '11 6666-0002', text: 'Hola', messageId: 'uc-1' })).status).toBe(200);
    expect((await call({ event: 'handoff', contactId: 'f1234u5678', messageId: 'uc-2' })).status).toBe(200);
    const [conversation] = await eventually(() => conversations(other.tenant.id, 'f1234u5678'), (rows) => rows[0]?.assigneeId === other.agent.id);
    await request(api.app).post(`/api/conversations/${conversation!.id}/reply`).set('Authorization', other.agent.auth).send({ text: 'Te atiendo yo' }).expect(201);
    const contact = uchat.subscribers.get('norte', 'f1234u5678')!;
    await eventually(() => contact.texts, (texts) => texts.includes('Te atiendo yo'));
    expect(contact.tags).toContain('astor_agente');
    expect((await adminQuery<{ phone: string }>(`SELECT phone FROM "Lead" WHERE "tenantId" = $1`, [other.tenant.id]))[0]!.phone).toBe('+5491166660002');
    expect(await conversations(staff.tenant.id, 'f1234u5678')).toEqual([]);
    expect(await conversations(other.tenant.id, '9001')).toEqual([]);
  });

  it('a lead event starts the intake workflow with the platform as origin, once per message id', async () => {
    const lead = await fromFlow(manyChatToken, { event: 'lead', contactId: '{{subscriber_id}}', phone: '+5491166660077', name: 'Marta', email: 'marta@example.com', messageId: 'mc-lead-1' }, '9002');
    expect(lead.status).toBe(200);
    expect(lead.body).toEqual({ received: true });
    const again = await fromFlow(manyChatToken, { event: 'lead', contactId: '{{subscriber_id}}', phone: '+5491166660077', messageId: 'mc-lead-1' }, '9002');
    expect(again.body).toEqual(lead.body);
    const leads = () => adminQuery<{ id: string; origin: string; email: string }>(`SELECT id, origin, email FROM "Lead" WHERE "tenantId" = $1 AND phone = '+5491166660077'`, [staff.tenant.id]);
    const [row] = await eventually(leads, (rows) => rows.length === 1);
    expect(row).toMatchObject({ origin: 'MANYCHAT', email: 'marta@example.com' });
    const applied = () => adminQuery<{ type: string }>(`SELECT type FROM "Event" WHERE "leadId" = $1 AND type IN ('lead.created', 'lead.submission')`, [row!.id]);
    await eventually(applied, (events) => events.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await applied()).map((event) => event.type)).toEqual(['lead.created']);
    const missing = await fromFlow(manyChatToken, { event: 'lead', contactId: '{{subscriber_id}}' }, '9002');
    expect(missing.status).toBe(400);
  });
});
