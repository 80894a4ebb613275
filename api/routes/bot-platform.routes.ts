import { BOT_PLATFORMS, inboundToken, type BotPlatform } from '../../domain/bot-platforms';
import type { AppConfig } from '../../domain/config';
import { maskSecret, type SecretBox } from '../../domain/secret-box';
import type { Database } from '../../prisma/client';
import { BOT_PLATFORM_LABEL as LABEL, findBotPlatform, type StoredBotPlatform } from '../../services/integrations/find-bot-platform';
import { connectBotPlatform } from '../../services/integrations/connect-bot-platform';
import { rotateInboundToken } from '../../services/integrations/rotate-inbound-token';
import { checkBotPlatform } from '../../services/integrations/check-bot-platform';
import { disconnectBotPlatform } from '../../services/integrations/disconnect-bot-platform';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { botPlatformBody, botPlatformProbeSchema, botPlatformSchema, botPlatformStateSchema, inboundTokenSchema } from '../contracts/integrations.schemas';

/**
 * ManyChat and UChat settings: the agency's key (encrypted, shown masked), the tag and flow Astor
 * uses on hand-off, and the token their flows send to Astor's inbound endpoint (shown once).
 */
export function botPlatformRoutes({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }): RouteSpec[] {
  const deps = { db, secrets, config };
  const inboundUrl = (platform: BotPlatform) => `${config.api.publicUrl}/webhooks/${platform.toLowerCase()}`;
  const view = ({ integration, config: stored }: StoredBotPlatform, revealToken = false) => ({
    configured: true,
    provider: integration.provider,
    active: integration.active,
    health: integration.health,
    lastCheckedAt: integration.lastCheckedAt,
    lastError: integration.lastError,
    apiKey: maskSecret(stored.apiKey),
    handoffTag: stored.handoffTag,
    resumeFlow: stored.resumeFlow,
    inboundUrl: inboundUrl(integration.provider as BotPlatform),
    inboundToken: revealToken ? inboundToken(integration.tenantId, stored.inboundSecret) : maskSecret(stored.inboundSecret),
  });

  return BOT_PLATFORMS.flatMap((platform) => {
    const path = `/integrations/${platform.toLowerCase()}`;
    return [
      route({
        method: 'get',
        path,
        summary: `The agency's ${LABEL[platform]} settings (key and inbound token masked)`,
        tag: 'settings',
        access: { scope: 'tenant', roles: MANAGERS },
        response: botPlatformStateSchema,
        async handler() {
          const found = await db.forCurrentTenant((tx) => findBotPlatform(tx, secrets, platform));
          return found ? view(found) : { configured: false, inboundUrl: inboundUrl(platform) };
        },
      }),
      route({
        method: 'put',
        path,
        summary: `Connect ${LABEL[platform]} as the agency's bot; the first save answers the inbound token once`,
        tag: 'settings',
        access: { scope: 'tenant', roles: MANAGERS },
        body: botPlatformBody,
        response: botPlatformSchema,
        async handler({ body }) {
          const { created, ...saved } = await connectBotPlatform(deps, platform, body);
          return view(saved, created);
        },
      }),
      route({
        method: 'post',
        path: `${path}/inbound-token`,
        summary: `Issue a new token for ${LABEL[platform]}'s flows (answered once); the old one stops working`,
        tag: 'settings',
        access: { scope: 'tenant', roles: MANAGERS },
        response: inboundTokenSchema,
        handler: async () => ({ inboundUrl: inboundUrl(platform), inboundToken: await rotateInboundToken(deps, platform) }),
      }),
      route({
        method: 'post',
        path: `${path}/test`,
        summary: `Probar conexión: a real call to ${LABEL[platform]} with the stored key, answering its own reason on failure`,
        tag: 'settings',
        access: { scope: 'tenant', roles: MANAGERS },
        response: botPlatformProbeSchema,
        handler: () => checkBotPlatform(deps, platform),
      }),
      route({
        method: 'delete',
        path,
        summary: `Disconnect ${LABEL[platform]}: its key and inbound token are erased`,
        tag: 'settings',
        access: { scope: 'tenant', roles: MANAGERS },
        status: 204,
        handler: () => disconnectBotPlatform(deps, platform),
      }),
    ];
  });
}
