import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { postSigned, statusesBody } from '../../integrations/whatsapp-cloud/testing/fake-webhooks';
import { recordSent } from '../../activities/campaign/recipient-store';
import { adminQuery } from '../../testing/harness';
import { harnessValue } from '../../testing/harness-env';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { configureWhatsAppChannel, listenOnLoopback, type TestNumber } from '../../testing/whatsapp-harness';

const APP_SECRET = 'astor-development-app-secret';

/**
 * Status webhooks and the worker's recorded sends touch the same messages at the same moment; each
 * takes its locks in id order, so while one waits for a message it holds none of the later ones.
 * Taken in their own order, each could hold what the other waits for: a deadlock, the webhook
 * batch refused with 503 and its statuses delayed past the resend grace of a lost campaign send.
 */
describe('writers of several messages lock them in id order', () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let number: TestNumber;
  let leadId: string;

  beforeAll(async () => {
    api = await startTestApi();
    server = await listenOnLoopback(api.app);
    staff = await createStaffedTenant(api.db, 'Lock order');
    number = await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET);
    leadId = (await api.db.inTenant(staff.tenant.id, (tx) => tx.lead.create({ data: { tenantId: staff.tenant.id, phone: '+5491170000031' } }))).id;
  });

  afterAll(async () => {
    server.close();
    await api.close();
  });

  /** Three sent messages, lowest id first. */
  async function sentMessages(): Promise<{ id: string; wamid: string }[]> {
    const created = await api.db.inTenant(staff.tenant.id, (tx) =>
      Promise.all(
        [1, 2, 3].map(() =>
          tx.message.create({ data: { tenantId: staff.tenant.id, leadId, direction: 'OUTBOUND', type: 'TEMPLATE', channel: 'WHATSAPP_CLOUD', status: 'SENT', providerMessageId: `wamid.${randomUUID()}` } }),
        ),
      ),
    );
    return created.map((message) => ({ id: message.id, wamid: message.providerMessageId! })).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Another transaction holds the message until `release`. */
  async function holdMessage(id: string): Promise<{ release: () => Promise<void> }> {
    const client = new Client({ connectionString: harnessValue('adminUrl') });
    await client.connect();
    await client.query('BEGIN');
    await client.query(`SELECT 1 FROM "Message" WHERE id = $1 FOR UPDATE`, [id]);
    return { release: async () => void (await client.query('COMMIT'), await client.end()) };
  }

  const waitingOnLock = (statement: string) =>
    eventually(
      () => adminQuery<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%${statement}%`]),
      (rows) => rows[0]!.n === '1',
      10_000,
      20,
    );
  const isFree = (id: string) =>
    adminQuery(`SELECT 1 FROM "Message" WHERE id = $1 FOR UPDATE NOWAIT`, [id]).then(
      () => true,
      () => false,
    );

  it('a webhook naming messages in any order waits on the first one it needs, holding none of the others', async () => {
    const [first, second, third] = await sentMessages();
    const held = await holdMessage(first!.id);
    const delivery = statusesBody(number, [third!, second!, first!].map(({ wamid }) => ({ id: wamid, status: 'delivered' as const, recipient: '5491170000031' })));
    const answered = postSigned(`${server.baseUrl}/webhooks/whatsapp`, delivery, APP_SECRET);

    await waitingOnLock('astor_ingest');
    expect([await isFree(second!.id), await isFree(third!.id)]).toEqual([true, true]);
    await held.release();
    expect(await answered).toBe(200);
    const statuses = await adminQuery<{ status: string }>(`SELECT status::text FROM "Message" WHERE id = ANY($1::uuid[])`, [[first!.id, second!.id, third!.id]]);
    expect(statuses.map((row) => row.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
  });

  it('a batch of recorded sends does the same', async () => {
    const [first, second, third] = await sentMessages();
    const held = await holdMessage(first!.id);
    const outcomes = [third!, second!, first!].map(({ id, wamid }) => ({ messageId: id, recipientId: randomUUID(), leadId, providerMessageId: wamid }));
    const recorded = recordSent(api.db.routine, staff.tenant.id, randomUUID(), outcomes, { type: 'system' });

    await waitingOnLock('astor_record_campaign_sent');
    expect([await isFree(second!.id), await isFree(third!.id)]).toEqual([true, true]);
    await held.release();
    await recorded;
  });
});
