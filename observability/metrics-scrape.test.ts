import request from 'supertest';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';
import { readOutboxStats } from '../services/outbox-relay/outbox-relay';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { openDatabase, startTestWorker, workerDeps, type RunningWorker } from '../testing/harness';
import type { Database } from '../prisma/client';
import { configureWhatsAppChannel, listenOnLoopback, type TestNumber } from '../testing/whatsapp-harness';
import { observeOutbox, registry } from './metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { scrapedValue } from './testing/metric-values';

const APP_SECRET = 'astor-development-app-secret';

/**
 * The API, its webhook on a real port, a fake Graph API and an in-process worker, all recording
 * into the one registry a metrics server serves, as api/index.ts and temporal/worker-main.ts wire it.
 */
describe('/metrics after real traffic', () => {
  let db: Database;
  let fake: FakeWhatsAppCloud;
  let api: TestApi;
  let listening: Awaited<ReturnType<typeof listenOnLoopback>>;
  let worker: RunningWorker;
  let metrics: MetricsServer;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let number: TestNumber;
  const scrape = async () => {
    const response = await fetch(metrics.url, { headers: { Authorization: 'Bearer a-scrape-token-for-tests' } });
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    // The fake knows its numbers from the start, and the API its Graph URL: the tenant comes first.
    db = openDatabase();
    staff = await createStaffedTenant(db, 'Metrics');
    number = await configureWhatsAppChannel(db, staff.tenant.id, APP_SECRET);
    fake = await startFakeWhatsAppCloud({ numbers: [number] });
    api = await startTestApi({ env: { WHATSAPP_GRAPH_URL: fake.baseUrl } });
    listening = await listenOnLoopback(api.app);
    fake.setWebhookUrl(number.phoneNumberId, `${listening.baseUrl}/webhooks/whatsapp`);
    const taskQueue = api.deps.config.temporal.taskQueue;
    worker = await startTestWorker(taskQueue, workerDeps(api.db, api.temporal, taskQueue, { graphUrl: fake.baseUrl }));
    observeOutbox(() => readOutboxStats(api.db));
    metrics = await startMetricsServer({ registry, host: '127.0.0.1', port: 0, token: 'a-scrape-token-for-tests' });
  });

  afterAll(async () => {
    await metrics.close();
    await worker.stop();
    await fake.stop();
    listening.close();
    await api.close();
    await db.disconnect();
  });

  it('counts API requests by route pattern and status', async () => {
    const before = await scrape();
    const labels = { method: 'GET', route: '/api/channels/whatsapp', status: '200' };
    await request(api.app).get('/api/channels/whatsapp').set('Authorization', staff.admin.auth).expect(200);
    await request(api.app).get('/api/channels/whatsapp').set('Authorization', staff.agent.auth).expect(403);
    const after = await scrape();
    expect(scrapedValue(after, 'astor_http_requests_total', labels) - scrapedValue(before, 'astor_http_requests_total', labels)).toBe(1);
    expect(scrapedValue(after, 'astor_http_request_duration_seconds_count', { method: 'GET', route: '/api/channels/whatsapp' })).toBeGreaterThanOrEqual(2);
    expect(after).not.toContain(staff.tenant.id);
  });

  it('counts a provider call that fails once, with the category Astor mapped it to', async () => {
    const labels = { provider: 'whatsapp_cloud', outcome: 'error', category: 'auth' };
    const before = await scrape();
    fake.failNext(1, { httpStatus: 401, code: 190, message: 'Error validating access token' });
    const probe = await request(api.app).post('/api/channels/whatsapp/test').set('Authorization', staff.admin.auth).send({}).expect(200);
    expect(probe.body).toMatchObject({ ok: false, category: 'auth' });
    const after = await scrape();
    expect(scrapedValue(after, 'astor_provider_requests_total', labels) - scrapedValue(before, 'astor_provider_requests_total', labels)).toBe(1);
    expect(scrapedValue(after, 'astor_provider_request_duration_seconds_count', { provider: 'whatsapp_cloud' })).toBeGreaterThan(scrapedValue(before, 'astor_provider_request_duration_seconds_count', { provider: 'whatsapp_cloud' }));
  });

  it('counts signed webhook deliveries as accepted, badly signed ones as invalid_signature, and times both', async () => {
    const accepted = { source: 'whatsapp_cloud', outcome: 'accepted' };
    const refused = { source: 'whatsapp_cloud', outcome: 'invalid_signature' };
    const before = await scrape();
    const contact = '5491155550123';
    expect((await fake.deliverInbound(number.phoneNumberId, { from: contact, name: 'Ana', text: 'Hola, ¿sigue disponible?' })).status).toBe(200);
    expect(await fake.deliverRaw(number.phoneNumberId, { object: 'whatsapp_business_account', entry: [] }, { signature: `sha256=${'0'.repeat(64)}` })).toBe(401);
    const after = await scrape();
    const delta = (labels: Record<string, string>) => scrapedValue(after, 'astor_webhook_deliveries_total', labels) - scrapedValue(before, 'astor_webhook_deliveries_total', labels);
    expect(delta(accepted)).toBe(1);
    expect(delta(refused)).toBe(1);
    expect(scrapedValue(after, 'astor_webhook_ack_duration_seconds_count', { source: 'whatsapp_cloud' }) - scrapedValue(before, 'astor_webhook_ack_duration_seconds_count', { source: 'whatsapp_cloud' })).toBe(2);
    expect(scrapedValue(after, 'astor_http_requests_total', { method: 'POST', route: '/webhooks/whatsapp', status: '401' }) - scrapedValue(before, 'astor_http_requests_total', { method: 'POST', route: '/webhooks/whatsapp', status: '401' })).toBe(1);
    expect(after).not.toContain(contact);
  });

  it('reads the outbox gauges on scrape', async () => {
    const exposition = await scrape();
    expect(exposition).toMatch(/^astor_outbox_depth \d+$/m);
    expect(exposition).toMatch(/^astor_outbox_oldest_age_seconds \d+(\.\d+)?$/m);
  });
});
