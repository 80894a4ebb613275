import { Client } from 'pg';
import type { Database } from '../client';
import { INBOX_CHANNEL, type InboxEvent } from '../inbox-events';
import { createTestTenant, openDatabase } from '../../testing/harness';
import { harnessValue } from '../../testing/harness-env';
import { testWebhookInbox } from '../../testing/api-harness';
import { recordStatuses } from '../../testing/inbox-harness';
import { claimSend, recordSendOutcome, type OutboundFields } from './outbound-sends';

describe('outbound sends in raw SQL: claims and outcomes', () => {
  let db: Database;
  beforeAll(() => {
    db = openDatabase();
  });
  afterAll(() => db.disconnect());

  async function conversation(tenantId: string) {
    return db.inTenant(tenantId, async (tx) => {
      const lead = await tx.lead.create({ data: { tenantId, phone: `+54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } });
      const open = await tx.conversation.create({ data: { tenantId, leadId: lead.id, channel: 'WHATSAPP_CLOUD', contact: lead.phone!, waitingSince: new Date() } });
      return { leadId: lead.id, conversationId: open.id };
    });
  }

  const PACED_SECOND_MS = 1_040;
  const claim = async (tenantId: string, send: OutboundFields) => (await claimSend(db.routine, tenantId, send, { dispatchAt: null, bookFrom: null, pacedSecondMs: PACED_SECOND_MS })).message;

  const fields = (to: { leadId: string; conversationId: string }, key: string): OutboundFields => ({
    ...to,
    campaignId: null,
    type: 'TEXT',
    channel: 'WHATSAPP_CLOUD',
    body: 'Hola, ¿seguís buscando?',
    content: { kind: 'text', body: 'Hola, ¿seguís buscando?' },
    mediaUrl: null,
    idempotencyKey: key,
    sentById: null,
  });

  it('claims a key once however many attempts race for it, and reads back where it stands', async () => {
    const tenantId = (await createTestTenant(db, 'Reclamo')).id;
    const to = await conversation(tenantId);
    const claims = await Promise.all(Array.from({ length: 6 }, () => claim(tenantId, fields(to, 'bot:wamid.1'))));
    expect(new Set(claims.map((claim) => claim.id)).size).toBe(1);
    expect(claims[0]).toMatchObject({ status: 'QUEUED', channel: 'WHATSAPP_CLOUD', providerMessageId: null, sendAttemptedAt: null });
    const rows = await db.inTenant(tenantId, (tx) => tx.message.findMany({ where: { idempotencyKey: 'bot:wamid.1' } }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ direction: 'OUTBOUND', leadId: to.leadId, conversationId: to.conversationId, body: 'Hola, ¿seguís buscando?', content: { kind: 'text' } });

    const dispatchedAt = new Date('2026-12-04T10:00:00.123Z');
    await db.inTenant(tenantId, (tx) => tx.message.update({ where: { id: rows[0]!.id }, data: { sendAttemptedAt: dispatchedAt } }));
    expect((await claim(tenantId, fields(to, 'bot:wamid.1'))).sendAttemptedAt).toEqual(dispatchedAt);
  });

  it('gives the attempt that creates a message its dispatch and its slot on the number, and a later attempt neither', async () => {
    const tenantId = (await createTestTenant(db, 'Turno')).id;
    await db.inTenant(tenantId, (tx) => tx.whatsAppChannel.create({ data: { tenantId, phoneNumberId: `pn-${tenantId}`, messagesPerSecond: 80, sendWindowEnd: null } }));
    const to = await conversation(tenantId);
    const dispatchAt = Date.now();
    const options = { dispatchAt, bookFrom: dispatchAt + 20, pacedSecondMs: PACED_SECOND_MS };
    const first = await claimSend(db.routine, tenantId, fields(to, 'bot:slot'), options);
    expect(first).toMatchObject({ created: true, message: { status: 'QUEUED', sendAttemptedAt: new Date(dispatchAt) }, window: { end: dispatchAt + 20 + 13, duration: 13, perSecond: 80 } });
    const contact = (await db.inTenant(tenantId, (tx) => tx.conversation.findUniqueOrThrow({ where: { id: to.conversationId } }))).contact;
    expect(first.to).toBe(contact);

    const again = await claimSend(db.routine, tenantId, fields(to, 'bot:slot'), { ...options, dispatchAt: dispatchAt + 5_000 });
    expect(again).toMatchObject({ created: false, window: null, message: { id: first.message.id, sendAttemptedAt: new Date(dispatchAt) } });
    const next = await claimSend(db.routine, tenantId, { ...fields(to, 'bot:next'), to: '+5491155550000' }, options);
    expect(next).toMatchObject({ created: true, to: '+5491155550000', window: { end: dispatchAt + 20 + 26, duration: 13 } });
  });

  it('records a send with its conversation, lead, timeline and live event, and an agent reply stops the wait', async () => {
    const tenantId = (await createTestTenant(db, 'Resultado')).id;
    const to = await conversation(tenantId);
    const claimed = await claim(tenantId, { ...fields(to, 'reply:1'), sentById: null });
    const listener = new Client({ connectionString: harnessValue('appUrl') });
    await listener.connect();
    const heard: InboxEvent[] = [];
    listener.on('notification', (note) => heard.push(JSON.parse(note.payload!) as InboxEvent));
    await listener.query(`LISTEN ${INBOX_CHANNEL}`);
    try {
      const settled = await recordSendOutcome(db.routine, tenantId, claimed.id, { providerMessageId: 'wamid.out.1', byAgent: true, actorType: 'system' });
      expect(settled).toEqual({ id: claimed.id, status: 'SENT', providerMessageId: 'wamid.out.1', errorCode: null, errorMessage: null });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard.filter((event) => event.tenantId === tenantId)).toEqual([expect.objectContaining({ type: 'message.created', conversationId: to.conversationId, messageId: claimed.id, status: 'SENT', preview: 'Hola, ¿seguís buscando?' })]);
    } finally {
      await listener.end();
    }
    const after = await db.inTenant(tenantId, async (tx) => ({
      conversation: await tx.conversation.findUniqueOrThrow({ where: { id: to.conversationId } }),
      lead: await tx.lead.findUniqueOrThrow({ where: { id: to.leadId } }),
      events: await tx.event.findMany({ where: { leadId: to.leadId } }),
    }));
    expect(after.conversation.waitingSince).toBeNull();
    expect(after.conversation.lastMessageAt).not.toBeNull();
    expect(after.lead.lastContactAt).not.toBeNull();
    expect(after.events.map((event) => [event.type, event.payload])).toEqual([['message.outbound', { messageId: claimed.id, preview: 'Hola, ¿seguís buscando?', actorType: 'system' }]]);
  });

  it('answers the status Meta reported before the send was recorded, and records a refusal with its reason', async () => {
    const tenantId = (await createTestTenant(db, 'Anticipado')).id;
    const to = await conversation(tenantId);
    const early = await claim(tenantId, fields(to, 'bot:early'));
    const inbox = testWebhookInbox();
    await recordStatuses(inbox, tenantId, [{ providerMessageId: 'wamid.early', status: 'failed', at: new Date().toISOString(), recipient: '5491100000000', error: { code: '131026', title: 'Undeliverable' } }]);
    await inbox.close();
    const settled = await recordSendOutcome(db.routine, tenantId, early.id, { providerMessageId: 'wamid.early', byAgent: false });
    expect(settled).toMatchObject({ status: 'FAILED', providerMessageId: 'wamid.early' });

    const refused = await claim(tenantId, fields(to, 'bot:refused'));
    const failed = await recordSendOutcome(db.routine, tenantId, refused.id, { errorCode: '131047', errorMessage: 'Más de 24 horas', byAgent: true });
    expect(failed).toEqual({ id: refused.id, status: 'FAILED', providerMessageId: null, errorCode: '131047', errorMessage: 'Más de 24 horas' });
    const state = await db.inTenant(tenantId, async (tx) => ({
      conversation: await tx.conversation.findUniqueOrThrow({ where: { id: to.conversationId } }),
      failedEvent: await tx.event.findFirstOrThrow({ where: { leadId: to.leadId, type: 'message.failed' } }),
    }));
    expect(state.conversation.waitingSince).not.toBeNull();
    expect(state.failedEvent.payload).toMatchObject({ messageId: refused.id, reason: 'Más de 24 horas' });
  });

  it('cannot record an outcome on another agency’s message', async () => {
    const [a, b] = [(await createTestTenant(db, 'Dueña')).id, (await createTestTenant(db, 'Ajena')).id];
    const claimed = await claim(a, fields(await conversation(a), 'bot:own'));
    await expect(recordSendOutcome(db.routine, b, claimed.id, { providerMessageId: 'wamid.x', byAgent: false })).rejects.toThrow(/not in this agency/);
    const untouched = await db.inTenant(a, (tx) => tx.message.findUniqueOrThrow({ where: { id: claimed.id } }));
    expect(untouched).toMatchObject({ status: 'QUEUED', providerMessageId: null });
  });
});
