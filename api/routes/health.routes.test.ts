import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createDatabase, type Database } from '../../prisma/client';
import { connectTemporal, openDatabase, silentLogger, testConfig, testSecretBox } from '../../testing/harness';
import { idleInbox, testWebhookInbox } from '../../testing/api-harness';
import { createApp } from '../server';

describe('health and readiness', () => {
  let db: Database;
  let temporal: Client;

  beforeAll(async () => {
    db = openDatabase();
    temporal = await connectTemporal();
  });

  afterAll(async () => {
    await temporal.connection.close();
    await db.disconnect();
  });

  it('answers /healthz while the process is up', async () => {
    const app = createApp({ config: testConfig(), db, temporal, logger: silentLogger, inbox: idleInbox(), secrets: testSecretBox(), webhookInbox: testWebhookInbox() });
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('answers /readyz when PostgreSQL and Temporal are reachable', async () => {
    const app = createApp({ config: testConfig(), db, temporal, logger: silentLogger, inbox: idleInbox(), secrets: testSecretBox(), webhookInbox: testWebhookInbox() });
    const response = await request(app).get('/readyz').expect(200);
    expect(response.body.checks).toEqual({ database: 'ok', temporal: 'ok' });
    expect(response.body.outbox).toEqual({ depth: expect.any(Number), oldestAgeMs: expect.any(Number), retrying: expect.any(Number) });
  });

  it('answers 503 problem+json naming the dependency that is down', async () => {
    const deadDb = createDatabase('postgresql://nobody:x@127.0.0.1:1/none');
    const app = createApp({ config: testConfig(), db: deadDb, temporal, logger: silentLogger, inbox: idleInbox(), secrets: testSecretBox(), webhookInbox: testWebhookInbox() });
    const response = await request(app).get('/readyz').expect(503);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.checks.temporal).toBe('ok');
    expect(response.body.checks.database).not.toBe('ok');
    await deadDb.disconnect();
  });

  it('answers unknown routes with a 404 problem', async () => {
    const app = createApp({ config: testConfig(), db, temporal, logger: silentLogger, inbox: idleInbox(), secrets: testSecretBox(), webhookInbox: testWebhookInbox() });
    const response = await request(app).get('/no-such-route').expect(404);
    expect(response.body).toMatchObject({ status: 404, code: 'not_found' });
  });
});
