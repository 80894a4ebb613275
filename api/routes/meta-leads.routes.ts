import type { AppConfig } from '../../domain/config';
import { maskSecret, type SecretBox } from '../../domain/secret-box';
import type { Database, TenantTx } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import { decryptIntegrationConfig, recordIntegrationHealth, saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import type { Logger } from '../../domain/logger';
import { heldDeliveries, releaseHeld } from '../../services/webhook-inbox/held-deliveries';
import type { WebhookInbox } from '../../services/webhook-inbox/webhook-inbox';
import { tenantContext } from '../../prisma/tenant-context';
import type { MetaLeadsConfig } from '../../integrations/meta-leads/client';
import { MetaLeadsClient } from '../../integrations/meta-leads/client';
import { AppError } from '../../domain/app-error';
import { probeProvider } from '../../services/integrations/provider-probe';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { metaLeadsBody, metaLeadsProbeSchema, metaLeadsSchema, metaLeadsStateSchema } from '../contracts/integrations.schemas';

async function load(tx: TenantTx, secrets: SecretBox) {
  const integration = await tx.tenantIntegration.findFirst({ where: { provider: 'META_LEADS' } });
  if (!integration) return undefined;
  const pages = await tx.metaLeadPage.findMany({ orderBy: { createdAt: 'asc' }, select: { pageId: true } });
  return { integration, config: decryptIntegrationConfig<MetaLeadsConfig>(secrets, integration), pageIds: pages.map((page) => page.pageId) };
}

type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

const view = ({ integration, config, pageIds }: Loaded) => ({
  configured: true,
  active: integration.active,
  health: integration.health,
  lastCheckedAt: integration.lastCheckedAt,
  lastError: integration.lastError,
  accessToken: maskSecret(config.accessToken),
  pageIds,
});

/** Meta lead ads: the token that reads submissions (encrypted, shown masked) and the pages whose forms feed the agency. */
export function metaLeadsRoutes({ db, secrets, config, webhookInbox, logger }: { db: Database; secrets: SecretBox; config: AppConfig; webhookInbox: WebhookInbox; logger: Logger }): RouteSpec[] {
  const held = heldDeliveries({ db, inbox: webhookInbox, logger });
  const mustLoad = async (tx: TenantTx) => {
    const found = await load(tx, secrets);
    if (!found) throw new AppError('not_found', 'Meta lead ads are not configured');
    return found;
  };
  return [
    route({
      method: 'get',
      path: '/integrations/meta-leads',
      summary: "The agency's Meta lead-ads pages (the token is shown masked)",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: metaLeadsStateSchema,
      async handler() {
        const found = await db.forCurrentTenant((tx) => load(tx, secrets));
        return found ? view(found) : { configured: false };
      },
    }),
    route({
      method: 'put',
      path: '/integrations/meta-leads',
      summary: 'Save the token and the pages whose lead forms become leads; a page belongs to one agency',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      body: metaLeadsBody,
      response: metaLeadsSchema,
      async handler({ body }) {
        const saved = await db.forCurrentTenant(async (tx) => {
          const before = await load(tx, secrets);
          const accessToken = body.accessToken ?? before?.config.accessToken;
          if (!accessToken) throw new AppError('validation_failed', 'The access token is required the first time', { es: 'El token de acceso es obligatorio la primera vez', fields: [{ path: 'accessToken', message: 'is required the first time', code: 'required' }] });
          const saved = await saveIntegrationConfig(tx, secrets, 'META_LEADS', { accessToken }, { keepHealth: !body.accessToken });
          const integration = await tx.tenantIntegration.update({ where: { id: saved.id }, data: { active: body.active } });
          await tx.metaLeadPage.deleteMany({ where: { pageId: { notIn: body.pageIds } } });
          const { tenantId } = tenantContext.require('meta lead pages');
          for (const pageId of body.pageIds.filter((id) => !before?.pageIds.includes(id))) {
            const taken = await tx.$queryRaw<{ tenant_id: string | null }[]>`SELECT astor_tenant_for_meta_page(${pageId}) AS tenant_id`;
            if (taken[0]?.tenant_id) throw new AppError('conflict', `The page ${pageId} is connected to another agency`, { es: `La página ${pageId} está conectada a otra inmobiliaria` });
            await tx.metaLeadPage.create({ data: { tenantId, pageId } });
          }
          await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'TenantIntegration', entityId: integration.id, after: { provider: 'META_LEADS', pageIds: body.pageIds, active: body.active, tokenChanged: Boolean(body.accessToken) } });
          return view({ integration, config: { accessToken }, pageIds: body.pageIds });
        });
        for (const pageId of body.pageIds) await releaseHeld(held, pageId, logger);
        return saved;
      },
    }),
    route({
      method: 'post',
      path: '/integrations/meta-leads/test',
      summary: "Probar conexión: reads each page with the stored token, answering Meta's own reason on failure",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: metaLeadsProbeSchema,
      async handler() {
        const found = await db.forCurrentTenant(mustLoad);
        const client = new MetaLeadsClient({ baseUrl: config.whatsapp.graphUrl, apiVersion: config.whatsapp.graphVersion, accessToken: found.config.accessToken });
        const outcome = await probeProvider(Promise.all(found.pageIds.map((pageId) => client.getPage(pageId))), (pages) => ({ pages: pages.map(({ id, name }) => ({ id, name })) }));
        await db.forCurrentTenant((tx) => recordIntegrationHealth(tx, found.integration.id, outcome.ok ? undefined : outcome.reason));
        return outcome;
      },
    }),
    route({
      method: 'delete',
      path: '/integrations/meta-leads',
      summary: 'Disconnect Meta lead ads: the token is erased and the pages released',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      status: 204,
      async handler() {
        await db.forCurrentTenant(async (tx) => {
          const { integration } = await mustLoad(tx);
          await tx.metaLeadPage.deleteMany({});
          await tx.tenantIntegration.delete({ where: { id: integration.id } });
          await recordAudit(tx, { action: 'delete', entity: 'TenantIntegration', entityId: integration.id, before: { provider: 'META_LEADS' } });
        });
      },
    }),
  ];
}
