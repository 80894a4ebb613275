import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createDatabaseIfMissing } from '../prisma/embedded-postgres';
import { resolveGoBinary, TEMPORAL_SERVER, TEMPORAL_SQL_TOOL } from './go-binaries';
import { ensureNamespace } from './namespace-setup';
import { spawnTemporalServer, type ServerProcess } from './server-process';

const run = promisify(execFile);
export const CLUSTER_CONFIG_DIR = path.join(__dirname, 'cluster');

/** Temporal's two databases and the schema each gets from the SQL tool's embedded schemas. */
const SCHEMAS = [
  { database: 'temporal', schemaName: 'postgresql/v12/temporal' },
  { database: 'temporal_visibility', schemaName: 'postgresql/v12/visibility' },
] as const;

export interface PostgresTemporalOptions {
  serverPath: string;
  /** A role allowed to create databases, on the PostgreSQL server Temporal will use (postgresql://user:pw@host:port/any). */
  adminUrl: string;
  frontendPort: number;
  namespace: string;
  onLog?: (line: string) => void;
}

export interface PostgresTemporal extends ServerProcess {
  address: string;
}

function connectionOf(adminUrl: string) {
  const url = new URL(adminUrl);
  return { host: url.hostname, port: url.port || '5432', user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function hasSchemaVersion(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT to_regclass('public.schema_version') IS NOT NULL AS present`);
    return rows[0].present as boolean;
  } finally {
    await client.end();
  }
}

/** Creates Temporal's databases when missing and brings their schemas to the server's version (idempotent). */
export async function setUpTemporalSchemas(sqlToolPath: string, adminUrl: string, log: (line: string) => void): Promise<void> {
  const db = connectionOf(adminUrl);
  for (const { database, schemaName } of SCHEMAS) {
    await createDatabaseIfMissing(withDatabase(adminUrl, 'postgres'), database);
    const common = ['--plugin', 'postgres12', '--ep', db.host, '-p', db.port, '-u', db.user, '--db', database];
    const env = { ...process.env, SQL_PASSWORD: db.password };
    if (!(await hasSchemaVersion(withDatabase(adminUrl, database)))) await run(sqlToolPath, [...common, 'setup-schema', '-v', '0.0'], { env });
    await run(sqlToolPath, [...common, 'update-schema', '--schema-name', schemaName], { env });
    log(`Temporal schema ready in ${database}`);
  }
}

/** The Temporal server on PostgreSQL with the cluster config in temporal/cluster/, its namespace and search attributes set up. */
export async function startPostgresTemporal(options: PostgresTemporalOptions): Promise<PostgresTemporal> {
  const db = connectionOf(options.adminUrl);
  const env = {
    ...process.env,
    TEMPORAL_DB_HOST: db.host,
    TEMPORAL_DB_PORT: db.port,
    TEMPORAL_DB_USER: db.user,
    TEMPORAL_DB_PASSWORD: db.password,
    TEMPORAL_FRONTEND_PORT: String(options.frontendPort),
    TEMPORAL_DYNAMIC_CONFIG_FILE: path.join(CLUSTER_CONFIG_DIR, 'dynamic-config.yaml'),
  };
  const address = `127.0.0.1:${options.frontendPort}`;
  const args = ['--config-file', path.join(CLUSTER_CONFIG_DIR, 'temporal-server.yaml'), '--allow-no-auth', 'start'];
  const server = await spawnTemporalServer(options.serverPath, args, address, options.onLog, env);
  try {
    await ensureNamespace(address, options.namespace);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { address, ...server };
}

export interface ProvisionedTemporal extends PostgresTemporal {
  /** Starts it again on the same port and data (after a kill). */
  restart(): Promise<void>;
}

/** Builds (once) the server and its SQL tool, brings the schemas up to date and starts the server: what a cluster start does. */
export async function provisionPostgresTemporal(options: Omit<PostgresTemporalOptions, 'serverPath'> & { log: (line: string) => void }): Promise<ProvisionedTemporal> {
  const [serverPath, sqlToolPath] = await Promise.all([resolveGoBinary(TEMPORAL_SERVER, process.env.TEMPORAL_SERVER, options.log), resolveGoBinary(TEMPORAL_SQL_TOOL, process.env.TEMPORAL_SQL_TOOL, options.log)]);
  await setUpTemporalSchemas(sqlToolPath, options.adminUrl, options.log);
  const start = () => startPostgresTemporal({ ...options, serverPath });
  let server = await start();
  return {
    address: server.address,
    kill: () => server.kill(),
    stop: () => server.stop(),
    async restart() {
      server = await start();
    },
  };
}
