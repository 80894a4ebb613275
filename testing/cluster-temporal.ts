import net from 'node:net';
import { resolveGoBinary, TEMPORAL_SERVER, TEMPORAL_SQL_TOOL } from '../temporal/go-binaries';
import { setUpTemporalSchemas, startPostgresTemporal, type PostgresTemporal } from '../temporal/postgres-server';
import { HARNESS_ENV, harnessValue } from './harness-env';

/** The server listens on its frontend port and fixed offsets from it (temporal/cluster/temporal-server.yaml). */
const PORT_OFFSETS = [0, 1, 2, 6, 10, 100, 101, 102, 106];

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Temporal stores membership ports as smallint: the whole block stays below 32768. */
export async function frontendPortWithRoom(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    if ((await Promise.all(PORT_OFFSETS.map((offset) => portIsFree(base + offset)))).every(Boolean)) return base;
  }
}

export interface ClusterTemporal {
  address: string;
  /** SIGKILL, as a crashed host. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Temporal server persisted in the run's PostgreSQL (the cluster topology), made this process's
 * Temporal for everything the harness starts afterwards (test APIs, workers, service processes).
 */
export async function useClusterTemporal(log: (line: string) => void = () => undefined): Promise<ClusterTemporal> {
  const adminUrl = harnessValue('maintenanceUrl');
  const [serverPath, sqlToolPath] = await Promise.all([resolveGoBinary(TEMPORAL_SERVER, process.env.TEMPORAL_SERVER, log), resolveGoBinary(TEMPORAL_SQL_TOOL, process.env.TEMPORAL_SQL_TOOL, log)]);
  await setUpTemporalSchemas(sqlToolPath, adminUrl, log);
  const frontendPort = await frontendPortWithRoom();
  const start = () => startPostgresTemporal({ serverPath, adminUrl, frontendPort, namespace: 'default', onLog: log });
  let server: PostgresTemporal = await start();
  process.env[HARNESS_ENV.temporalAddress] = server.address;
  return {
    address: server.address,
    kill: () => server.kill(),
    async restart() {
      server = await start();
    },
    stop: () => server.stop(),
  };
}
