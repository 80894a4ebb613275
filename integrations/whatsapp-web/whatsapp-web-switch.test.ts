import request from 'supertest';
import { ApplicationFailure } from '@temporalio/common';
import type { FakeWhatsAppCloud } from '../whatsapp-cloud/testing/fake-server';
import { testWebhookInbox } from '../../testing/api-harness';
import { recordStatuses } from '../../testing/inbox-harness';
import { createMessagingActivities, type SendMessageInput } from '../../activities/messaging.activities';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { configureWhatsAppChannel, type TestNumber } from '../../testing/whatsapp-harness';
import { bridgeWorkerDeps, startWhatsAppWebStack } from '../../testing/whatsapp-web-harness';

const APP_SECRET = 'astor-development-app-secret';
type Staff = Awaited<ReturnType<typeof createStaffedTenant>>;

describe('the WhatsApp Web bridge as a tenant’s channel and as its fallback', () => {
  let stack: Awaited<ReturnType<typeof startWhatsAppWebStack>>;
  let cloud: FakeWhatsAppCloud;
  let a: Staff;
  let b: Staff;
  let c: Staff;
  let numbers: TestNumber[];
  let sessionA: string;
  let sessionC: string;

  const withGreeting = (staff: Staff) => stack.api.db.inTenant(staff.tenant.id, (tx) => tx.assistant.create({ data: { tenantId: staff.tenant.id, name: 'Bot', greeting: '¡Hola! ¿Comprar o alquilar?', handoffKeywords: [], faq: [] } }));
  const setMode = (staff: Staff, body: object) => request(stack.api.app).put('/api/channels/whatsapp/mode').set('Authorization', staff.admin.auth).send(body).expect(200);
  const messageTo = async (contact: string) => (await adminQuery<{ channel: string; status: string }>(`SELECT m.channel, m.status FROM "Message" m JOIN "Lead" l ON l.id = m."leadId" WHERE l.phone = $1 AND m.direction = 'OUTBOUND'`, [contact]))[0];

  beforeAll(async () => {
    stack = await startWhatsAppWebStack();
    [a, b, c] = [await createStaffedTenant(stack.api.db, 'Switch A'), await createStaffedTenant(stack.api.db, 'Switch B'), await createStaffedTenant(stack.api.db, 'Fallback C')];
    numbers = [await configureWhatsAppChannel(stack.api.db, a.tenant.id, APP_SECRET), await configureWhatsAppChannel(stack.api.db, b.tenant.id, APP_SECRET), await configureWhatsAppChannel(stack.api.db, c.tenant.id, APP_SECRET)];
    await Promise.all([withGreeting(a), withGreeting(b)]);
    cloud = await stack.connect(numbers);
    sessionA = await stack.pairWebSession(a.tenant.id, a.admin.auth);
    sessionC = await stack.pairWebSession(c.tenant.id, c.admin.auth);
  });
  afterAll(() => stack.stop());

  it("moves one agency's messages to the bridge when it switches, leaving the other agency on the Business API", async () => {
    const [numberA, numberB] = numbers as [TestNumber, TestNumber];
    await cloud.deliverInbound(numberA.phoneNumberId, { from: '5491180000001', text: 'Hola' });
    await eventually(() => cloud.sentTo('+5491180000001'), (sent) => sent.length === 1);

    await setMode(a, { apiType: 'WHATSAPP_WEB', fallbackToWeb: false });
    await cloud.deliverInbound(numberA.phoneNumberId, { from: '5491180000002', text: 'Hola' });
    await cloud.deliverInbound(numberB.phoneNumberId, { from: '5491180000003', text: 'Hola' });
    const viaBridge = await eventually(() => stack.bridge.sent(sessionA), (sent) => sent.length === 1);
    await eventually(() => cloud.sentTo('+5491180000003'), (sent) => sent.length === 1);

    expect(viaBridge[0]!.request).toMatchObject({ to: '5491180000002', text: { body: '¡Hola! ¿Comprar o alquilar?' } });
    expect(cloud.sentTo('+5491180000002')).toHaveLength(0);
    expect(stack.bridge.sent().filter((sent) => sent.request.to === '5491180000003')).toHaveLength(0);
    expect(await eventually(() => messageTo('+5491180000002'), (row) => row?.status === 'READ')).toEqual({ channel: 'WHATSAPP_WEB', status: 'READ' });
    expect(await messageTo('+5491180000003')).toMatchObject({ channel: 'WHATSAPP_CLOUD' });

    await setMode(a, { apiType: 'BUSINESS_API', fallbackToWeb: false });
    await cloud.deliverInbound(numberA.phoneNumberId, { from: '5491180000004', text: 'Hola' });
    await eventually(() => cloud.sentTo('+5491180000004'), (sent) => sent.length === 1);
    expect(stack.bridge.sent(sessionA)).toHaveLength(1);
  });

  it('answers a contact who wrote to the linked phone from that phone, even while the agency sends through the Business API', async () => {
    await setMode(a, { apiType: 'BUSINESS_API', fallbackToWeb: false });
    const before = stack.bridge.sent(sessionA).length;
    await stack.bridge.deliverInbound(sessionA, { from: '5491180000005', text: 'Hola' });
    const viaBridge = await eventually(() => stack.bridge.sent(sessionA), (sent) => sent.length === before + 1);
    expect(viaBridge.at(-1)!.request).toMatchObject({ to: '5491180000005', text: { body: '¡Hola! ¿Comprar o alquilar?' } });
    expect(cloud.sentTo('+5491180000005')).toHaveLength(0);
  });

  describe('fallback from a failed Business API send', () => {
    let send: ReturnType<typeof createMessagingActivities>['sendMessage'];
    let leadId: string;
    let key = 0;
    const input = (overrides: Partial<SendMessageInput> = {}): SendMessageInput => ({ tenantId: c.tenant.id, leadId, to: '+5491180000009', content: { kind: 'text', body: 'Te paso la ficha' }, idempotencyKey: `fallback:${++key}`, ...overrides });
    const row = (idempotencyKey: string) => stack.api.db.inTenant(c.tenant.id, (tx) => tx.message.findFirstOrThrow({ where: { idempotencyKey } }));
    const bridgeSends = (idempotencyKey: string) => stack.bridge.sent(sessionC).filter((sent) => sent.request.reference === idempotencyKey);
    const cloudSends = (idempotencyKey: string) => cloud.sent().filter((sent) => sent.body.biz_opaque_callback_data === idempotencyKey);

    beforeAll(async () => {
      await setMode(c, { apiType: 'BUSINESS_API', fallbackToWeb: true });
      leadId = (await stack.api.db.inTenant(c.tenant.id, (tx) => tx.lead.create({ data: { tenantId: c.tenant.id, phone: '+5491180000009' } }))).id;
      send = createMessagingActivities(bridgeWorkerDeps(stack.api, cloud.baseUrl)).sendMessage;
    });

    it('sends through the Web session when the Business API refuses for good, marks it, and never sends twice', async () => {
      cloud.failNext(1, { httpStatus: 400, code: 131026, message: 'Message undeliverable' });
      const message = input();
      const result = await send(message);
      expect(result).toMatchObject({ status: 'SENT', providerMessageId: bridgeSends(message.idempotencyKey)[0]!.id });
      // The fake bridge reports delivery and reading at once: the row may already be past SENT.
      expect(await row(message.idempotencyKey)).toMatchObject({ channel: 'WHATSAPP_WEB', status: expect.stringMatching(/^(SENT|DELIVERED|READ)$/) });
      const events = await adminQuery<{ payload: { from: string; to: string; code: string } }>(`SELECT payload FROM "Event" WHERE "leadId" = $1 AND type = 'message.fallback'`, [leadId]);
      expect(events.map((event) => event.payload)).toEqual([expect.objectContaining({ from: 'WHATSAPP_CLOUD', to: 'WHATSAPP_WEB', code: '131026' })]);
      expect(await send(message)).toEqual(result);
      expect(bridgeSends(message.idempotencyKey)).toHaveLength(1);
      expect(cloudSends(message.idempotencyKey)).toHaveLength(0);
    });

    it('resends through the Web session, once, a message the Business API accepted and later reported failed', async () => {
      const phone = '+5491180000010';
      const lead = await stack.api.db.inTenant(c.tenant.id, (tx) => tx.lead.create({ data: { tenantId: c.tenant.id, phone } }));
      cloud.failRecipient(phone);
      const message = input({ leadId: lead.id, to: phone });
      // Meta's failed status can reach the row before the send records its answer: the send then reports it.
      expect(['SENT', 'FAILED']).toContain((await send(message)).status);

      const resent = await eventually(() => bridgeSends(`fallback:${message.idempotencyKey}`), (sends) => sends.length > 0, 20_000);
      expect(resent).toEqual([expect.objectContaining({ request: expect.objectContaining({ to: '5491180000010', text: { body: 'Te paso la ficha' } }) })]);
      const original = await row(message.idempotencyKey);
      expect(original).toMatchObject({ channel: 'WHATSAPP_CLOUD', status: 'FAILED', errorCode: '131026' });
      expect(await eventually(() => row(`fallback:${message.idempotencyKey}`), (fallback) => fallback.status !== 'QUEUED')).toMatchObject({ channel: 'WHATSAPP_WEB', status: expect.stringMatching(/SENT|DELIVERED|READ/) });
      const events = await adminQuery<{ payload: { failedMessageId: string; code: string } }>(`SELECT payload FROM "Event" WHERE "leadId" = $1 AND type = 'message.fallback'`, [lead.id]);
      expect(events.map((event) => event.payload)).toEqual([expect.objectContaining({ failedMessageId: original.id, from: 'WHATSAPP_CLOUD', to: 'WHATSAPP_WEB', code: '131026' })]);

      const inbox = testWebhookInbox(stack.api.deps.config);
      await recordStatuses(inbox, c.tenant.id, [{ providerMessageId: original.providerMessageId!, status: 'failed', at: new Date().toISOString(), recipient: '5491180000010', error: { code: '131026', title: 'Message undeliverable' } }]);
      await inbox.close();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(bridgeSends(`fallback:${message.idempotencyKey}`)).toHaveLength(1);
    });

    it('keeps a retried message on the Web session once it moved there', async () => {
      cloud.failNext(1, { httpStatus: 400, code: 131026, message: 'Message undeliverable' });
      stack.bridge.failNext(1, { httpStatus: 429, code: 'rate_limited', retryAfterSeconds: 1 });
      const message = input();
      const thrown = await send(message).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(ApplicationFailure);
      expect((thrown as ApplicationFailure).nonRetryable).toBe(false);
      expect(await row(message.idempotencyKey)).toMatchObject({ channel: 'WHATSAPP_WEB', status: 'QUEUED', sendAttemptedAt: null });
      expect(await send(message)).toMatchObject({ status: 'SENT' });
      expect(bridgeSends(message.idempotencyKey)).toHaveLength(1);
      expect(cloudSends(message.idempotencyKey)).toHaveLength(0);
    });

    it('does not fall back for a template, which only the Business API can send', async () => {
      cloud.failNext(1, { httpStatus: 400, code: 131026, message: 'Message undeliverable' });
      const message = input({ content: { kind: 'template', name: 'bienvenida', language: 'es_AR' } });
      expect(await send(message)).toMatchObject({ status: 'FAILED', error: { code: '131026' } });
      expect(await row(message.idempotencyKey)).toMatchObject({ channel: 'WHATSAPP_CLOUD' });
      expect(bridgeSends(message.idempotencyKey)).toHaveLength(0);
    });

    it('falls back on a refused token and still shows the Business API as broken (breaks the channel: runs late)', async () => {
      cloud.failNext(1, { httpStatus: 401, code: 190, message: 'Error validating access token' });
      const message = input();
      expect(await send(message)).toMatchObject({ status: 'SENT' });
      expect(await row(message.idempotencyKey)).toMatchObject({ channel: 'WHATSAPP_WEB' });
      expect(await stack.api.db.inTenant(c.tenant.id, (tx) => tx.tenantIntegration.findFirstOrThrow({ where: { provider: 'WHATSAPP_CLOUD' } }))).toMatchObject({ health: 'UNHEALTHY' });
    });

    it('fails, clearly and once, a message that moved to a Web session unlinked since', async () => {
      cloud.failNext(1, { httpStatus: 401, code: 190, message: 'Error validating access token' });
      stack.bridge.failNext(1, { httpStatus: 503, code: 'internal' });
      const message = input();
      await expect(send(message)).rejects.toBeInstanceOf(ApplicationFailure);
      await request(stack.api.app).delete('/api/channels/whatsapp/web-session').set('Authorization', c.admin.auth).expect(204);
      expect(await send(message)).toMatchObject({ status: 'FAILED', error: { message: expect.stringContaining('No WhatsApp Web session') } });
      expect(await row(message.idempotencyKey)).toMatchObject({ channel: 'WHATSAPP_WEB', status: 'FAILED' });
      expect(bridgeSends(message.idempotencyKey)).toHaveLength(0);
    });
  });
});
