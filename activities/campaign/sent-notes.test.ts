import type { Database } from '../../prisma/client';
import { createTestTenant, openDatabase } from '../../testing/harness';
import { SentNotes } from './sent-notes';

describe('sent notes: a campaign send known as sent a tenth of a second after its call', () => {
  let db: Database;
  beforeAll(() => {
    db = openDatabase();
  });
  afterAll(() => db.disconnect());

  async function queued(tenantId: string, keys: string[]) {
    return db.inTenant(tenantId, async (tx) => {
      const lead = await tx.lead.create({ data: { tenantId, phone: `+54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } });
      const rows = [];
      for (const key of keys) {
        rows.push(await tx.message.create({ data: { tenantId, leadId: lead.id, direction: 'OUTBOUND', type: 'TEMPLATE', channel: 'WHATSAPP_CLOUD', status: 'QUEUED', idempotencyKey: key, sendAttemptedAt: new Date() } }));
      }
      return rows;
    });
  }
  const read = (tenantId: string, ids: string[]) =>
    db.inTenant(tenantId, (tx) => tx.message.findMany({ where: { id: { in: ids } }, select: { id: true, providerMessageId: true, status: true, sentAt: true }, orderBy: { idempotencyKey: 'asc' } }));

  it('writes each noted provider id without waiting for the stretch, so a retried batch reads the message as sent', async () => {
    const tenantId = (await createTestTenant(db, 'Notas')).id;
    const [first, second] = await queued(tenantId, ['campaign:a', 'campaign:b']);
    const notes = new SentNotes(db, tenantId);
    notes.note(first!.id, 'wamid.first');
    notes.note(second!.id, 'wamid.second');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await read(tenantId, [first!.id, second!.id])).toEqual([
      { id: first!.id, providerMessageId: 'wamid.first', status: 'SENT', sentAt: expect.any(Date) },
      { id: second!.id, providerMessageId: 'wamid.second', status: 'SENT', sentAt: expect.any(Date) },
    ]);
  });

  it('keeps what a status webhook wrote first, and touches no other agency’s message', async () => {
    const tenantId = (await createTestTenant(db, 'Notas tarde')).id;
    const [delivered] = await queued(tenantId, ['campaign:c']);
    await db.inTenant(tenantId, (tx) => tx.message.update({ where: { id: delivered!.id }, data: { providerMessageId: 'wamid.from-status', status: 'DELIVERED' } }));
    const other = (await createTestTenant(db, 'Otra')).id;
    const [foreign] = await queued(other, ['campaign:d']);
    const notes = new SentNotes(db, tenantId);
    notes.note(delivered!.id, 'wamid.answer');
    notes.note(foreign!.id, 'wamid.intruder');
    await notes.flush();
    expect(await read(tenantId, [delivered!.id])).toEqual([{ id: delivered!.id, providerMessageId: 'wamid.from-status', status: 'DELIVERED', sentAt: expect.any(Date) }]);
    expect(await read(other, [foreign!.id])).toEqual([{ id: foreign!.id, providerMessageId: null, status: 'QUEUED', sentAt: null }]);
  });
});
