import { AppError } from '../../domain/app-error';
import type { Logger } from '../../domain/logger';
import type { SecretBox } from '../../domain/secret-box';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { tenantContext } from '../../prisma/tenant-context';
import { releaseHeld, type HeldDeliveries } from '../webhook-inbox/held-deliveries';
import { findMetaLeads, type FoundMetaLeads } from './find-meta-leads';
import type { PutMetaLeads } from './integration-types';

/**
 * Saves the token and the pages whose lead forms become leads (a page belongs to one agency);
 * deliveries held for those pages are released once committed.
 */
export async function saveMetaLeads({ db, secrets, held, logger }: { db: Database; secrets: SecretBox; held: HeldDeliveries; logger: Logger }, body: PutMetaLeads): Promise<FoundMetaLeads> {
  const saved = await db.forCurrentTenant(async (tx) => {
    const before = await findMetaLeads(tx, secrets);
    const accessToken = body.accessToken ?? before?.config.accessToken;
    if (!accessToken) throw new AppError('validation_failed', 'The access token is required the first time', { es: 'El token de acceso es obligatorio la primera vez', fields: [{ path: 'accessToken', message: 'is required the first time', code: 'required' }] });
    const stored = await saveIntegrationConfig(tx, secrets, 'META_LEADS', { accessToken }, { keepHealth: !body.accessToken });
    const integration = await tx.tenantIntegration.update({ where: { id: stored.id }, data: { active: body.active } });
    await tx.metaLeadPage.deleteMany({ where: { pageId: { notIn: body.pageIds } } });
    const { tenantId } = tenantContext.require('meta lead pages');
    for (const pageId of body.pageIds.filter((id) => !before?.pageIds.includes(id))) {
      const taken = await tx.$queryRaw<{ tenant_id: string | null }[]>`SELECT astor_tenant_for_meta_page(${pageId}) AS tenant_id`;
      if (taken[0]?.tenant_id) throw new AppError('conflict', `The page ${pageId} is connected to another agency`, { es: `La página ${pageId} está conectada a otra inmobiliaria` });
      await tx.metaLeadPage.create({ data: { tenantId, pageId } });
    }
    await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'TenantIntegration', entityId: integration.id, after: { provider: 'META_LEADS', pageIds: body.pageIds, active: body.active, tokenChanged: Boolean(body.accessToken) } });
    return { integration, config: { accessToken }, pageIds: body.pageIds };
  });
  for (const pageId of body.pageIds) await releaseHeld(held, pageId, logger);
  return saved;
}
