import type { SecretBox } from '../../domain/secret-box';
import type { Database } from '../client';
import { decryptIntegrationConfig, saveIntegrationConfig } from './integration-secrets';

/**
 * Re-encrypts every provider secret still under an older key with the keyring's current key,
 * agency by agency (each in its own RLS transaction). Safe to run while Astor runs: both keys
 * stay in the keyring until this reports nothing left to rotate.
 */
export async function rotateSecrets(db: Database, box: SecretBox, only?: { tenantIds: string[] }): Promise<{ rotated: number; agencies: number }> {
  const tenants = await db.prisma.tenant.findMany({ where: only ? { id: { in: only.tenantIds } } : {}, select: { id: true } });
  let rotated = 0;
  for (const { id } of tenants) {
    rotated += await db.inTenant(id, async (tx) => {
      const stale = (await tx.tenantIntegration.findMany()).filter((integration) => box.needsRotation(integration.keyId));
      for (const integration of stale) await saveIntegrationConfig(tx, box, integration.provider, decryptIntegrationConfig<Record<string, unknown>>(box, integration), { keepHealth: true });
      return stale.length;
    });
  }
  return { rotated, agencies: tenants.length };
}
