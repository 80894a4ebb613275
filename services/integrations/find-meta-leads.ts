import { AppError } from '../../domain/app-error';
import type { SecretBox } from '../../domain/secret-box';
import type { MetaLeadsConfig } from '../../integrations/meta-leads/client';
import type { TenantTx } from '../../prisma/client';
import { decryptIntegrationConfig } from '../../prisma/repositories/integration-secrets';

/** The agency's Meta lead-ads token (decrypted) and pages, in the order they were connected; undefined when not configured. */
export async function findMetaLeads(tx: TenantTx, secrets: SecretBox) {
  const integration = await tx.tenantIntegration.findFirst({ where: { provider: 'META_LEADS' } });
  if (!integration) return undefined;
  const pages = await tx.metaLeadPage.findMany({ orderBy: { createdAt: 'asc' }, select: { pageId: true } });
  return { integration, config: decryptIntegrationConfig<MetaLeadsConfig>(secrets, integration), pageIds: pages.map((page) => page.pageId) };
}

export type FoundMetaLeads = NonNullable<Awaited<ReturnType<typeof findMetaLeads>>>;

export async function mustFindMetaLeads(tx: TenantTx, secrets: SecretBox): Promise<FoundMetaLeads> {
  const found = await findMetaLeads(tx, secrets);
  if (!found) throw new AppError('not_found', 'Meta lead ads are not configured');
  return found;
}
