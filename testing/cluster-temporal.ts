import net from 'node:net';
import { provisionPostgresTemporal, type ProvisionedTemporal } from '../temporal/postgres-server';
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

/**
 * The Temporal server persisted in the run's PostgreSQL (the cluster topology), made this process's
 * Temporal for everything the harness starts afterwards (test APIs, workers, service processes).
 */
export async function useClusterTemporal(log: (line: string) => void = () => undefined): Promise<ProvisionedTemporal> {
  const server = await provisionPostgresTemporal({ adminUrl: harnessValue('maintenanceUrl'), frontendPort: await frontendPortWithRoom(), namespace: 'default', log, onLog: log });
  process.env[HARNESS_ENV.temporalAddress] = server.address;
  return server;
}
