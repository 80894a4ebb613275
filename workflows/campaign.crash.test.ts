import request from 'supertest';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';
import { adminQuery } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { seedCampaignLeads } from '../testing/campaign-harness';
import { eventually } from '../testing/eventually';
import { freePort } from '../testing/free-port';
import { configureWhatsAppChannel } from '../testing/whatsapp-harness';
import { startApiProcess, startWorkerProcess, type ServiceProcess, type WorkerProcess } from '../testing/service-process';

const APP_SECRET = 'astor-development-app-secret';
const RECIPIENTS = 3_000;
const KILL_AFTER = [300, 1_100, 1_900];

describe('a campaign survives its worker being killed again and again', () => {
  let api: TestApi;
  let edge: ServiceProcess | undefined;
  let fake: FakeWhatsAppCloud;
  let worker: WorkerProcess | undefined;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;

  beforeAll(async () => {
    api = await startTestApi();
    // Meta's deliveries reach an API process of their own, as in production: served in this process, beside
    // the fake and the test's polling, a busy moment grew into a storm of deliveries retried after 5 s.
    const port = await freePort();
    edge = await startApiProcess(port, api.deps.config.temporal.taskQueue);
    staff = await createStaffedTenant(api.db, 'Crash campaign');
    const number = await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET);
    await adminQuery(`UPDATE "WhatsAppChannel" SET "messagesPerSecond" = 1000 WHERE "tenantId" = $1`, [staff.tenant.id]);
    // Meta reports "sent" for every accepted message: that is how a send whose answer died with the worker is settled.
    fake = await startFakeWhatsAppCloud({ numbers: [{ ...number, webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp` }], statuses: ['sent'], statusDelayMs: 5 });
    await seedCampaignLeads(staff.tenant.id, RECIPIENTS, { prefix: '14', tag: 'crash' });
  });

  afterAll(async () => {
    await worker?.stop();
    await fake.stop();
    await edge?.stop();
    await api.close();
  });

  it('sends to every recipient exactly once: no duplicates, no misses', async () => {
    const taskQueue = api.deps.config.temporal.taskQueue;
    const env = { WHATSAPP_GRAPH_URL: fake.baseUrl };
    worker = await startWorkerProcess(taskQueue, env);
    const admin = (path: string) => request(api.app).post(`/api${path}`).set('Authorization', staff.admin.auth);
    const created = await admin('/campaigns').send({ name: 'Crash', type: 'FIDELIZACION', audience: { tags: ['crash'] }, content: { kind: 'template', name: 'hola', language: 'es', variables: [] }, throttlePerSecond: 150 }).expect(201);
    await admin(`/campaigns/${created.body.id}/launch`).expect(202);

    for (const threshold of KILL_AFTER) {
      await eventually(() => fake.sent().length, (sent) => sent >= threshold, 60_000, 10);
      await worker.kill();
      worker = await startWorkerProcess(taskQueue, env);
    }

    // Should it not complete, how status deliveries fared and who waits on a lock show beside its last progress.
    const progress = await eventually(
      async () => ({
        ...((await request(api.app).get(`/api/campaigns/${created.body.id}/progress`).set('Authorization', staff.admin.auth)).body as { status: string; sent: number }),
        statusDeliveries: fake.webhookStats(),
        statusFailures: fake.webhookFailures(),
        lockWaits: await adminQuery(
          `SELECT application_name AS app, wait_event AS lock, round(extract(epoch FROM now() - query_start))::int AS seconds, left(query, 60) AS query
           FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        ),
      }),
      (body) => body.status === 'COMPLETED',
      180_000,
      500,
    );
    const counts = fake.countByRecipient();
    // Beside any duplicate, what tells how it happened: when Meta (the fake) got each send, the message as
    // stored (a status never applied leaves a sent message looking unsent), how status deliveries fared,
    // and the deadlocks PostgreSQL broke in the test database (each can refuse a whole batch of statuses).
    const deadlocks = (await adminQuery<{ deadlocks: string }>(`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`))[0]?.deadlocks;
    const duplicates = await Promise.all(
      Object.entries(counts)
        .filter(([, count]) => count > 1)
        .map(async ([to]) => ({
          to,
          sentAt: fake.sentTo(to).map((message) => new Date(message.at).toISOString()),
          stored: await adminQuery(
            `SELECT m."sendAttemptedAt", m."statusReceivedAt", m."providerMessageId", m.status, m."sentAt", r.attempts FROM "CampaignRecipient" r JOIN "Message" m ON m.id = r."messageId" WHERE r."campaignId" = $1 AND r.phone = $2`,
            [created.body.id, `+${to}`],
          ),
          statusDeliveries: fake.webhookStats(),
          statusFailures: fake.webhookFailures(),
          deadlocks,
        })),
    );
    expect(duplicates).toEqual([]);
    expect(Object.keys(counts)).toHaveLength(RECIPIENTS);
    expect(progress.sent).toBe(RECIPIENTS);
    const unsettled = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "CampaignRecipient" WHERE "campaignId" = $1 AND status <> 'SENT'`, [created.body.id]);
    expect(Number(unsettled[0]!.n)).toBe(0);
  }, 300_000);
});
