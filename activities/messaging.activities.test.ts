import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Database } from '../prisma/client';
import { adminQuery, connectTemporal, createTestTenant, openDatabase, workerDeps } from '../testing/harness';
import { configureWhatsAppChannel, type TestNumber } from '../testing/whatsapp-harness';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';
import { testWebhookInbox } from '../testing/api-harness';
import { recordStatuses } from '../testing/inbox-harness';
import { createMessagingActivities, type SendMessageInput } from './messaging.activities';
import type { Client } from '@temporalio/client';

describe('sendMessage: at most once per key, failures recorded', () => {
  let db: Database;
  let temporal: Client;
  let fake: FakeWhatsAppCloud;
  let number: TestNumber;
  let tenantId: string;
  let leadId: string;
  let send: ReturnType<typeof createMessagingActivities>['sendMessage'];
  let key = 0;
  const inbox = testWebhookInbox();
  const input = (overrides: Partial<SendMessageInput> = {}): SendMessageInput => ({ tenantId, leadId, to: '+5491155550199', content: { kind: 'text', body: 'Hola' }, idempotencyKey: `test:${++key}`, ...overrides });
  const row = (idempotencyKey: string) => db.inTenant(tenantId, (tx) => tx.message.findFirstOrThrow({ where: { idempotencyKey } }));

  /** Dispatches a message whose answer never comes back, as when the worker dies mid-call. */
  async function loseAnswerOf(message: SendMessageInput): Promise<void> {
    fake.setAvailability('hang');
    const deps = workerDeps(db, temporal, 'unused', { graphUrl: fake.baseUrl });
    const original = deps.channels.forTenant.bind(deps.channels);
    deps.channels.forTenant = async (id) => {
      const channel = await original(id);
      return { channel: channel.channel, uploadMedia: (...args) => channel.uploadMedia(...args), send: (to, content, options) => Promise.race([channel.send(to, content, options), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('worker died')), 200))]) };
    };
    await expect(createMessagingActivities(deps).sendMessage(message)).rejects.toThrow('worker died');
    fake.setAvailability('ok');
  }

  beforeAll(async () => {
    db = openDatabase();
    temporal = await connectTemporal();
    tenantId = (await createTestTenant(db, 'Sender')).id;
    number = await configureWhatsAppChannel(db, tenantId, 'app-secret-for-tests');
    fake = await startFakeWhatsAppCloud({ numbers: [number], statuses: [] });
    leadId = (await db.inTenant(tenantId, (tx) => tx.lead.create({ data: { tenantId, phone: '+5491155550199' } }))).id;
    send = createMessagingActivities(workerDeps(db, temporal, 'unused', { graphUrl: fake.baseUrl })).sendMessage;
  });
  afterAll(async () => {
    await fake.stop();
    await inbox.close();
    await temporal.connection.close();
    await db.disconnect();
  });

  it('calls the provider once however often the same key is sent', async () => {
    const message = input();
    const [first, second] = [await send(message), await send(message)];
    expect(second).toEqual(first);
    expect(first.status).toBe('SENT');
    expect(fake.sent().filter((sent) => sent.body.biz_opaque_callback_data === message.idempotencyKey)).toHaveLength(1);
  });

  it('records a non-retryable failure on the message and does not throw', async () => {
    fake.failNext(1, { httpStatus: 400, code: 131026, message: 'Message undeliverable' });
    const message = input();
    const result = await send(message);
    expect(result).toMatchObject({ status: 'FAILED', error: { code: '131026' } });
    expect(await row(message.idempotencyKey)).toMatchObject({ status: 'FAILED', errorCode: '131026', errorMessage: expect.stringContaining('undeliverable') });
  });

  it('retries throttling, then sends', async () => {
    fake.failNext(1, { httpStatus: 400, code: 130429, message: 'Rate limit hit' });
    const message = input();
    const thrown = await send(message).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    expect((thrown as ApplicationFailure).nonRetryable).toBe(false);
    expect((await send(message)).status).toBe('SENT');
  });

  it('records a retryable refusal on the message as FAILED once its retries are spent, instead of leaving it queued', async () => {
    fake.failNext(1, { httpStatus: 400, code: 130429, message: 'Rate limit hit' });
    const message = input();
    const lastAttempt = new MockActivityEnvironment({ attempt: 30, retryPolicy: { maximumAttempts: 30 } });
    expect(await lastAttempt.run(send, message)).toMatchObject({ status: 'FAILED', error: { code: '130429' } });
    expect(await row(message.idempotencyKey)).toMatchObject({ status: 'FAILED', errorCode: '130429' });
  });

  it('does not resend when the outcome of an attempt is unknown, and adopts the provider id from the status webhook', async () => {
    const message = input();
    await loseAnswerOf(message);
    await expect(send(message)).rejects.toMatchObject({ type: 'SendOutcomeUnknown' });
    await recordStatuses(inbox, tenantId, [{ providerMessageId: 'wamid.from-the-lost-attempt', status: 'sent', at: new Date().toISOString(), recipient: '5491155550199', callbackData: message.idempotencyKey }]);
    expect(await send(message)).toMatchObject({ status: 'SENT', providerMessageId: 'wamid.from-the-lost-attempt' });
  });

  it('keeps a status that reached the message before the send recorded its own outcome', async () => {
    const message = input();
    const deps = workerDeps(db, temporal, 'unused', { graphUrl: fake.baseUrl });
    const original = deps.channels.forTenant.bind(deps.channels);
    // Meta's "read" webhook wins the race with the worker's bookkeeping of the send.
    deps.channels.forTenant = async (id) => {
      const channel = await original(id);
      const send: typeof channel.send = async (to, content, options) => {
        const sent = await channel.send(to, content, options);
        await recordStatuses(inbox, tenantId, [{ providerMessageId: sent.providerMessageId, status: 'read', at: new Date().toISOString(), recipient: '5491155550199', callbackData: message.idempotencyKey }]);
        return sent;
      };
      return { channel: channel.channel, uploadMedia: (...args) => channel.uploadMedia(...args), send };
    };
    expect(await createMessagingActivities(deps).sendMessage(message)).toMatchObject({ status: 'SENT' });
    expect(await row(message.idempotencyKey)).toMatchObject({ status: 'READ', readAt: expect.any(Date), sentAt: expect.any(Date) });
  });

  /** A lost attempt dispatched `secondsAgo`, then a later send whose "sent" status has come. */
  async function overtakeLostAttempt(secondsAgo: number): Promise<SendMessageInput> {
    const lost = input();
    await loseAnswerOf(lost);
    // Only the send below may confirm anything: statuses recorded by earlier tests would too.
    await adminQuery(`UPDATE "Message" SET "statusReceivedAt" = NULL WHERE "tenantId" = $1`, [tenantId]);
    await adminQuery(`UPDATE "Message" SET "sendAttemptedAt" = "sendAttemptedAt" - make_interval(secs => $3) WHERE "tenantId" = $1 AND "idempotencyKey" = $2`, [tenantId, lost.idempotencyKey, secondsAgo]);
    const later = input();
    const laterResult = await send(later);
    await expect(send(lost)).rejects.toMatchObject({ type: 'SendOutcomeUnknown' });
    await recordStatuses(inbox, tenantId, [{ providerMessageId: laterResult.providerMessageId!, status: 'sent', at: new Date().toISOString(), recipient: '5491155550199', callbackData: later.idempotencyKey }]);
    return lost;
  }
  const sendsOf = (message: SendMessageInput) => fake.sent().filter((sent) => sent.body.biz_opaque_callback_data === message.idempotencyKey);

  it('sends again once the status of a send dispatched after a lost attempt shows that attempt never reached the provider', async () => {
    const lost = await overtakeLostAttempt(61);
    expect(await send(lost)).toMatchObject({ status: 'SENT' });
    expect(sendsOf(lost)).toHaveLength(1);
  });

  it('does not send again while the lost attempt\'s own status may still come after later ones (statuses in no order)', async () => {
    const lost = await overtakeLostAttempt(20);
    await expect(send(lost)).rejects.toMatchObject({ type: 'SendOutcomeUnknown' });
    // The lost attempt had reached Meta: its status comes late, on a retry, and settles it.
    await recordStatuses(inbox, tenantId, [{ providerMessageId: 'wamid.late-status', status: 'sent', at: new Date().toISOString(), recipient: '5491155550199', callbackData: lost.idempotencyKey }]);
    expect(await send(lost)).toMatchObject({ status: 'SENT', providerMessageId: 'wamid.late-status' });
    expect(sendsOf(lost)).toHaveLength(0);
  });

  it('fails clearly for an agency without a WhatsApp channel', async () => {
    const other = (await createTestTenant(db, 'No channel')).id;
    const otherLead = (await db.inTenant(other, (tx) => tx.lead.create({ data: { tenantId: other, phone: '+5491155550198' } }))).id;
    const result = await send(input({ tenantId: other, leadId: otherLead }));
    expect(result).toMatchObject({ status: 'FAILED', error: { message: expect.stringContaining('No WhatsApp channel') } });
  });

  it('fails fast on a refused token and shows the channel and its integration as broken (runs last: it breaks the channel)', async () => {
    fake.failNext(1, { httpStatus: 401, code: 190, message: 'Error validating access token: Session has expired' });
    const result = await send(input());
    expect(result).toMatchObject({ status: 'FAILED', error: { code: '190' } });
    const [channel, integration] = await db.inTenant(tenantId, async (tx) => [await tx.whatsAppChannel.findFirstOrThrow(), await tx.tenantIntegration.findFirstOrThrow({ where: { provider: 'WHATSAPP_CLOUD' } })] as const);
    expect(channel.status).toBe('ERROR');
    expect(integration).toMatchObject({ health: 'UNHEALTHY', lastError: expect.stringContaining('Session has expired') });
  });
});
