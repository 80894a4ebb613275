import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createSession } from '../api/auth/sessions';
import { digest, newApiKey } from '../api/auth/tokens';
import type { RequestsPerMinute } from '../api/http/tenant-rate-limit';
import { createApp, type ApiDependencies } from '../api/server';
import type { Database } from '../prisma/client';
import type { Logger } from '../domain/logger';
import { InboxHub } from '../api/inbox/inbox-hub';
import { createWebhookInbox } from '../services/webhook-inbox/webhook-inbox';
import type { AppConfig } from '../domain/config';
import type { Tracing } from '../observability/tracing';
import { connectTemporal, createTestTenant, createTestUser, openDatabase, silentLogger, testConfig, testSecretBox } from './harness';
import { namedIfSlow } from './slow-step';

export interface TestApi {
  app: ReturnType<typeof createApp>;
  deps: ApiDependencies;
  db: Database;
  temporal: Client;
  /** Tracing, when the test turned it on: the API's Temporal client carries the trace, and so does a worker the harness starts for it. */
  tracing?: Tracing;
  close(): Promise<void>;
}

/** The real Express app on the run's PostgreSQL and Temporal, for supertest. */
export async function startTestApi(options: { env?: NodeJS.ProcessEnv; requestsPerMinute?: RequestsPerMinute; logger?: Logger; tracing?: Tracing } = {}): Promise<TestApi> {
  const db = openDatabase();
  const config = testConfig(options.env);
  const temporal = await connectTemporal(config.temporal.address, options.tracing);
  const inbox = new InboxHub(config.database.url!, silentLogger);
  const webhookInbox = testWebhookInbox(config);
  const deps: ApiDependencies = { config, db, temporal, logger: options.logger ?? silentLogger, inbox, secrets: testSecretBox(), webhookInbox, requestsPerMinute: options.requestsPerMinute };
  return {
    app: createApp(deps),
    deps,
    db,
    temporal,
    tracing: options.tracing,
    async close() {
      await namedIfSlow('inbox listener', () => inbox.close());
      await namedIfSlow('webhook inbox pool', () => webhookInbox.close());
      await namedIfSlow('Temporal client', () => temporal.connection.close());
      await namedIfSlow('database', () => db.disconnect());
    },
  };
}

/** An Authorization header for a user, without going through the (deliberately slow) password check. */
export async function bearerFor(db: Database, user: { id: string; tenantId: string }): Promise<string> {
  const { token } = await createSession(db, { tenantId: user.tenantId, userId: user.id });
  return `Bearer ${token}`;
}

export async function platformBearer(db: Database): Promise<string> {
  const admin = await db.prisma.platformAdmin.create({ data: { email: `super-${Date.now()}-${Math.random()}@astor.test`, name: 'Super', passwordHash: 'x' } });
  const { token } = await createSession(db, { platformAdminId: admin.id });
  return `Bearer ${token}`;
}

export async function apiKeyFor(db: Database, tenantId: string): Promise<{ key: string; id: string }> {
  const { key, prefix, secret } = newApiKey();
  const row = await db.inTenant(tenantId, (tx) => tx.apiKey.create({ data: { tenantId, name: 'test relay', prefix, secretHash: digest(secret) } }));
  return { key, id: row.id };
}

/** A tenant with an owner, an admin and an agent, each with a bearer header. */
export async function createStaffedTenant(db: Database, name: string) {
  const tenant = await createTestTenant(db, name);
  const [owner, admin, agent] = [await createTestUser(db, tenant.id, 'OWNER'), await createTestUser(db, tenant.id, 'ADMIN'), await createTestUser(db, tenant.id, 'AGENT')];
  return {
    tenant,
    owner: { ...owner, auth: await bearerFor(db, owner) },
    admin: { ...admin, auth: await bearerFor(db, admin) },
    agent: { ...agent, auth: await bearerFor(db, agent) },
  };
}

/** The webhook inbox an app under test stores deliveries in (its pool connects on first use). */
export function testWebhookInbox(config: AppConfig = testConfig()) {
  return createWebhookInbox({ databaseUrl: config.database.url!, taskQueue: config.temporal.taskQueue, logger: silentLogger, lanes: 2 });
}

/** An inbox hub for apps whose tests never open a stream: it connects only on first subscription. */
export function idleInbox(): InboxHub {
  return new InboxHub(testConfig().database.url!, silentLogger);
}

/** Calls the API as a person and keeps every response body, so a test can look for what must never leak. */
export function recordingCaller(api: () => TestApi, defaultAuth: () => string) {
  const responses: string[] = [];
  const call = async (method: 'get' | 'put' | 'post' | 'delete', path: string, body?: object, auth = defaultAuth()) => {
    const response = await request(api().app)[method](`/api${path}`).set('Authorization', auth).send(body ?? {});
    responses.push(response.text);
    return response;
  };
  return { call, responses };
}

/** A supertest parser that keeps a response body as the raw bytes it was (for media). */
export function binaryBody(response: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}
