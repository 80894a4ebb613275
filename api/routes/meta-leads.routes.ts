import type { AppConfig } from '../../domain/config';
import { maskSecret, type SecretBox } from '../../domain/secret-box';
import type { Database } from '../../prisma/client';
import type { Logger } from '../../domain/logger';
import { heldDeliveries } from '../../services/webhook-inbox/held-deliveries';
import type { WebhookInbox } from '../../services/webhook-inbox/webhook-inbox';
import { findMetaLeads, type FoundMetaLeads } from '../../services/integrations/find-meta-leads';
import { saveMetaLeads } from '../../services/integrations/save-meta-leads';
import { checkMetaLeads } from '../../services/integrations/check-meta-leads';
import { disconnectMetaLeads } from '../../services/integrations/disconnect-meta-leads';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { metaLeadsBody, metaLeadsProbeSchema, metaLeadsSchema, metaLeadsStateSchema } from '../contracts/integrations.schemas';

const view = ({ integration, config, pageIds }: FoundMetaLeads) => ({
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
  const deps = { db, secrets, config, held, logger };
  return [
    route({
      method: 'get',
      path: '/integrations/meta-leads',
      summary: "The agency's Meta lead-ads pages (the token is shown masked)",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: metaLeadsStateSchema,
      async handler() {
        const found = await db.forCurrentTenant((tx) => findMetaLeads(tx, secrets));
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
      handler: async ({ body }) => view(await saveMetaLeads(deps, body)),
    }),
    route({
      method: 'post',
      path: '/integrations/meta-leads/test',
      summary: "Probar conexión: reads each page with the stored token, answering Meta's own reason on failure",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: metaLeadsProbeSchema,
      handler: () => checkMetaLeads(deps),
    }),
    route({
      method: 'delete',
      path: '/integrations/meta-leads',
      summary: 'Disconnect Meta lead ads: the token is erased and the pages released',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      status: 204,
      handler: () => disconnectMetaLeads(deps),
    }),
  ];
}
