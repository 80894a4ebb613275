import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Client } from 'pg';
import request from 'supertest';
import { contactsMessage, inboundBody, postSigned, reactionMessage, statusBody, stickerMessage } from '../../integrations/whatsapp-cloud/testing/fake-webhooks';
import type { InboxEvent } from '../../prisma/inbox-events';
import { createApp } from '../../api/server';
import { adminQuery, connectTemporal, openDatabase, silentLogger, testConfig, testSecretBox } from '../../testing/harness';
import { createStaffedTenant, idleInbox, platformBearer, startTestApi, testWebhookInbox, type TestApi } from '../../testing/api-harness';
import { configureWhatsAppChannel, listenOnLoopback, type TestNumber } from '../../testing/whatsapp-harness';
import { conversationWorkflowIdOf } from '../../testing/contact-workflow-ids';
import { eventually } from '../../testing/eventually';
import { harnessValue } from '../../testing/harness-env';
import { metricValue } from '../../observability/testing/metric-values';
import { statusEdgeEvent } from './edge-events';
import { whatsAppCloudDelivery } from './whatsapp-cloud-delivery';
import { createWebhookInbox, ingestDocument, type WebhookInbox } from './webhook-inbox';

const APP_SECRET = 'astor-development-app-secret';

/** The edge write on its own: no worker and no relay run here, so nothing reaches Temporal. */
describe('webhook inbox: deliveries stored before the 200', () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let number: TestNumber;
  let webhookUrl: string;
  const deliver = (body: unknown) => postSigned(webhookUrl, body, APP_SECRET);
  const inbound = (from: string, extra: Partial<Parameters<typeof inboundBody>[1]> = {}) => {
    const id = `wamid.${randomUUID()}`;
    return { id, body: inboundBody(number, { from, id, ...extra }) };
  };
  const messageOf = (id: string) =>
    adminQuery<{ id: string; type: string; body: string | null; mimeType: string | null; contextProviderId: string | null; contactReaction: string | null; processedAt: Date | null; conversationId: string; leadId: string; content: Record<string, unknown> }>(
      `SELECT id, type::text, body, "mimeType", "contextProviderId", "contactReaction", "processedAt", "conversationId", "leadId", content FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" = $2`,
      [staff.tenant.id, id],
    );
  const outboxOf = (tenantId: string) => adminQuery<{ kind: string; payload: Record<string, unknown> }>(`SELECT kind, payload FROM "Outbox" WHERE "tenantId" = $1 ORDER BY id`, [tenantId]);

  beforeAll(async () => {
    api = await startTestApi();
    server = await listenOnLoopback(api.app);
    webhookUrl = `${server.baseUrl}/webhooks/whatsapp`;
    staff = await createStaffedTenant(api.db, 'Inbox');
    number = await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET);
  });

  afterAll(async () => {
    server.close();
    await api.close();
  });

  it('stores a message, puts it on the agent’s screen and queues its hand-off, all before any Temporal call', async () => {
    const heard: InboxEvent[] = [];
    const unsubscribe = await api.deps.inbox.subscribe({ tenantId: staff.tenant.id, accepts: () => true, send: (event) => heard.push(event) });
    const { id, body } = inbound('5491170000001', { text: 'Hola, ¿sigue disponible?' });
    expect(await deliver(body)).toBe(200);

    const [message] = await messageOf(id);
    expect(message).toMatchObject({ type: 'TEXT', body: 'Hola, ¿sigue disponible?', processedAt: null });
    await eventually(async () => heard.length, (count) => count > 0);
    expect(heard).toEqual([expect.objectContaining({ type: 'message.created', messageId: message!.id, conversationId: message!.conversationId })]);
    unsubscribe();
    const queued = await outboxOf(staff.tenant.id);
    expect(queued.map((row) => row.kind)).toEqual(['lead.first_contact', 'conversation.inbound']);
    const workflowId = await conversationWorkflowIdOf(api.db, staff.tenant.id, 'WHATSAPP_CLOUD', '+5491170000001');
    await expect(api.temporal.workflow.getHandle(workflowId).describe()).rejects.toThrow(/not found/i);

    expect(await deliver(body)).toBe(200);
    expect(await messageOf(id)).toHaveLength(1);
    expect((await outboxOf(staff.tenant.id)).filter((row) => row.payload.providerMessageId === id)).toHaveLength(1);
  });

  it('keeps each inbound type’s meaning, and the inbox API shows reactions and quoted messages', async () => {
    const contact = '5491170000002';
    const first = inbound(contact, { text: 'Me interesa el PH de Palermo' });
    await deliver(first.body);
    const [quoted] = await messageOf(first.id);

    const reply = inbound(contact, { text: '¿Tiene cochera?', replyTo: first.id });
    const sticker = inbound(contact, { message: stickerMessage('media-sticker-1', true) });
    const card = inbound(contact, { message: contactsMessage({ firstName: 'Lucía', lastName: 'Fernández', phones: ['+54 9 11 5555-0202'], email: 'lucia@example.com' }) });
    const reaction = inbound(contact, { message: reactionMessage(first.id, '❤️') });
    for (const delivery of [reply, sticker, card, reaction]) expect(await deliver(delivery.body)).toBe(200);

    expect((await messageOf(reply.id))[0]).toMatchObject({ type: 'TEXT', contextProviderId: first.id });
    expect((await messageOf(sticker.id))[0]).toMatchObject({ type: 'STICKER', mimeType: 'image/webp' });
    const [stored] = await messageOf(card.id);
    expect(stored).toMatchObject({ type: 'CONTACTS', content: expect.objectContaining({ contacts: [expect.objectContaining({ name: 'Lucía Fernández', emails: ['lucia@example.com'] })] }) });
    expect(await messageOf(reaction.id)).toEqual([]);
    expect((await messageOf(first.id))[0]!.contactReaction).toBe('❤️');

    const page = await request(api.app).get(`/api/conversations/${quoted!.conversationId}/messages`).set('Authorization', staff.agent.auth).expect(200);
    const shown = new Map(page.body.items.map((message: { providerMessageId: string }) => [message.providerMessageId, message]));
    expect(shown.get(first.id)).toMatchObject({ reaction: '❤️', replyTo: null });
    expect(shown.get(reply.id)).toMatchObject({ replyTo: { id: quoted!.id, preview: 'Me interesa el PH de Palermo' } });

    const removal = inbound(contact, { message: reactionMessage(first.id) });
    await deliver(removal.body);
    expect((await messageOf(first.id))[0]!.contactReaction).toBeNull();

    const lead = await request(api.app).post(`/api/messages/${stored!.id}/contacts/0/lead`).set('Authorization', staff.agent.auth).expect(201);
    expect(lead.body).toMatchObject({ name: 'Lucía Fernández', phone: '+5491155550202', email: 'lucia@example.com', origin: 'REFERRAL' });
    const again = await request(api.app).post(`/api/messages/${stored!.id}/contacts/0/lead`).set('Authorization', staff.agent.auth).expect(409);
    expect(again.body.existingLeadId).toBe(lead.body.id);
  });

  it('records the click-to-WhatsApp ad a contact came from, and files a new contact as a Meta ads lead', async () => {
    const { id, body } = inbound('5491170000003', { text: 'Vi el anuncio', referral: { headline: 'Departamentos en Palermo', ctwaClid: 'ctwa-123' } });
    await deliver(body);
    const [message] = await messageOf(id);
    expect(message!.content).toMatchObject({ referral: { headline: 'Departamentos en Palermo', ctwaClid: 'ctwa-123' } });
    const [lead] = await adminQuery<{ origin: string; sourceDetails: Record<string, unknown> }>(`SELECT origin::text, "sourceDetails" FROM "Lead" WHERE id = $1`, [message!.leadId]);
    expect(lead).toMatchObject({ origin: 'META_ADS', sourceDetails: { adReferral: expect.objectContaining({ headline: 'Departamentos en Palermo', ctwaClid: 'ctwa-123' }) } });
  });

  it('applies a status that came before its send the moment the send records the provider id', async () => {
    const wamid = `wamid.${randomUUID()}`;
    const lead = await api.db.inTenant(staff.tenant.id, (tx) => tx.lead.create({ data: { tenantId: staff.tenant.id, phone: '+5491170000004' } }));
    const outbound = await api.db.inTenant(staff.tenant.id, (tx) =>
      tx.message.create({ data: { tenantId: staff.tenant.id, leadId: lead.id, direction: 'OUTBOUND', type: 'TEXT', channel: 'WHATSAPP_CLOUD', body: 'Hola', status: 'QUEUED', idempotencyKey: `test:${wamid}` } }),
    );
    expect(await deliver(statusBody(number, { id: wamid, status: 'delivered', recipient: '5491170000004' }))).toBe(200);
    expect(await deliver(statusBody(number, { id: wamid, status: 'sent', recipient: '5491170000004' }))).toBe(200);
    expect(await adminQuery(`SELECT 1 FROM "PendingStatus" WHERE "providerMessageId" = $1`, [wamid])).toHaveLength(2);

    await api.db.inTenant(staff.tenant.id, (tx) => tx.message.update({ where: { id: outbound.id }, data: { status: 'SENT', providerMessageId: wamid } }));
    const [applied] = await adminQuery<{ status: string; deliveredAt: Date | null }>(`SELECT status::text, "deliveredAt" FROM "Message" WHERE id = $1`, [outbound.id]);
    expect(applied).toMatchObject({ status: 'DELIVERED', deliveredAt: expect.any(Date) });
    expect(await adminQuery(`SELECT 1 FROM "PendingStatus" WHERE "providerMessageId" = $1`, [wamid])).toEqual([]);
  });

  it('publishes what agents hear only once the edge write committed, so its commit never holds the notify lock', async () => {
    // PostgreSQL serialises the commits of transactions that NOTIFY, each through its WAL flush.
    const first = inbound('5491170000007', { text: 'Hola' });
    expect(await deliver(first.body)).toBe(200);
    const [message] = await messageOf(first.id);
    const wamid = `wamid.${randomUUID()}`;
    const [outbound] = await adminQuery<{ id: string }>(
      `INSERT INTO "Message" (id, "tenantId", "conversationId", "leadId", direction, type, channel, body, "providerMessageId", status, "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, 'OUTBOUND', 'TEXT', 'WHATSAPP_CLOUD', 'Hola', $4, 'SENT', now(), now()) RETURNING id`,
      [staff.tenant.id, message!.conversationId, message!.leadId, wamid],
    );
    const heard: InboxEvent[] = [];
    const listener = new Client({ connectionString: harnessValue('adminUrl') });
    const writer = new Client({ connectionString: harnessValue('appUrl') });
    await Promise.all([listener.connect(), writer.connect()]);
    listener.on('notification', ({ payload }) => heard.push(JSON.parse(payload ?? '{}') as InboxEvent));
    await listener.query('LISTEN astor_inbox');
    try {
      const status = statusEdgeEvent({ tenantId: staff.tenant.id }, { providerMessageId: wamid, status: 'delivered', at: new Date().toISOString(), recipient: '5491170000007' });
      const doc = ingestDocument('unused', [{ source: 'whatsapp_cloud', body: Buffer.from('{}'), receivedAt: new Date(), store: false, hold: false, events: [status] }]);
      const { rows } = await writer.query<{ written: { statuses: number; inboxEvents: string; outbox: boolean } }>('SELECT astor_ingest($1::jsonb, $2::bytea[]) AS written', [doc, [Buffer.from('{}')]]);
      await setTimeout(300);
      const ours = () => heard.filter((event) => event.tenantId === staff.tenant.id);
      expect(ours()).toEqual([]);
      expect(rows[0]!.written).toMatchObject({ statuses: 1, outbox: true });

      await writer.query('SELECT astor_publish_inbox($1, $2)', [rows[0]!.written.inboxEvents, rows[0]!.written.outbox]);
      await eventually(async () => ours().length, (count) => count > 0);
      expect(ours()).toEqual([expect.objectContaining({ type: 'message.status', messageId: outbound!.id, status: 'DELIVERED', conversationId: message!.conversationId })]);
    } finally {
      await Promise.all([listener.end(), writer.end()]);
    }
  });

  it('hands back with its commit the live events of a reaction and of a status that a send’s echoed key releases', async () => {
    const first = inbound('5491170000008', { text: 'Hola' });
    expect(await deliver(first.body)).toBe(200);
    const [message] = await messageOf(first.id);
    const wamid = `wamid.${randomUUID()}`;
    const key = `test:${wamid}`;
    const [outbound] = await adminQuery<{ id: string }>(
      `INSERT INTO "Message" (id, "tenantId", "conversationId", "leadId", direction, type, channel, body, "idempotencyKey", status, "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, 'OUTBOUND', 'TEXT', 'WHATSAPP_CLOUD', 'Hola', $4, 'QUEUED', now(), now()) RETURNING id`,
      [staff.tenant.id, message!.conversationId, message!.leadId, key],
    );
    expect(await deliver(statusBody(number, { id: wamid, status: 'delivered', recipient: '5491170000008' }))).toBe(200);
    const bodies = [statusBody(number, { id: wamid, status: 'sent', recipient: '5491170000008', callbackData: key }), inbound('5491170000008', { message: reactionMessage(first.id, '👍') }).body];
    const deliveries = bodies.map((body) => whatsAppCloudDelivery(Buffer.from(JSON.stringify(body)), new Date(), body, { store: false, hold: false }));
    const writer = new Client({ connectionString: harnessValue('appUrl') });
    await writer.connect();
    try {
      const { rows } = await writer.query<{ written: { statuses: number; inboxEvents: string } }>('SELECT astor_ingest($1::jsonb, $2::bytea[]) AS written', [
        ingestDocument('unused', deliveries),
        deliveries.map((delivery) => delivery.body),
      ]);
      const events = rows[0]!.written.inboxEvents.split('\n').filter(Boolean).map((line) => JSON.parse(line) as InboxEvent & { messageId: string; status?: string });
      expect(rows[0]!.written.statuses).toBe(1);
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'message.status', messageId: outbound!.id, status: 'DELIVERED', conversationId: message!.conversationId }),
          expect.objectContaining({ type: 'message.reaction', messageId: message!.id, conversationId: message!.conversationId }),
        ]),
      );
      expect(events).toHaveLength(2);
    } finally {
      await writer.end();
    }
    expect((await adminQuery<{ status: string }>(`SELECT status::text FROM "Message" WHERE id = $1`, [outbound!.id]))[0]!.status).toBe('DELIVERED');
  });

  it('keeps Meta’s pricing of a message, also from a status that arrives after a later one', async () => {
    const wamid = `wamid.${randomUUID()}`;
    const lead = await api.db.inTenant(staff.tenant.id, (tx) => tx.lead.create({ data: { tenantId: staff.tenant.id, phone: '+5491170000006' } }));
    const outbound = await api.db.inTenant(staff.tenant.id, (tx) =>
      tx.message.create({ data: { tenantId: staff.tenant.id, leadId: lead.id, direction: 'OUTBOUND', type: 'TEMPLATE', channel: 'WHATSAPP_CLOUD', status: 'SENT', providerMessageId: wamid } }),
    );
    const pricingOf = async () => (await adminQuery<{ status: string; billable: boolean | null; pricingCategory: string | null }>(`SELECT status::text, billable, "pricingCategory" FROM "Message" WHERE id = $1`, [outbound.id]))[0];
    expect(await deliver(statusBody(number, { id: wamid, status: 'read', recipient: '5491170000006' }))).toBe(200);
    expect(await pricingOf()).toEqual({ status: 'READ', billable: null, pricingCategory: null });
    expect(await deliver(statusBody(number, { id: wamid, status: 'delivered', recipient: '5491170000006', category: 'marketing' }))).toBe(200);
    expect(await pricingOf()).toEqual({ status: 'READ', billable: true, pricingCategory: 'marketing' });
  });

  it('holds a delivery for a number nobody connected, and hands it to the agency that connects the number', async () => {
    const late = await createStaffedTenant(api.db, 'Late');
    const lateNumber = { ...number, phoneNumberId: String(2_000_000_000 + Math.floor(Math.random() * 1e8)) };
    const id = `wamid.${randomUUID()}`;
    expect(await postSigned(webhookUrl, inboundBody(lateNumber, { from: '5491170000005', id, text: 'Hola, ¿atienden hoy?' }), APP_SECRET)).toBe(200);
    expect(await adminQuery(`SELECT 1 FROM "Message" WHERE "providerMessageId" = $1`, [id])).toEqual([]);
    expect(await adminQuery(`SELECT 1 FROM "HeldDelivery" WHERE "routeId" = $1`, [lateNumber.phoneNumberId])).toHaveLength(1);

    await request(api.app).put('/api/channels/whatsapp').set('Authorization', late.admin.auth).send({ apiType: 'BUSINESS_API', phoneNumberId: lateNumber.phoneNumberId, accessToken: 'EAAGlatenumbertoken000000000001' }).expect(200);
    const stored = await adminQuery<{ tenantId: string; body: string }>(`SELECT "tenantId", body FROM "Message" WHERE "providerMessageId" = $1`, [id]);
    expect(stored).toEqual([{ tenantId: late.tenant.id, body: 'Hola, ¿atienden hoy?' }]);
    expect(await adminQuery(`SELECT 1 FROM "HeldDelivery" WHERE "routeId" = $1`, [lateNumber.phoneNumberId])).toEqual([]);
    expect((await outboxOf(late.tenant.id)).map((row) => row.kind)).toContain('conversation.inbound');
  });

  it('keeps the exact bytes per agency; a platform admin reads them and re-processes one without doubling its effect', async () => {
    const { id, body } = inbound('5491170000006', { text: 'Quiero vender mi casa' });
    const raw = JSON.stringify(body);
    expect(await postSigned(webhookUrl, raw, APP_SECRET)).toBe(200);
    const superadmin = await platformBearer(api.db);
    const base = `/api/platform/tenants/${staff.tenant.id}/webhook-deliveries`;
    const list = await request(api.app).get(base).set('Authorization', superadmin).expect(200);
    const kept = list.body.items.find((item: { bytes: number }) => item.bytes === Buffer.byteLength(raw));
    expect(kept).toMatchObject({ source: 'whatsapp_cloud', events: 1 });
    const read = await request(api.app).get(`${base}/${kept.id}`).set('Authorization', superadmin).expect(200);
    expect(read.body.body).toBe(raw);

    const outboxBefore = (await outboxOf(staff.tenant.id)).length;
    await request(api.app).post(`${base}/${kept.id}/reprocess`).set('Authorization', superadmin).expect(200, { id: kept.id, events: 1 });
    expect(await messageOf(id)).toHaveLength(1);
    expect(await outboxOf(staff.tenant.id)).toHaveLength(outboxBefore);
    await request(api.app).get(base).set('Authorization', staff.owner.auth).expect(403);
    const other = await createStaffedTenant(api.db, 'Other');
    await request(api.app).get(`/api/platform/tenants/${other.tenant.id}/webhook-deliveries/${kept.id}`).set('Authorization', superadmin).expect(404);
  });

  it('records when a delivery was refused or abandoned by its sender, for the resend decisions of its deployment', async () => {
    const db = openDatabase();
    const temporal = await connectTemporal();
    const config = testConfig();
    const real = testWebhookInbox(config);
    let accept: WebhookInbox['accept'] = () => Promise.reject(new Error('PostgreSQL is down'));
    const app = createApp({ config, db, temporal, logger: silentLogger, inbox: idleInbox(), secrets: testSecretBox(), webhookInbox: { ...real, accept: (delivery) => accept(delivery) } });
    const edge = await listenOnLoopback(app);
    const lastRefusal = async () => (await adminQuery<{ lastAt: Date }>(`SELECT "lastAt" FROM "WebhookRefusal" WHERE "taskQueue" = $1`, [config.temporal.taskQueue]))[0]?.lastAt;
    try {
      expect(await postSigned(`${edge.baseUrl}/webhooks/whatsapp`, inbound('5491170000008').body, APP_SECRET)).toBe(503);
      const refused = await eventually(lastRefusal, (at) => at !== undefined);
      accept = () => new Promise(() => undefined);
      const abandonedBefore = await metricValue('astor_webhook_deliveries_total', { source: 'whatsapp_cloud', outcome: 'abandoned' });
      await expect(postSigned(`${edge.baseUrl}/webhooks/whatsapp`, inbound('5491170000009').body, APP_SECRET, undefined, AbortSignal.timeout(300))).rejects.toThrow();
      const abandoned = await eventually(lastRefusal, (at) => at!.getTime() > refused!.getTime());
      expect(await metricValue('astor_webhook_deliveries_total', { source: 'whatsapp_cloud', outcome: 'abandoned' })).toBe(abandonedBefore + 1);
      expect(Date.now() - abandoned!.getTime()).toBeLessThan(5_000);
      accept = real.accept;
      expect(await postSigned(`${edge.baseUrl}/webhooks/whatsapp`, inbound('5491170000010').body, APP_SECRET)).toBe(200);
      await setTimeout(200);
      expect(await lastRefusal()).toEqual(abandoned);
    } finally {
      edge.close();
      await real.close();
      await temporal.connection.close();
      await db.disconnect();
    }
  });

  it('answers 503 when PostgreSQL cannot take a delivery, so Meta delivers it again', async () => {
    const db = openDatabase();
    const temporal = await connectTemporal();
    const deadInbox = createWebhookInbox({ databaseUrl: 'postgresql://nobody:x@127.0.0.1:1/none', taskQueue: 'unused', logger: silentLogger });
    const app = createApp({ config: testConfig(), db, temporal, logger: silentLogger, inbox: idleInbox(), secrets: testSecretBox(), webhookInbox: deadInbox });
    const down = await listenOnLoopback(app);
    try {
      const { body } = inbound('5491170000007', { text: 'Hola' });
      expect(await postSigned(`${down.baseUrl}/webhooks/whatsapp`, body, APP_SECRET)).toBe(503);
    } finally {
      down.close();
      await deadInbox.close();
      await temporal.connection.close();
      await db.disconnect();
    }
  });
});
