import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ConfigError, type AppConfig } from '../domain/config';
import { resolveTemporalCli } from './go-binaries';
import { provisionPostgresTemporal } from './postgres-server';
import { startDevServer } from './dev-server';

export interface TemporalEndpoint {
  address: string;
  uiUrl?: string;
  embedded: boolean;
  stop(): Promise<void>;
}

async function assertReachable(config: AppConfig['temporal'] & { address: string }): Promise<void> {
  try {
    const connection = await Connection.connect({ address: config.address, connectTimeout: 5000, apiKey: config.apiKey, tls: config.tls ? true : undefined });
    await connection.workflowService.getSystemInfo({});
    await connection.close();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`Invalid configuration: TEMPORAL_ADDRESS ${config.address} is unreachable (${reason})`);
  }
}

/** The Temporal server Astor uses: the configured cluster, or the CLI's dev server on a SQLite file. */
export async function provideTemporal(config: AppConfig, log: (line: string) => void): Promise<TemporalEndpoint> {
  const { address } = config.temporal;
  if (address) {
    await assertReachable({ ...config.temporal, address });
    return { address, uiUrl: config.temporal.uiUrl, embedded: false, stop: async () => undefined };
  }
  const cliPath = await resolveTemporalCli(config.temporal.cliPath, log);
  const server = await startDevServer({
    cliPath,
    port: config.temporal.devPort,
    uiPort: config.temporal.devUiPort,
    namespace: config.temporal.namespace,
    dbFile: path.join(config.dataDir, 'temporal', 'temporal.sqlite'),
    onLog: (line) => log(`[temporal] ${line}`),
  });
  return { ...server, embedded: true };
}

/** The Temporal server itself, persisted in the PostgreSQL at `adminUrl` (its own two databases there), as a cluster runs it. */
export async function provideClusterTemporal(config: AppConfig, adminUrl: string, log: (line: string) => void): Promise<TemporalEndpoint> {
  const server = await provisionPostgresTemporal({ adminUrl, frontendPort: config.temporal.devPort, namespace: config.temporal.namespace, log, onLog: (line) => log(`[temporal] ${line}`) });
  return { address: server.address, embedded: true, stop: () => server.stop() };
}
