import { loadConfig } from '../domain/config';
import { createLogger } from '../domain/logger';
import { createDatabase } from '../prisma/client';
import { exitOnStartupError, requireSetting } from '../domain/startup';
import { connectWorker } from './connection';
import { createWorker } from './worker';

async function main() {
  const config = loadConfig();
  const logger = createLogger('worker', config.logLevel);
  const address = requireSetting(config.temporal.address, 'TEMPORAL_ADDRESS');
  const db = createDatabase(requireSetting(config.database.url, 'DATABASE_URL'), { poolSize: 20 });
  const connection = await connectWorker({ ...config.temporal, address });
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { db },
    workflowBundle: config.temporal.workflowBundlePath ? { codePath: config.temporal.workflowBundlePath } : undefined,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
  logger.info('worker started', { taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace });
  await worker.run();
  await connection.close();
  await db.disconnect();
  logger.info('worker stopped');
}

main().catch(exitOnStartupError);
