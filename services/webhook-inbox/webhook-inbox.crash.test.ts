import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { adminQuery, createTestTenant, openDatabase } from '../../testing/harness';
import { eventually } from '../../testing/eventually';
import { freePort } from '../../testing/free-port';
import { startApiProcess, startWorkerProcess, type ServiceProcess } from '../../testing/service-process';
import { configureWhatsAppChannel, type TestNumber } from '../../testing/whatsapp-harness';
import type { Database } from '../../prisma/client';
import { randomUUID } from 'node:crypto';

const APP_SECRET = 'astor-development-app-secret';
const CONTACTS = Array.from({ length: 6 }, (_, i) => `54911730000${String(i).padStart(2, '0')}`);
const ROUNDS = 4;

const count = async (sql: string, params: unknown[]) => Number((await adminQuery<{ n: string }>(sql, params))[0]!.n);

describe('an API killed between the edge write and the relay loses nothing', () => {
  let db: Database;
  let fake: FakeWhatsAppCloud;
  let number: TestNumber;
  let tenantId: string;
  const taskQueue = `test-${randomUUID()}`;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    db = openDatabase();
    tenantId = (await createTestTenant(db, 'Api crash')).id;
    number = await configureWhatsAppChannel(db, tenantId, APP_SECRET);
    await db.inTenant(tenantId, (tx) => tx.assistant.create({ data: { tenantId, name: 'Bot', greeting: null, faq: [{ question: 'precio', answer: 'Te paso los precios.' }] } }));
  });

  afterAll(async () => {
    for (const child of processes) await child.stop();
    await fake?.stop();
    await db.disconnect();
  });

  it('stores every acknowledged message once, and the next relay hands each on once', async () => {
    const port = await freePort();
    // The API relays nothing itself and no worker runs yet: what it acknowledged lives only in PostgreSQL when it dies.
    const api = await startApiProcess(port, taskQueue, { ASTOR_OUTBOX_RELAY: 'false', WHATSAPP_APP_SECRET: APP_SECRET });
    processes.push(api);
    fake = await startFakeWhatsAppCloud({ numbers: [{ ...number, webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp` }], statuses: [] });
    const statuses: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const contact of CONTACTS) statuses.push((await fake.deliverInbound(number.phoneNumberId, { from: contact, id: `wamid.api-crash-${contact}-${round}`, text: `precio ${round}` })).status);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    await api.kill();

    const expected = CONTACTS.length * ROUNDS;
    expect(await count(`SELECT count(*) AS n FROM "Message" WHERE "tenantId" = $1 AND direction = 'INBOUND'`, [tenantId])).toBe(expected);
    expect(await count(`SELECT count(*) AS n FROM "Outbox" WHERE "tenantId" = $1 AND kind = 'conversation.inbound'`, [tenantId])).toBe(expected);

    processes.push(await startWorkerProcess(taskQueue, { WHATSAPP_GRAPH_URL: fake.baseUrl }));
    await eventually(
      () => count(`SELECT count(*) AS n FROM "Message" WHERE "tenantId" = $1 AND direction = 'INBOUND' AND "processedAt" IS NOT NULL`, [tenantId]),
      (n) => n === expected,
      90_000,
      250,
    );
    await eventually(() => fake.sent().length, (sent) => sent >= expected, 30_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const contact of CONTACTS) expect([contact, fake.sentTo(contact).length]).toEqual([contact, ROUNDS]);
    expect(await count(`SELECT count(*) AS n FROM "Outbox" WHERE "tenantId" = $1`, [tenantId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM "Lead" WHERE "tenantId" = $1`, [tenantId])).toBe(CONTACTS.length);
  }, 180_000);
});
