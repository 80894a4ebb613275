import path from 'node:path';
import { Client } from 'pg';
import { ConfigError, type AppConfig } from '../domain/config';
import { createDatabaseIfMissing, startEmbeddedPostgres } from './embedded-postgres';
import { migrateDatabase } from './migrate';

export interface ProvisionedDatabase {
  /** Connection of the application role (subject to row-level security). */
  appUrl: string;
  /** Connection of the schema owner, used for migrations only. */
  adminUrl: string;
  embedded: boolean;
  /** The embedded server's files. */
  clusterDir?: string;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'astor';

async function withClient<T>(url: string, variable: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Invalid configuration: ${variable} is unreachable (${reason || 'connection refused'})`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Refuses an application connection that would silently bypass row-level security. */
export async function assertAppRoleRespectsRls(appUrl: string): Promise<void> {
  const role = await withClient(appUrl, 'DATABASE_URL', async (client) => {
    const result = await client.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    return result.rows[0];
  });
  if (role && (role.rolsuper || role.rolbypassrls)) {
    throw new ConfigError(
      `Invalid configuration: DATABASE_URL connects as "${role.rolname}", which bypasses row-level security; ` +
        'connect as a role granted astor_app and put the owner in DATABASE_ADMIN_URL',
    );
  }
}

async function setAppRolePassword(adminUrl: string, password: string): Promise<void> {
  await withClient(adminUrl, 'DATABASE_ADMIN_URL', (client) =>
    client.query(`ALTER ROLE astor_app WITH LOGIN PASSWORD '${password.replace(/'/g, "''")}'`),
  );
}

/**
 * Makes the database Astor needs available: the configured one, or an embedded server under the
 * data directory. Applies migrations and checks that the application role is subject to RLS.
 */
export async function provisionDatabase(config: AppConfig, log: (line: string) => void): Promise<ProvisionedDatabase> {
  if (config.database.url) {
    const adminUrl = config.database.adminUrl ?? config.database.url;
    await withClient(adminUrl, config.database.adminUrl ? 'DATABASE_ADMIN_URL' : 'DATABASE_URL', async () => undefined);
    await migrateDatabase(adminUrl);
    if (config.database.appRolePassword) await setAppRolePassword(adminUrl, config.database.appRolePassword);
    await assertAppRoleRespectsRls(config.database.url);
    return { appUrl: config.database.url, adminUrl, embedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres(path.join(config.dataDir, 'postgres'), config.database.embeddedPort, (line) =>
    log(`[postgres] ${line}`),
  );
  try {
    await createDatabaseIfMissing(server.adminUrl('postgres'), EMBEDDED_DATABASE);
    const adminUrl = server.adminUrl(EMBEDDED_DATABASE);
    await migrateDatabase(adminUrl);
    await setAppRolePassword(adminUrl, server.appPassword);
    const appUrl = server.appUrl(EMBEDDED_DATABASE);
    await assertAppRoleRespectsRls(appUrl);
    return { appUrl, adminUrl, embedded: true, clusterDir: server.clusterDir, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
