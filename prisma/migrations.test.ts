import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { adminQuery } from '../testing/harness';
import { harnessValue } from '../testing/harness-env';
import { migrateDatabase } from './migrate';
import { TENANT_MODELS } from './tenant-models';

describe('migrations applied to an empty database', () => {
  const database = `astor_migration_${randomUUID().slice(0, 8)}`;
  const maintenanceUrl = harnessValue('maintenanceUrl');
  const url = maintenanceUrl.replace(/\/[^/]+$/, `/${database}`);
  let client: Client;

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE "${database}"`, [], maintenanceUrl);
    await migrateDatabase(url);
    client = new Client({ connectionString: url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await adminQuery(`DROP DATABASE "${database}" WITH (FORCE)`, [], maintenanceUrl);
  });

  async function tenant(slug: string): Promise<string> {
    const result = await client.query<{ id: string }>(
      `INSERT INTO "Tenant" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), $1, $1, now()) RETURNING id`,
      [slug],
    );
    return result.rows[0]!.id;
  }

  /** Inserts as the owner with the tenant's RLS setting, as the application would. */
  async function insertLead(tenantId: string, fields: { phone?: string; dni?: string }) {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      await client.query(
        `INSERT INTO "Lead" (id, "tenantId", phone, dni, "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, now())`,
        [tenantId, fields.phone ?? null, fields.dni ?? null],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }

  it('gives every table with a tenantId a NOT NULL column, a foreign key to Tenant, and forced RLS with a policy', async () => {
    const { rows } = await client.query<{ table: string; nullable: string; rls: boolean; forced: boolean; policies: string; fk: boolean }>(`
      SELECT c.table_name AS table, c.is_nullable AS nullable, t.relrowsecurity AS rls, t.relforcerowsecurity AS forced,
             (SELECT count(*) FROM pg_policy p WHERE p.polrelid = t.oid AND p.polname = 'tenant_isolation')::text AS policies,
             EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = t.oid AND k.contype = 'f'
                       AND k.confrelid = '"Tenant"'::regclass) AS fk
      FROM information_schema.columns c JOIN pg_class t ON t.relname = c.table_name AND t.relkind IN ('r', 'p') AND NOT t.relispartition
      WHERE c.table_schema = 'public' AND c.column_name = 'tenantId'`);
    const tenantOwned = rows.filter((row) => row.nullable === 'NO');
    expect(tenantOwned.map((row) => row.table).sort()).toEqual([...TENANT_MODELS].sort());
    for (const row of tenantOwned) expect(row).toMatchObject({ rls: true, forced: true, policies: '1', fk: true });
  });

  it('leads every tenant-owned index with tenantId', async () => {
    const { rows } = await client.query<{ index: string; definition: string }>(`
      SELECT i.indexname AS index, i.indexdef AS definition FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1) AND i.indexname NOT LIKE '%_pkey'`, [[...TENANT_MODELS]]);
    const notLed = rows.filter((row) => !/\("tenantId"/.test(row.definition) && !/_(prefix|phoneNumberId|pageId)_key$/.test(row.index));
    expect(notLed).toEqual([]);
  });

  it('allows the same phone and DNI in two tenants but not twice in one', async () => {
    const [a, b] = [await tenant(`a-${randomUUID()}`), await tenant(`b-${randomUUID()}`)];
    await insertLead(a, { phone: '+5491155550101', dni: '30111222' });
    await insertLead(b, { phone: '+5491155550101', dni: '30111222' });
    await expect(insertLead(a, { phone: '+5491155550101' })).rejects.toMatchObject({ code: '23505' });
    await expect(insertLead(a, { phone: '+5491155550199', dni: '30111222' })).rejects.toMatchObject({ code: '23505' });
    await insertLead(a, { phone: '+5491155550102' });
    await insertLead(a, { phone: '+5491155550103' });
  });

  it('refuses a lead without a tenant', async () => {
    await expect(
      client.query(`INSERT INTO "Lead" (id, "tenantId", "updatedAt") VALUES (gen_random_uuid(), NULL, now())`),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^(23502|42501)$/) });
  });

  it('is idempotent: deploying again applies nothing new', async () => {
    await migrateDatabase(url);
    const { rows } = await client.query<{ count: string }>('SELECT count(*)::text FROM _prisma_migrations WHERE finished_at IS NOT NULL');
    const { rows: all } = await client.query<{ count: string }>('SELECT count(*)::text FROM _prisma_migrations');
    expect(rows[0]!.count).toBe(all[0]!.count);
  });
});
