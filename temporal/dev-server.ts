import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SEARCH_ATTRIBUTE_TYPES } from '../domain/temporal-contracts';
import { spawnTemporalServer } from './server-process';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** Omit for a headless server. */
  uiPort?: number;
  namespace: string;
  /** SQLite file; omit for an in-memory server (tests). */
  dbFile?: string;
  /** Extra ports the CLI would otherwise pick from `port` (and could collide in parallel runs). */
  httpPort?: number;
  metricsPort?: number;
  onLog?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Runs `temporal server start-dev` with Astor's search attributes registered. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', options.namespace];
  args.push('--log-level', 'error', '--log-format', 'pretty');
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.httpPort) args.push('--http-port', String(options.httpPort));
  if (options.metricsPort) args.push('--metrics-port', String(options.metricsPort));
  if (options.dbFile) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_TYPES)) args.push('--search-attribute', `${name}=${type}`);

  const address = `127.0.0.1:${options.port}`;
  const server = await spawnTemporalServer(options.cliPath, args, address, options.onLog);
  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: () => server.stop(),
  };
}
