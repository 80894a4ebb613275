import { generateKey, parseKeyring, SecretBox } from '../../domain/secret-box';
import { adminQuery, createTestTenant, openDatabase } from '../../testing/harness';
import type { Database } from '../client';
import { loadIntegrationConfig, saveIntegrationConfig } from './integration-secrets';
import { rotateSecrets } from './secret-rotation';

describe('rotating the secrets key', () => {
  let db: Database;
  beforeAll(() => {
    db = openDatabase();
  });
  afterAll(() => db.disconnect());

  it('re-encrypts every agency secret under the new key, keeping health, and the old key is then unneeded', async () => {
    const [oldKey, newKey] = [generateKey(), generateKey()];
    const before = new SecretBox(parseKeyring(`old:${oldKey}`));
    const tenants = [await createTestTenant(db, 'Rotate A'), await createTestTenant(db, 'Rotate B')];
    for (const [index, tenant] of tenants.entries()) {
      await db.inTenant(tenant.id, async (tx) => {
        await saveIntegrationConfig(tx, before, 'WHATSAPP_CLOUD', { accessToken: `EAAG-token-${index}` });
        await tx.tenantIntegration.updateMany({ data: { health: 'HEALTHY' } });
      });
    }
    const rotating = new SecretBox(parseKeyring(`new:${newKey},old:${oldKey}`));
    // Only these agencies: other test files run at the same time with their own key.
    expect(await rotateSecrets(db, rotating, { tenantIds: tenants.map((tenant) => tenant.id) })).toEqual({ rotated: 2, agencies: 2 });
    const after = new SecretBox(parseKeyring(`new:${newKey}`));
    for (const [index, tenant] of tenants.entries()) {
      const loaded = await db.inTenant(tenant.id, (tx) => loadIntegrationConfig<{ accessToken: string }>(tx, after, 'WHATSAPP_CLOUD'));
      expect(loaded).toMatchObject({ integration: { keyId: 'new', health: 'HEALTHY' }, config: { accessToken: `EAAG-token-${index}` } });
    }
    const stale = await adminQuery(`SELECT 1 FROM "TenantIntegration" WHERE "keyId" = 'old' AND "tenantId" = ANY($1::uuid[])`, [tenants.map((tenant) => tenant.id)]);
    expect(stale).toHaveLength(0);
  });
});
