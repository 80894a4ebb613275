import type { Server } from 'node:http';
import { loadConfig } from '../domain/config';
import { createLogger } from '../domain/logger';
import { exitOnStartupError, requireSetting } from '../domain/startup';
import { createDatabase } from '../prisma/client';
import { createTemporalClient } from '../temporal/connection';
import { parseKeyring, SecretBox } from '../domain/secret-box';
import { InboxHub } from './inbox/inbox-hub';
import { createApp } from './server';
import { createWebhookInbox } from '../services/webhook-inbox/webhook-inbox';
import { heldDeliveries } from '../services/webhook-inbox/held-deliveries';
import { startInboxUpkeep } from '../services/webhook-inbox/inbox-upkeep';
import { readOutboxStats, startOutboxRelay } from '../services/outbox-relay/outbox-relay';
import { observeOutbox } from '../observability/metrics';
import { serveMetrics } from '../observability/metrics-server';
import { configuredTracing } from '../observability/configured-tracing';
import { keepConnectionsAlive } from './http/keep-alive';

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function main() {
  const config = loadConfig();
  const logger = createLogger('api', config.logLevel);
  const tracing = await configuredTracing(config.tracing, 'api');
  if (tracing) logger.info('traces exported', { serviceName: tracing.serviceName, endpoint: config.tracing.otlpEndpoint });
  const databaseUrl = requireSetting(config.database.url, 'DATABASE_URL');
  const db = createDatabase(databaseUrl);
  const address = requireSetting(config.temporal.address, 'TEMPORAL_ADDRESS');
  const temporal = await createTemporalClient({ ...config.temporal, address }, tracing?.clientInterceptors);
  const inbox = new InboxHub(databaseUrl, logger);
  const secrets = new SecretBox(parseKeyring(requireSetting(config.secretsKeys, 'ASTOR_SECRETS_KEYS')));
  const webhookInbox = createWebhookInbox({ databaseUrl, taskQueue: config.temporal.taskQueue, logger });
  const upkeep = startInboxUpkeep({ db, held: heldDeliveries({ db, inbox: webhookInbox, logger }), retentionDays: config.webhookRetentionDays, logger });
  const relay = config.outboxRelay ? startOutboxRelay({ databaseUrl, temporal, taskQueue: config.temporal.taskQueue, logger }) : undefined;
  observeOutbox(() => readOutboxStats(db));
  const metrics = await serveMetrics(config.metrics, config.metrics.apiPort);
  if (metrics) logger.info('metrics served', { url: metrics.url });
  const server = keepConnectionsAlive(createApp({ config, db, temporal, logger, inbox, secrets, webhookInbox }).listen(config.api.port));
  server.once('listening', () => logger.info('api listening', { url: config.api.publicUrl }));
  server.once('error', exitOnStartupError);
  const shutdown = async () => {
    logger.info('api stopping');
    server.closeIdleConnections();
    await inbox.close();
    server.closeAllConnections();
    await close(server);
    upkeep.stop();
    await relay?.stop();
    await webhookInbox.close();
    await temporal.connection.close();
    await db.disconnect();
    await metrics?.close();
    await tracing?.shutdown();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown());
}

main().catch(exitOnStartupError);
