import type { Database } from '../client';
import { createTestTenant, openDatabase } from '../../testing/harness';
import { sendEvidenceRecorder } from './send-evidence';

describe('send evidence from status webhooks', () => {
  let db: Database;
  beforeAll(() => {
    db = openDatabase();
  });
  afterAll(() => db.disconnect());

  async function outbound(tenantId: string, idempotencyKey: string, providerMessageId: string | null = null) {
    return db.inTenant(tenantId, async (tx) => {
      const lead = await tx.lead.create({ data: { tenantId, phone: `+54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } });
      return tx.message.create({ data: { tenantId, leadId: lead.id, direction: 'OUTBOUND', type: 'TEXT', channel: 'WHATSAPP_CLOUD', idempotencyKey, providerMessageId, status: 'QUEUED', sendAttemptedAt: new Date() } });
    });
  }
  const providerIdOf = (tenantId: string, id: string) => db.inTenant(tenantId, async (tx) => (await tx.message.findUniqueOrThrow({ where: { id } })).providerMessageId);

  it('records the provider id echoed with our key, only in the agency that owns the number, never overwriting one', async () => {
    const [a, b] = [(await createTestTenant(db, 'Evidencia A')).id, (await createTestTenant(db, 'Evidencia B')).id];
    const lost = await outbound(a, 'reply:wamid.in-1');
    const known = await outbound(a, 'reply:wamid.in-2', 'wamid.known');
    const elsewhere = await outbound(b, 'reply:wamid.in-1');
    const at = new Date().toISOString();
    await sendEvidenceRecorder(db)(a, [
      { providerMessageId: 'wamid.out-1', status: 'sent', at, recipient: '5491100000000', callbackData: 'reply:wamid.in-1' },
      { providerMessageId: 'wamid.out-1', status: 'delivered', at, recipient: '5491100000000', callbackData: 'reply:wamid.in-1' },
      { providerMessageId: 'wamid.other', status: 'sent', at, recipient: '5491100000000', callbackData: 'reply:wamid.in-2' },
      { providerMessageId: 'wamid.nokey', status: 'sent', at, recipient: '5491100000000' },
    ]);
    expect(await providerIdOf(a, lost.id)).toBe('wamid.out-1');
    expect(await providerIdOf(a, known.id)).toBe('wamid.known');
    expect(await providerIdOf(b, elsewhere.id)).toBeNull();
  });
});
