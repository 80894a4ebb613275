import type { Database } from '../../prisma/client';
import { createTestTenant, openDatabase } from '../../testing/harness';
import type { SentOutcome } from './recipient-store';
import { SentNotes } from './sent-notes';

describe('sent notes: a campaign send recorded as sent a tenth of a second after its call', () => {
  let db: Database;
  beforeAll(() => {
    db = openDatabase();
  });
  afterAll(() => db.disconnect());

  /** A running campaign whose recipients each have a claimed message, dispatched and awaiting its answer. */
  async function claimed(name: string, count: number) {
    const tenantId = (await createTestTenant(db, name)).id;
    return db.inTenant(tenantId, async (tx) => {
      const campaign = await tx.campaign.create({ data: { tenantId, name, type: 'FIDELIZACION', status: 'RUNNING', content: { kind: 'template', name: 'hola', language: 'es', variables: [] } } });
      const sends = [];
      for (let seq = 1; seq <= count; seq += 1) {
        const phone = `+54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
        const lead = await tx.lead.create({ data: { tenantId, phone } });
        const message = await tx.message.create({ data: { tenantId, leadId: lead.id, campaignId: campaign.id, direction: 'OUTBOUND', type: 'TEMPLATE', channel: 'WHATSAPP_CLOUD', status: 'QUEUED', idempotencyKey: `campaign:${campaign.id}:${lead.id}`, sendAttemptedAt: new Date() } });
        const recipient = await tx.campaignRecipient.create({ data: { tenantId, campaignId: campaign.id, leadId: lead.id, seq, phone, status: 'SENDING', messageId: message.id } });
        sends.push({ recipientId: recipient.id, leadId: lead.id, messageId: message.id });
      }
      return { tenantId, campaignId: campaign.id, sends };
    });
  }

  const state = (tenantId: string, sends: { recipientId: string; messageId: string; leadId: string }[]) =>
    db.inTenant(tenantId, async (tx) => ({
      messages: await tx.message.findMany({ where: { id: { in: sends.map((send) => send.messageId) } }, select: { providerMessageId: true, status: true }, orderBy: { providerMessageId: 'asc' } }),
      recipients: await tx.campaignRecipient.findMany({ where: { id: { in: sends.map((send) => send.recipientId) } }, select: { status: true, providerMessageId: true }, orderBy: { seq: 'asc' } }),
      events: await tx.event.count({ where: { leadId: { in: sends.map((send) => send.leadId) }, type: 'campaign.sent' } }),
    }));

  it('records each answered send while the batch still sends: message, recipient and timeline, so the batch is left with nothing to record', async () => {
    const { tenantId, campaignId, sends } = await claimed('Notas', 2);
    const notes = new SentNotes(db, tenantId, campaignId);
    const answered: SentOutcome[] = sends.map((send, index) => ({ ...send, providerMessageId: `wamid.${index}` }));
    for (const sent of answered) notes.note(sent);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await state(tenantId, sends)).toEqual({
      messages: [
        { providerMessageId: 'wamid.0', status: 'SENT' },
        { providerMessageId: 'wamid.1', status: 'SENT' },
      ],
      recipients: [
        { status: 'SENT', providerMessageId: 'wamid.0' },
        { status: 'SENT', providerMessageId: 'wamid.1' },
      ],
      events: 2,
    });
    expect(answered.filter((sent) => !notes.recorded(sent.messageId))).toEqual([]);
  });

  it('keeps what a status webhook wrote first, and touches no other agency’s campaign', async () => {
    const { tenantId, campaignId, sends } = await claimed('Notas tarde', 1);
    const [early] = sends;
    await db.inTenant(tenantId, (tx) => tx.message.update({ where: { id: early!.messageId }, data: { providerMessageId: 'wamid.from-status', status: 'DELIVERED' } }));
    const other = await claimed('Otra', 1);
    const notes = new SentNotes(db, tenantId, campaignId);
    notes.note({ ...early!, providerMessageId: 'wamid.answer' });
    notes.note({ ...other.sends[0]!, providerMessageId: 'wamid.intruder' });
    await notes.flush();
    expect((await state(tenantId, sends)).messages).toEqual([{ providerMessageId: 'wamid.from-status', status: 'DELIVERED' }]);
    expect(await state(other.tenantId, other.sends)).toEqual({ messages: [{ providerMessageId: null, status: 'QUEUED' }], recipients: [{ status: 'SENDING', providerMessageId: null }], events: 0 });
  });

  it('leaves to the batch what it could not write: a refused write records none of its sends', async () => {
    const { tenantId, campaignId, sends } = await claimed('Notas caídas', 1);
    const notes = new SentNotes(db, tenantId, campaignId);
    notes.note({ ...sends[0]!, providerMessageId: 'wamid.kept-for-the-batch' });
    // PostgreSQL refuses the flush (a message id that is no uuid): the whole write rolls back.
    notes.note({ ...sends[0]!, messageId: 'not-a-uuid', providerMessageId: 'wamid.refused' });
    await notes.flush();
    expect(notes.recorded(sends[0]!.messageId)).toBe(false);
    expect(await state(tenantId, sends)).toEqual({ messages: [{ providerMessageId: null, status: 'QUEUED' }], recipients: [{ status: 'SENDING', providerMessageId: null }], events: 0 });
  });
});
