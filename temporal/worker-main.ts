import { loadConfig } from '../domain/config';
import { createLogger } from '../domain/logger';
import { createDatabase } from '../prisma/client';
import { exitOnStartupError, requireSetting } from '../domain/startup';
import { SecretBox, parseKeyring } from '../domain/secret-box';
import { createChannelRegistry } from '../integrations/channel-registry';
import { inboundMediaStore, voiceAudioStore } from '../integrations/media-store/media-store';
import { createMediaLinks } from '../integrations/media-store/media-links';
import { createTemporalClient } from './connection';
import { connectWorker } from './worker-connection';
import { createWorker } from './worker';
import { startOutboxRelay } from '../services/outbox-relay/outbox-relay';
import { serveMetrics } from '../observability/metrics-server';
import { installSdkMetrics } from './sdk-metrics';
import { configuredTracing } from '../observability/configured-tracing';

async function main() {
  const config = loadConfig();
  const logger = createLogger('worker', config.logLevel);
  const tracing = await configuredTracing(config.tracing, 'worker');
  if (tracing) logger.info('traces exported', { serviceName: tracing.serviceName, endpoint: config.tracing.otlpEndpoint });
  if (tracing && config.temporal.workflowBundlePath) logger.warn('WORKFLOW_BUNDLE_PATH is used as built: traces reach activities only if it was built by bundleWorkflows(…, { tracing })');
  const address = requireSetting(config.temporal.address, 'TEMPORAL_ADDRESS');
  const databaseUrl = requireSetting(config.database.url, 'DATABASE_URL');
  const db = createDatabase(databaseUrl, { poolSize: 20 });
  const secrets = new SecretBox(parseKeyring(requireSetting(config.secretsKeys, 'ASTOR_SECRETS_KEYS')));
  const { metrics: metricsConfig } = config;
  if (metricsConfig.temporalSdkPort !== undefined) logger.info('temporal sdk metrics served', { bindAddress: installSdkMetrics(metricsConfig.host, metricsConfig.temporalSdkPort) });
  const metrics = await serveMetrics(metricsConfig, metricsConfig.workerPort);
  if (metrics) logger.info('metrics served', { url: metrics.url });
  const connection = await connectWorker({ ...config.temporal, address });
  const temporal = await createTemporalClient({ ...config.temporal, address }, tracing?.clientInterceptors);
  const channels = createChannelRegistry({ db, secrets, whatsapp: config.whatsapp, botPlatforms: config.botPlatforms, mediaLinks: createMediaLinks(config) });
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { db, temporal, taskQueue: config.temporal.taskQueue, channels, whatsappGraph: config.whatsapp, secrets, elevenLabsUrl: config.elevenLabs.apiUrl, botPlatformUrls: config.botPlatforms, audioStore: voiceAudioStore(config), inboundMedia: inboundMediaStore(config), messagingLimit: config.messagingLimit },
    workflowBundle: config.temporal.workflowBundlePath ? { codePath: config.temporal.workflowBundlePath } : undefined,
    maxCachedWorkflows: config.temporal.cachedWorkflows,
    tracing,
  });
  const relay = config.outboxRelay ? startOutboxRelay({ databaseUrl, temporal, taskQueue: config.temporal.taskQueue, logger }) : undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
  logger.info('worker started', { taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace, outboxRelay: Boolean(relay) });
  await worker.run();
  await relay?.stop();
  await connection.close();
  await temporal.connection.close();
  await db.disconnect();
  await metrics?.close();
  await tracing?.shutdown();
  logger.info('worker stopped');
}

main().catch(exitOnStartupError);
