import type { SecretBox } from '../../domain/secret-box';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { mustFindMetaLeads } from './find-meta-leads';

/** Disconnects Meta lead ads: the token is erased and the pages released. */
export async function disconnectMetaLeads({ db, secrets }: { db: Database; secrets: SecretBox }): Promise<void> {
  await db.forCurrentTenant(async (tx) => {
    const { integration } = await mustFindMetaLeads(tx, secrets);
    await tx.metaLeadPage.deleteMany({});
    await tx.tenantIntegration.delete({ where: { id: integration.id } });
    await recordAudit(tx, { action: 'delete', entity: 'TenantIntegration', entityId: integration.id, before: { provider: 'META_LEADS' } });
  });
}
