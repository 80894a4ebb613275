import { useClusterTemporal } from '../../testing/cluster-temporal';

/** BENCH_TOPOLOGY: `dev` (default) runs on the Temporal dev server (SQLite); `cluster` on the Temporal server persisted in PostgreSQL. */
export const TOPOLOGY = process.env.BENCH_TOPOLOGY === 'cluster' ? 'cluster' : 'dev';

export const TOPOLOGY_LABEL = TOPOLOGY === 'cluster' ? 'Temporal server v1.32.0 on PostgreSQL (the cluster topology)' : 'Temporal dev server (CLI, SQLite in memory)';

/** After the global setup: on `cluster`, everything started afterwards uses the PostgreSQL-backed server; returns its cleanup. */
export async function applyTopology(): Promise<() => Promise<void>> {
  if (TOPOLOGY === 'dev') return async () => undefined;
  const server = await useClusterTemporal();
  return () => server.stop();
}
