import { Client } from 'pg';

/** Roles the migrations grant to; created here because roles are cluster-wide, not per database. */
const ROLES = ['astor_app', 'astor_lookup', 'astor_relay'] as const;

export async function ensureDatabaseRoles(adminUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const role of ROLES) {
      const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (found.rowCount === 0) {
        await client.query(`CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS`).catch((error: { code?: string }) => {
          if (error.code !== '42710') throw error; // created concurrently by another process
        });
      }
    }
  } finally {
    await client.end();
  }
}
