import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { startDevServer, type DevServer } from '../../temporal/dev-server';
import { contactKeysFromDatabase } from '../../temporal/contact-keys';
import { workflowHandoff, type WorkflowHandoff } from '../../temporal/workflow-handoff';
import { adminQuery, silentLogger, startTestWorker, workerDeps, type RunningWorker } from '../../testing/harness';
import { harnessValue, TEST_DATA_DIR } from '../../testing/harness-env';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { restartablePort } from '../../testing/free-port';
import { configureWhatsAppChannel, listenOnLoopback, type TestNumber } from '../../testing/whatsapp-harness';
import { startOutboxRelay, type OutboxRelay } from './outbox-relay';

const APP_SECRET = 'astor-development-app-secret';

/** An agency whose bot answers "precio" with a FAQ entry: one reply per message, counted at the fake Graph API. */
async function agencyWithBot(api: TestApi, name: string) {
  const staff = await createStaffedTenant(api.db, name);
  const tenantId = staff.tenant.id;
  const number = await configureWhatsAppChannel(api.db, tenantId, APP_SECRET);
  await api.db.inTenant(tenantId, (tx) => tx.assistant.create({ data: { tenantId, name: 'Bot', greeting: null, faq: [{ question: 'precio', answer: 'Te paso los precios.' }] } }));
  return { tenantId, number };
}

async function deliverAll(fake: FakeWhatsAppCloud, number: TestNumber, contacts: string[], rounds: number, key: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const contact of contacts) statuses.push((await fake.deliverInbound(number.phoneNumberId, { from: contact, id: `wamid.${key}-${contact}-${round}`, text: `precio ${round}` })).status);
  }
  return statuses;
}

const takenUp = async (tenantId: string) => Number((await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "Message" WHERE "tenantId" = $1 AND direction = 'INBOUND' AND "processedAt" IS NOT NULL`, [tenantId]))[0]!.n);
const waiting = async (tenantId: string) => Number((await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "Outbox" WHERE "tenantId" = $1`, [tenantId]))[0]!.n);

describe('outbox relay', () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  /** What a test started, stopped when it ends: the next test's relays must be the only ones of the task queue. */
  let stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    server = await listenOnLoopback(api.app);
  });

  afterEach(async () => {
    for (const stop of stops.reverse()) await stop();
    stops = [];
  });

  afterAll(async () => {
    server.close();
    await api.close();
  });

  async function stackFor(name: string, temporal: Client, address?: string) {
    const agency = await agencyWithBot(api, name);
    const fake = await startFakeWhatsAppCloud({ numbers: [{ ...agency.number, webhookUrl: `${server.baseUrl}/webhooks/whatsapp` }], statuses: [] });
    const taskQueue = api.deps.config.temporal.taskQueue;
    const worker: RunningWorker = await startTestWorker(taskQueue, workerDeps(api.db, temporal, taskQueue, { graphUrl: fake.baseUrl }), { relay: false, address });
    stops.push(() => fake.stop(), () => worker.stop());
    return { ...agency, fake, taskQueue };
  }

  it('loses and doubles nothing when a relay dies mid-batch: another takes its rows, and the repeated hand-off has no second effect', async () => {
    const { tenantId, number, fake, taskQueue } = await stackFor('Relay crash', api.temporal);
    const contacts = ['5491171000001', '5491171000002', '5491171000003', '5491171000004'];
    expect((await deliverAll(fake, number, contacts, 3, 'relay-crash')).every((status) => status === 200)).toBe(true);

    const real = workflowHandoff(api.temporal, taskQueue, contactKeysFromDatabase(api.db));
    let signalledByDying = 0;
    let hang!: () => void;
    const hung = new Promise<void>((resolve) => (hang = resolve));
    const dyingHandoff: WorkflowHandoff = { ...real, inboundMessages: async (...args) => {
      await real.inboundMessages(...args);
      signalledByDying += 1;
      await hung;
    } };
    const name = `relay-dying-${randomUUID().slice(0, 8)}`;
    const dying = startOutboxRelay({ databaseUrl: harnessValue('appUrl'), temporal: api.temporal, taskQueue, logger: silentLogger, handoff: dyingHandoff, applicationName: name, concurrency: 2 });
    await eventually(async () => signalledByDying, (count) => count >= 2, 20_000);
    // The process dies: PostgreSQL sees its session end, and the claim's transaction with it.
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [name]);

    let signalledBySurvivor = 0;
    const survivor = startOutboxRelay({
      databaseUrl: harnessValue('appUrl'),
      temporal: api.temporal,
      taskQueue,
      logger: silentLogger,
      handoff: { ...real, inboundMessages: async (...args) => {
        signalledBySurvivor += 1;
        await real.inboundMessages(...args);
      } },
    });
    stops.push(() => survivor.stop());
    await eventually(() => takenUp(tenantId), (n) => n === 12, 60_000);
    expect(signalledBySurvivor).toBeGreaterThanOrEqual(contacts.length);
    await eventually(() => contacts.map((contact) => fake.sentTo(contact).length), (sent) => sent.every((n) => n >= 3));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const contact of contacts) expect([contact, fake.sentTo(contact).length]).toEqual([contact, 3]);
    expect(await waiting(tenantId)).toBe(0);
    hang();
    await dying.stop();
  }, 120_000);

  it('keeps what arrives while Temporal is down for a minute, and drains it once Temporal is back', async () => {
    // Started again on the same ports after a minute down: ports no outgoing connection can take meanwhile.
    const port = await restartablePort();
    const options = { cliPath: harnessValue('temporalCli'), port, namespace: 'default', dbFile: path.join(TEST_DATA_DIR, `outage-${process.pid}-${randomUUID().slice(0, 8)}.db`), httpPort: await restartablePort(), metricsPort: await restartablePort() };
    let temporalServer: DevServer = await startDevServer(options);
    stops.push(() => temporalServer.stop());
    const temporal = new Client({ connection: await Connection.connect({ address: temporalServer.address }), namespace: 'default' });
    stops.push(() => temporal.connection.close());
    const { tenantId, number, fake, taskQueue } = await stackFor('Outage', temporal, temporalServer.address);
    const relay: OutboxRelay = startOutboxRelay({ databaseUrl: harnessValue('appUrl'), temporal, taskQueue, logger: silentLogger, callTimeoutMs: 2_000 });
    stops.push(() => relay.stop());

    await temporalServer.stop();
    const contacts = ['5491172000001', '5491172000002', '5491172000003'];
    expect((await deliverAll(fake, number, contacts, 2, 'outage')).every((status) => status === 200)).toBe(true);
    expect(await waiting(tenantId)).toBe(contacts.length * 3);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    expect(await waiting(tenantId)).toBe(contacts.length * 3);

    temporalServer = await startDevServer(options);
    await eventually(() => takenUp(tenantId), (n) => n === 6, 60_000);
    await eventually(() => waiting(tenantId), (n) => n === 0);
    await eventually(() => contacts.map((contact) => fake.sentTo(contact).length), (sent) => sent.every((n) => n >= 2));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const contact of contacts) expect([contact, fake.sentTo(contact).length]).toEqual([contact, 2]);
  }, 240_000);
});
