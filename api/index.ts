import type { Server } from 'node:http';
import { loadConfig } from '../domain/config';
import { createLogger } from '../domain/logger';
import { exitOnStartupError, requireSetting } from '../domain/startup';
import { createDatabase } from '../prisma/client';
import { createTemporalClient } from '../temporal/connection';
import { parseKeyring, SecretBox } from '../domain/secret-box';
import { InboxHub } from './inbox/inbox-hub';
import { createApp } from './server';

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function main() {
  const config = loadConfig();
  const logger = createLogger('api', config.logLevel);
  const db = createDatabase(requireSetting(config.database.url, 'DATABASE_URL'));
  const address = requireSetting(config.temporal.address, 'TEMPORAL_ADDRESS');
  const temporal = await createTemporalClient({ ...config.temporal, address });
  const inbox = new InboxHub(requireSetting(config.database.url, 'DATABASE_URL'), logger);
  const secrets = new SecretBox(parseKeyring(requireSetting(config.secretsKeys, 'ASTOR_SECRETS_KEYS')));
  const server = createApp({ config, db, temporal, logger, inbox, secrets }).listen(config.api.port);
  server.once('listening', () => logger.info('api listening', { url: config.api.publicUrl }));
  server.once('error', exitOnStartupError);
  const shutdown = async () => {
    logger.info('api stopping');
    server.closeIdleConnections();
    await inbox.close();
    server.closeAllConnections();
    await close(server);
    await temporal.connection.close();
    await db.disconnect();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown());
}

main().catch(exitOnStartupError);
