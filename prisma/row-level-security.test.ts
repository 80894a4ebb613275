import { Client } from 'pg';
import { adminQuery, createTestTenant, openDatabase } from '../testing/harness';
import { harnessValue } from '../testing/harness-env';
import type { Database } from './client';

/** The database refuses cross-tenant access even when application code is bypassed entirely. */
describe('row-level security for the application role', () => {
  let db: Database;
  let app: Client;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    db = openDatabase();
    [tenantA, tenantB] = [(await createTestTenant(db, 'RLS A')).id, (await createTestTenant(db, 'RLS B')).id];
    await db.inTenant(tenantA, (tx) => tx.lead.create({ data: { tenantId: tenantA, name: 'Secreto de A', phone: '+5491100000001' } }));
    app = new Client({ connectionString: harnessValue('appUrl') });
    await app.connect();
  });

  afterAll(async () => {
    await app.end();
    await db.disconnect();
  });

  async function asTenant<T>(tenantId: string | null, sql: string, params: unknown[] = []) {
    await app.query('BEGIN');
    try {
      if (tenantId) await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const result = await app.query<T & Record<string, unknown>>(sql, params);
      await app.query('COMMIT');
      return result;
    } catch (error) {
      await app.query('ROLLBACK');
      throw error;
    }
  }

  it('connects as a role that is neither superuser nor BYPASSRLS', async () => {
    const { rows } = await app.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it("shows tenant B's setting zero rows of tenant A, and tenant A its own", async () => {
    const seenByB = await asTenant(tenantB, `SELECT id FROM "Lead" WHERE "tenantId" = $1`, [tenantA]);
    const seenByA = await asTenant(tenantA, `SELECT name FROM "Lead"`);
    expect(seenByB.rowCount).toBe(0);
    expect(seenByA.rows.map((row) => row.name)).toEqual(['Secreto de A']);
  });

  it('shows nothing without a tenant setting', async () => {
    expect((await asTenant(null, 'SELECT id FROM "Lead"')).rowCount).toBe(0);
  });

  it("refuses to write a row into tenant A under tenant B's setting", async () => {
    await expect(
      asTenant(tenantB, `INSERT INTO "Lead" (id, "tenantId", name, "updatedAt") VALUES (gen_random_uuid(), $1, 'intruso', now())`, [tenantA]),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it("cannot update or delete tenant A's rows under tenant B's setting", async () => {
    const updated = await asTenant(tenantB, `UPDATE "Lead" SET name = 'pwned' WHERE "tenantId" = $1`, [tenantA]);
    const deleted = await asTenant(tenantB, `DELETE FROM "Lead" WHERE "tenantId" = $1`, [tenantA]);
    expect([updated.rowCount, deleted.rowCount]).toEqual([0, 0]);
    const [row] = await adminQuery<{ name: string }>(`SELECT name FROM "Lead" WHERE "tenantId" = $1`, [tenantA]);
    expect(row?.name).toBe('Secreto de A');
  });

  it('cannot move a row to another tenant', async () => {
    await expect(asTenant(tenantA, `UPDATE "Lead" SET "tenantId" = $1`, [tenantB])).rejects.toMatchObject({ code: expect.stringMatching(/^(42501|23503)$/) });
  });

  it('answers cross-tenant lookups only through the narrow security-definer functions', async () => {
    await adminQuery(`INSERT INTO "WhatsAppChannel" (id, "tenantId", "phoneNumberId", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now())`, [
      tenantA,
      `pnid-${tenantA}`,
    ]);
    const { rows } = await app.query<{ tenant: string }>('SELECT astor_tenant_for_phone_number_id($1) AS tenant', [`pnid-${tenantA}`]);
    expect(rows[0]?.tenant).toBe(tenantA);
    expect((await app.query('SELECT id FROM "WhatsAppChannel"')).rowCount).toBe(0);
  });
});
