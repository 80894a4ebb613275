import request from 'supertest';
import type { FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { WhatsAppCloudClient } from '../../integrations/whatsapp-cloud/client';
import { inboundBody, postSigned } from '../../integrations/whatsapp-cloud/testing/fake-webhooks';
import { adminQuery } from '../../testing/harness';
import { binaryBody, createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { configureWhatsAppChannel, startWhatsAppStack, type TestNumber } from '../../testing/whatsapp-harness';
import { eventually } from '../../testing/eventually';
import { conversationWorkflowIdOf } from '../../testing/contact-workflow-ids';
import { contactKeysFromDatabase } from '../../temporal/contact-keys';
import { workflowHandoff } from '../../temporal/workflow-handoff';

const APP_SECRET = 'astor-development-app-secret';

const count = async (sql: string, params: unknown[]) => Number((await adminQuery<{ n: string }>(sql, params))[0]!.n);

describe('WhatsApp Cloud webhooks into durable conversations', () => {
  let api: TestApi;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
  let fake: FakeWhatsAppCloud;
  let a: Awaited<ReturnType<typeof createStaffedTenant>>;
  let b: Awaited<ReturnType<typeof createStaffedTenant>>;
  let numberA: TestNumber;
  let numberB: TestNumber;
  let webhookUrl: string;

  beforeAll(async () => {
    api = await startTestApi();
    [a, b] = [await createStaffedTenant(api.db, 'Wa A'), await createStaffedTenant(api.db, 'Wa B')];
    [numberA, numberB] = [await configureWhatsAppChannel(api.db, a.tenant.id, APP_SECRET), await configureWhatsAppChannel(api.db, b.tenant.id, APP_SECRET)];
    await api.db.inTenant(a.tenant.id, (tx) =>
      tx.assistant.create({ data: { tenantId: a.tenant.id, name: 'Bot', greeting: '¡Hola! ¿Comprar o alquilar?', handoffKeywords: ['asesor'], faq: [{ question: 'horario', answer: 'De 9 a 18.' }] } }),
    );
    stack = await startWhatsAppStack(api, [numberA, numberB]);
    ({ fake, webhookUrl } = stack);
  });

  afterAll(async () => {
    await stack.stop();
    await api.close();
  });

  it('answers the verification challenge only for the right token', async () => {
    const query = { 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': api.deps.config.whatsapp.verifyToken };
    const ok = await request(api.app).get('/webhooks/whatsapp').query(query).expect(200);
    expect(ok.text).toBe('1158201444');
    await request(api.app).get('/webhooks/whatsapp').query({ ...query, 'hub.verify_token': 'wrong' }).expect(403);
  });

  it('refuses a delivery with a bad or missing signature before storing anything', async () => {
    const body = { object: 'whatsapp_business_account', entry: [] };
    expect(await postSigned(webhookUrl, body, APP_SECRET, 'sha256=' + '0'.repeat(64))).toBe(401);
    expect(await postSigned(webhookUrl, body, APP_SECRET, null)).toBe(401);
    expect(await postSigned(webhookUrl, body, 'another app secret')).toBe(401);
    expect(await postSigned(webhookUrl, { object: 'nonsense' }, APP_SECRET)).toBe(400);
  });

  it('acknowledges a delivery for an unknown number and stores nothing for anyone', async () => {
    const unknown = { ...numberA, phoneNumberId: 'pn-nobody' };
    // A contact and message id no other suite uses (they share the database and the fuzzer makes leads).
    const from = `54911${String(Date.now()).slice(-8)}`;
    const id = `wamid.unknown-${from}`;
    expect(await postSigned(webhookUrl, inboundBody(unknown, { from, id, text: 'hola' }), APP_SECRET)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await count(`SELECT count(*) AS n FROM "Message" WHERE "providerMessageId" = $1`, [id])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM "Lead" WHERE phone = $1`, [`+${from}`])).toBe(0);
  });

  it('turns a message delivered three times into one message, one lead and one bot reply', async () => {
    const contact = '5491161110001';
    const id = 'wamid.dup-0001';
    for (let i = 0; i < 3; i += 1) expect((await fake.deliverInbound(numberA.phoneNumberId, { from: contact, name: 'Julia', id, text: 'Hola' })).status).toBe(200);
    const replies = await eventually(async () => fake.sentTo(contact), (sent) => sent.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(fake.sentTo(contact)).toHaveLength(1);
    expect(replies[0]!.body).toMatchObject({ type: 'text', text: { body: '¡Hola! ¿Comprar o alquilar?' } });
    expect(await count(`SELECT count(*) AS n FROM "Message" WHERE "providerMessageId" = $1`, [id])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM "Lead" WHERE "tenantId" = $1 AND phone = $2`, [a.tenant.id, `+${contact}`])).toBe(1);
    const lead = await adminQuery<{ name: string; origin: string }>(`SELECT name, origin FROM "Lead" WHERE "tenantId" = $1 AND phone = $2`, [a.tenant.id, `+${contact}`]);
    expect(lead[0]).toEqual({ name: 'Julia', origin: 'WHATSAPP' });
  });

  it('sends a bot reply once from the workflow task, and hands one the provider refused to the retrying activity', async () => {
    const contact = '5491161110011';
    fake.limitNextSends(1, 'throughput');
    await fake.deliverInbound(numberA.phoneNumberId, { from: contact, text: 'Hola' });
    const replies = await eventually(async () => fake.sentTo(contact), (sent) => sent.length >= 1);
    expect(replies[0]!.body).toMatchObject({ type: 'text', text: { body: '¡Hola! ¿Comprar o alquilar?' } });
    const workflowId = await conversationWorkflowIdOf(api.db, a.tenant.id, 'WHATSAPP_CLOUD', `+${contact}`);
    const scheduled = async () => (await api.temporal.workflow.getHandle(workflowId).fetchHistory()).events!.flatMap((event) => (event.activityTaskScheduledEventAttributes ? [event.activityTaskScheduledEventAttributes.activityType!.name] : []));
    expect(await scheduled()).toEqual(['sendMessage']);

    await fake.deliverInbound(numberA.phoneNumberId, { from: contact, text: 'horario' });
    await eventually(async () => fake.sentTo(contact), (sent) => sent.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(fake.sentTo(contact).map((sent) => (sent.body.text as { body: string }).body)).toEqual(['¡Hola! ¿Comprar o alquilar?', 'De 9 a 18.']);
    expect(await scheduled()).toEqual(['sendMessage']);
  });

  it('answers a message that a task lost with its worker had already taken up, when its hand-off comes again', async () => {
    const contact = '5491161110009';
    const id = 'wamid.taken-up-by-a-lost-task';
    const tenantId = a.tenant.id;
    const message = await api.db.inTenant(tenantId, async (tx) => {
      const lead = await tx.lead.create({ data: { tenantId, phone: `+${contact}`, origin: 'WHATSAPP' } });
      const conversation = await tx.conversation.create({ data: { tenantId, leadId: lead.id, channel: 'WHATSAPP_CLOUD', contact: `+${contact}` } });
      const content = { providerMessageId: id, contact: `+${contact}`, type: 'text', text: 'horario', sentAt: new Date().toISOString() };
      return tx.message.create({ data: { tenantId, leadId: lead.id, conversationId: conversation.id, direction: 'INBOUND', type: 'TEXT', channel: 'WHATSAPP_CLOUD', body: 'horario', content, providerMessageId: id, status: 'RECEIVED', processedAt: new Date() } });
    });
    await workflowHandoff(api.temporal, api.deps.config.temporal.taskQueue, contactKeysFromDatabase(api.db)).inboundMessages(tenantId, 'WHATSAPP_CLOUD', `+${contact}`, [{ messageId: message.id, providerMessageId: id }]);
    const replies = await eventually(async () => fake.sentTo(contact), (sent) => sent.length >= 1);
    expect(replies[0]!.body).toMatchObject({ type: 'text', text: { body: 'De 9 a 18.' } });
    expect(await count(`SELECT count(*) AS n FROM "Message" WHERE "providerMessageId" = $1`, [id])).toBe(1);
  });

  it('keeps the photo and the document a contact sent, for the agency staff to see', async () => {
    const graph = new WhatsAppCloudClient({ baseUrl: fake.baseUrl, apiVersion: 'v21.0', accessToken: numberA.accessToken, phoneNumberId: numberA.phoneNumberId });
    const photo = Buffer.from('\xff\xd8\xff\xe0 a photo of the flat', 'latin1');
    const photoId = (await graph.uploadMedia(photo, 'image/jpeg', 'depto.jpg')).id;
    const sheetId = (await graph.uploadMedia(Buffer.from('<script>alert(1)</script>'), 'application/vnd.ms-excel', 'tasacion.xls')).id;
    await fake.deliverInbound(numberA.phoneNumberId, { from: '5491177000001', id: 'wamid.photo-1', message: { type: 'image', image: { id: photoId, mime_type: 'image/jpeg', caption: 'Así está el depto' } } });
    await fake.deliverInbound(numberA.phoneNumberId, { from: '5491177000001', id: 'wamid.sheet-1', message: { type: 'document', document: { id: sheetId, mime_type: 'application/vnd.ms-excel', filename: 'tasación <1>.xls' } } });

    const stored = async (wamid: string) => (await adminQuery<{ id: string; mediaUrl: string | null }>(`SELECT id, "mediaUrl" FROM "Message" WHERE "providerMessageId" = $1`, [wamid]))[0];
    const image = await eventually(() => stored('wamid.photo-1'), (row) => Boolean(row?.mediaUrl), 20_000);
    const shown = await request(api.app).get(image!.mediaUrl!).set('Authorization', a.agent.auth).buffer(true).parse(binaryBody).expect(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(shown.body as Buffer, photo)).toBe(0);

    const sheet = await eventually(() => stored('wamid.sheet-1'), (row) => Boolean(row?.mediaUrl), 20_000);
    const download = await request(api.app).get(sheet!.mediaUrl!).set('Authorization', a.agent.auth).expect(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="tasaci_n _1_.xls"; filename*=UTF-8''${encodeURIComponent('tasación <1>.xls')}`);
    await request(api.app).get(image!.mediaUrl!).set('Authorization', b.agent.auth).expect(404);
  });

  it('records delivery statuses reported back by the provider on the outbound message', async () => {
    const contact = '5491161110002';
    await fake.deliverInbound(numberA.phoneNumberId, { from: contact, text: 'Hola' });
    await eventually(
      async () => (await adminQuery<{ status: string }>(`SELECT status FROM "Message" WHERE "tenantId" = $1 AND direction = 'OUTBOUND' AND "leadId" = (SELECT id FROM "Lead" WHERE "tenantId" = $1 AND phone = $2)`, [a.tenant.id, `+${contact}`]))[0]?.status,
      (value) => value === 'READ',
    );
  });

  it('hands off to an available agent when the contact asks for one, and the agent reply reaches the contact', async () => {
    await request(api.app).put('/api/me/availability').set('Authorization', a.agent.auth).send({ availability: 'AVAILABLE' }).expect(200);
    const contact = '5491161110003';
    await fake.deliverInbound(numberA.phoneNumberId, { from: contact, text: 'Hola' });
    await fake.deliverInbound(numberA.phoneNumberId, { from: contact, text: 'Quiero hablar con un asesor' });
    const conversation = await eventually(
      async () => (await adminQuery<{ id: string; assigneeId: string | null; botActive: boolean }>(`SELECT id, "assigneeId", "botActive" FROM "Conversation" WHERE "tenantId" = $1 AND contact = $2`, [a.tenant.id, `+${contact}`]))[0],
      (row) => Boolean(row?.assigneeId),
    );
    expect(conversation).toMatchObject({ assigneeId: a.agent.id, botActive: false });
    await request(api.app).post(`/api/conversations/${conversation!.id}/reply`).set('Authorization', a.agent.auth).send({ text: 'Hola Julia, soy tu asesora' }).expect(201);
    const sent = await eventually(async () => fake.sentTo(contact), (messages) => messages.some((message) => JSON.stringify(message.body).includes('soy tu asesora')));
    expect(sent.filter((message) => JSON.stringify(message.body).includes('soy tu asesora'))).toHaveLength(1);
  });

  it('keeps two agencies apart when the same person writes to both at once', async () => {
    const contact = '5491161110004';
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => fake.deliverInbound(numberA.phoneNumberId, { from: contact, text: `A ${i}` })),
      ...Array.from({ length: 5 }, (_, i) => fake.deliverInbound(numberB.phoneNumberId, { from: contact, text: `B ${i}` })),
    ]);
    const inbound = (tenantId: string) => count(`SELECT count(*) AS n FROM "Message" WHERE "tenantId" = $1 AND direction = 'INBOUND' AND body LIKE '_ _' AND "leadId" IN (SELECT id FROM "Lead" WHERE phone = $2)`, [tenantId, `+${contact}`]);
    await eventually(() => inbound(a.tenant.id), (n) => n === 5);
    await eventually(() => inbound(b.tenant.id), (n) => n === 5);
    const bodies = async (tenantId: string) => (await adminQuery<{ body: string }>(`SELECT body FROM "Message" WHERE "tenantId" = $1 AND direction = 'INBOUND' AND "leadId" IN (SELECT id FROM "Lead" WHERE phone = $2)`, [tenantId, `+${contact}`])).map((row) => row.body).sort();
    expect(await bodies(a.tenant.id)).toEqual(['A 0', 'A 1', 'A 2', 'A 3', 'A 4']);
    expect(await bodies(b.tenant.id)).toEqual(['B 0', 'B 1', 'B 2', 'B 3', 'B 4']);
    const listA = await request(api.app).get('/api/leads').query({ q: contact }).set('Authorization', a.admin.auth).expect(200);
    const listB = await request(api.app).get('/api/leads').query({ q: contact }).set('Authorization', b.admin.auth).expect(200);
    expect(listA.body.items).toHaveLength(1);
    expect(listB.body.items).toHaveLength(1);
    expect(listA.body.items[0].id).not.toBe(listB.body.items[0].id);
  });
});
