import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';
import { adminQuery } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { eventually } from '../testing/eventually';
import { configureWhatsAppChannel, listenOnLoopback } from '../testing/whatsapp-harness';
import { startWorkerProcess, type WorkerProcess } from '../testing/service-process';

const APP_SECRET = 'astor-development-app-secret';
const CONTACTS = Array.from({ length: 8 }, (_, i) => `54911622000${String(i).padStart(2, '0')}`);
const ROUNDS = 5;

describe('conversations survive a worker killed mid-run', () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let fake: FakeWhatsAppCloud;
  let worker: WorkerProcess | undefined;
  let tenantId: string;
  let phoneNumberId: string;

  beforeAll(async () => {
    api = await startTestApi();
    server = await listenOnLoopback(api.app);
    const staff = await createStaffedTenant(api.db, 'Crash');
    tenantId = staff.tenant.id;
    const number = await configureWhatsAppChannel(api.db, tenantId, APP_SECRET);
    await api.db.inTenant(tenantId, (tx) => tx.assistant.create({ data: { tenantId, name: 'Bot', greeting: null, faq: [{ question: 'precio', answer: 'Te paso los precios.' }] } }));
    fake = await startFakeWhatsAppCloud({ numbers: [{ ...number, webhookUrl: `${server.baseUrl}/webhooks/whatsapp` }], statusDelayMs: 5 });
    phoneNumberId = number.phoneNumberId;
  });

  afterAll(async () => {
    await worker?.stop();
    await fake.stop();
    server.close();
    await api.close();
  });

  it('processes every inbound message once and sends every bot reply once', async () => {
    const taskQueue = api.deps.config.temporal.taskQueue;
    const env = { WHATSAPP_GRAPH_URL: fake.baseUrl };
    worker = await startWorkerProcess(taskQueue, env);

    const deliveries: Promise<{ status: number }>[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const contact of CONTACTS) deliveries.push(fake.deliverInbound(phoneNumberId, { from: contact, id: `wamid.crash-${contact}-${round}`, text: `precio ${round}` }));
      if (round === 1) {
        await eventually(() => fake.sent().length, (sent) => sent > 4, 30_000, 20);
        await worker.kill();
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect((await Promise.all(deliveries)).every((delivery) => delivery.status === 200)).toBe(true);
    worker = await startWorkerProcess(taskQueue, env);

    const expected = CONTACTS.length * ROUNDS;
    await eventually(
      async () => Number((await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "Message" WHERE "tenantId" = $1 AND direction = 'INBOUND'`, [tenantId]))[0]!.n),
      (n) => n === expected,
      90_000,
      250,
    );
    await eventually(() => fake.sent().length, (sent) => sent >= expected, 90_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const contact of CONTACTS) expect([contact, fake.sentTo(contact).length]).toEqual([contact, ROUNDS]);
    const leads = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "Lead" WHERE "tenantId" = $1`, [tenantId]);
    expect(Number(leads[0]!.n)).toBe(CONTACTS.length);
  }, 240_000);
});
