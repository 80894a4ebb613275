import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { GracefulShutdownPeriodExpiredError, NativeConnection, type Worker } from '@temporalio/worker';
import { quietTemporalRuntime } from './temporal-runtime';
import { Client as PgClient } from 'pg';
import { loadConfig, type AppConfig } from '../domain/config';
import { createLogger } from '../domain/logger';
import { MESSAGING_LIMIT_WINDOW_MS } from '../domain/messaging-limit';
import { hashPassword } from '../domain/passwords';
import { createDatabase, type Database } from '../prisma/client';
import type { ActivityDependencies } from '../activities';
import { createChannelRegistry } from '../integrations/channel-registry';
import { LocalMediaStore } from '../integrations/media-store/media-store';
import { createMediaLinks } from '../integrations/media-store/media-links';
import { parseKeyring, SecretBox } from '../domain/secret-box';
import { createWorker } from '../temporal/worker';
import type { Tracing } from '../observability/tracing';
import { startOutboxRelay } from '../services/outbox-relay/outbox-relay';
import { harnessValue } from './harness-env';
import { namedIfSlow } from './slow-step';

/** A fixed keyring for tests: secrets written by one test process decrypt in another. */
export const TEST_SECRETS_KEYS = `test:${Buffer.alloc(32, 7).toString('base64')}`;

export const silentLogger = createLogger('test', 'error', () => undefined);

export function testConfig(env: NodeJS.ProcessEnv = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: harnessValue('appUrl'),
    DATABASE_ADMIN_URL: harnessValue('adminUrl'),
    TEMPORAL_ADDRESS: harnessValue('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    ASTOR_SECRETS_KEYS: TEST_SECRETS_KEYS,
    ASTOR_DATA_DIR: path.dirname(harnessValue('mediaDir')),
    ...env,
  });
}

export function openDatabase(): Database {
  return createDatabase(harnessValue('appUrl'), { poolSize: 5 });
}

/** Runs SQL as the schema owner (bypasses nothing in the app: only for set-up and inspection). */
export async function adminQuery<T extends Record<string, unknown>>(sql: string, params: unknown[] = [], url = harnessValue('adminUrl')): Promise<T[]> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function createTestTenant(db: Database, name = 'Agency') {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}`;
  return db.prisma.tenant.create({ data: { name, slug } });
}

export async function connectTemporal(address = harnessValue('temporalAddress'), tracing?: Tracing): Promise<TemporalClient> {
  const connection = await Connection.connect({ address });
  return new TemporalClient({ connection, namespace: 'default', ...(tracing ? { interceptors: tracing.clientInterceptors } : {}) });
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

export function testSecretBox(): SecretBox {
  return new SecretBox(parseKeyring(TEST_SECRETS_KEYS));
}

/** Everything activities need, pointed at the run's services and (optionally) provider fakes. */
export function workerDeps(db: Database, temporal: TemporalClient, taskQueue: string, providers: { graphUrl?: string; elevenLabsUrl?: string; manyChatUrl?: string; uchatUrl?: string; mediaDir?: string; messagingLimit?: { windowMs: number } } = {}): ActivityDependencies {
  const secrets = testSecretBox();
  const unreachable = 'http://127.0.0.1:9';
  const whatsappGraph = { graphUrl: providers.graphUrl ?? unreachable, graphVersion: 'v21.0' };
  const botPlatformUrls = { manyChatUrl: providers.manyChatUrl ?? unreachable, uchatUrl: providers.uchatUrl ?? unreachable };
  return {
    db,
    temporal,
    taskQueue,
    secrets,
    channels: createChannelRegistry({ db, secrets, whatsapp: whatsappGraph, botPlatforms: botPlatformUrls, mediaLinks: createMediaLinks(testConfig()) }),
    whatsappGraph,
    elevenLabsUrl: providers.elevenLabsUrl ?? unreachable,
    botPlatformUrls,
    audioStore: new LocalMediaStore(providers.mediaDir ?? path.join(harnessValue('mediaDir'), 'voice')),
    inboundMedia: new LocalMediaStore(path.join(harnessValue('mediaDir'), 'inbound')),
    messagingLimit: providers.messagingLimit ?? { windowMs: MESSAGING_LIMIT_WINDOW_MS },
  };
}

/**
 * How long a test worker's stop waits for its shutdown. Past its 15 s force time the SDK still awaits
 * the core's final shutdown, which has no bound of its own; a CI run (2026-12-04) hung in a suite's
 * teardown past jest's 60 s hook limit with every test passed.
 */
const SHUTDOWN_WAIT_MS = 20_000;

/**
 * Runs an in-process worker on the shared bundle, with the outbox relay of its task queue (unless
 * `relay: false`), until stop() is called; `address` points both at another Temporal server.
 * With `tracing`, the worker traces, on production's workflows bundled with the tracing interceptors.
 */
export async function startTestWorker(taskQueue: string, deps: ActivityDependencies, options: { relay?: boolean; address?: string; tracing?: Tracing } = {}): Promise<RunningWorker> {
  quietTemporalRuntime();
  const connection = await NativeConnection.connect({ address: options.address ?? harnessValue('temporalAddress') });
  // A task still in flight at teardown (a provider call waiting out its timeout) must not hold up the suite.
  const { tracing } = options;
  const worker = await createWorker({ connection, namespace: 'default', taskQueue, deps, workflowBundle: tracing ? undefined : { codePath: harnessValue('bundlePath') }, shutdownForceTime: '15 seconds', tracing });
  const running = worker.run();
  const relay = options.relay === false ? undefined : startOutboxRelay({ databaseUrl: harnessValue('appUrl'), temporal: deps.temporal, taskQueue, logger: silentLogger, sweepMs: 250 });
  return {
    worker,
    async stop() {
      await namedIfSlow('outbox relay', async () => relay?.stop());
      worker.shutdown();
      const finished = running.then(
        () => true,
        (error: unknown) => {
          if (!(error instanceof GracefulShutdownPeriodExpiredError)) throw error;
          return true;
        },
      );
      // Handled here too, so an error after the wait below gave up is not an unhandled rejection.
      finished.catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), SHUTDOWN_WAIT_MS)));
      const ended = await Promise.race([finished, gaveUp]).finally(() => clearTimeout(timer));
      if (ended) await connection.close();
      else console.warn(`test worker on ${taskQueue}: its shutdown did not finish within ${SHUTDOWN_WAIT_MS / 1000} s; left to the end of the run`);
    },
  };
}

export async function createTestUser(db: Database, tenantId: string, role: 'OWNER' | 'ADMIN' | 'AGENT', password = 'correct horse battery') {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
  const passwordHash = await hashPassword(password);
  const user = await db.inTenant(tenantId, (tx) => tx.user.create({ data: { tenantId, email, name: `${role} user`, role, passwordHash } }));
  return { ...user, password };
}
