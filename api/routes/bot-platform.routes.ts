import { BOT_PLATFORMS, inboundToken, newInboundSecret, type BotPlatform, type BotPlatformConfig } from '../../domain/bot-platforms';
import type { AppConfig } from '../../domain/config';
import { maskSecret, type SecretBox } from '../../domain/secret-box';
import type { Database, TenantTx } from '../../prisma/client';
import type { TenantIntegration } from '../../prisma/generated/client';
import { recordAudit } from '../../prisma/audit-log';
import { decryptIntegrationConfig, recordIntegrationHealth, saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { tenantContext } from '../../prisma/tenant-context';
import { botPlatformClient } from '../../integrations/bot-platform/bot-platform-client';
import { AppError } from '../../domain/app-error';
import { probeProvider } from '../../services/integrations/provider-probe';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { botPlatformBody, botPlatformProbeSchema, botPlatformSchema, botPlatformStateSchema, inboundTokenSchema } from '../contracts/integrations.schemas';

const LABEL: Record<BotPlatform, string> = { MANYCHAT: 'ManyChat', UCHAT: 'UChat' };

type Stored = { integration: TenantIntegration; config: BotPlatformConfig };

/**
 * ManyChat and UChat settings: the agency's key (encrypted, shown masked), the tag and flow Astor
 * uses on hand-off, and the token their flows send to Astor's inbound endpoint (shown once).
 */
export function botPlatformRoutes({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }): RouteSpec[] {
  const find = async (tx: TenantTx, platform: BotPlatform): Promise<Stored | undefined> => {
    const integration = await tx.tenantIntegration.findFirst({ where: { provider: platform } });
    return integration ? { integration, config: decryptIntegrationConfig<BotPlatformConfig>(secrets, integration) } : undefined;
  };
  const inboundUrl = (platform: BotPlatform) => `${config.api.publicUrl}/webhooks/${platform.toLowerCase()}`;
  const view = ({ integration, config: stored }: Stored, revealToken = false) => ({
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
  const mustExist = (found: Stored | undefined, platform: BotPlatform): Stored => {
    if (!found) throw new AppError('not_found', `${LABEL[platform]} is not configured`);
    return found;
  };

  return BOT_PLATFORMS.flatMap((platform) => {
    const path = `/integrations/${platform.toLowerCase()}`;
    const other = BOT_PLATFORMS.find((name) => name !== platform)!;
    return [
      route({
        method: 'get',
        path,
        summary: `The agency's ${LABEL[platform]} settings (key and inbound token masked)`,
        tag: 'settings',
        access: { scope: 'tenant', roles: MANAGERS },
        response: botPlatformStateSchema,
        async handler() {
          const found = await db.forCurrentTenant((tx) => find(tx, platform));
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
          const { apiKey, active, ...settings } = body;
          return db.forCurrentTenant(async (tx) => {
            if (active && (await tx.tenantIntegration.count({ where: { provider: other, active: true } }))) {
              throw new AppError('conflict', `${LABEL[other]} is the agency's bot now: deactivate it before activating ${LABEL[platform]}`, {
                es: `${LABEL[other]} es ahora el bot de la inmobiliaria: desactivalo antes de activar ${LABEL[platform]}`,
              });
            }
            const before = await find(tx, platform);
            const key = apiKey ?? before?.config.apiKey;
            if (!key) throw new AppError('validation_failed', 'The API key is required the first time', { es: 'La clave de API es obligatoria la primera vez', fields: [{ path: 'apiKey', message: 'is required the first time', code: 'required' }] });
            const stored: BotPlatformConfig = { apiKey: key, inboundSecret: before?.config.inboundSecret ?? newInboundSecret(), ...settings };
            const saved = await saveIntegrationConfig(tx, secrets, platform, { ...stored }, { keepHealth: !apiKey });
            const integration = await tx.tenantIntegration.update({ where: { id: saved.id }, data: { active } });
            await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'TenantIntegration', entityId: integration.id, after: { provider: platform, ...settings, active, keyChanged: Boolean(apiKey) } });
            return view({ integration, config: stored }, !before);
          });
        },
      }),
      route({
        method: 'post',
        path: `${path}/inbound-token`,
        summary: `Issue a new token for ${LABEL[platform]}'s flows (answered once); the old one stops working`,
        tag: 'settings',
        access: { scope: 'tenant', roles: MANAGERS },
        response: inboundTokenSchema,
        async handler() {
          return db.forCurrentTenant(async (tx) => {
            const found = mustExist(await find(tx, platform), platform);
            const stored = { ...found.config, inboundSecret: newInboundSecret() };
            const integration = await saveIntegrationConfig(tx, secrets, platform, { ...stored }, { keepHealth: true });
            await recordAudit(tx, { action: 'update', entity: 'TenantIntegration', entityId: integration.id, after: { provider: platform, inboundTokenRotated: true } });
            return { inboundUrl: inboundUrl(platform), inboundToken: inboundToken(tenantContext.require('inbound token').tenantId, stored.inboundSecret) };
          });
        },
      }),
      route({
        method: 'post',
        path: `${path}/test`,
        summary: `Probar conexión: a real call to ${LABEL[platform]} with the stored key, answering its own reason on failure`,
        tag: 'settings',
        access: { scope: 'tenant', roles: MANAGERS },
        response: botPlatformProbeSchema,
        async handler() {
          const found = mustExist(await db.forCurrentTenant((tx) => find(tx, platform)), platform);
          const client = botPlatformClient(platform, config.botPlatforms, found.config.apiKey);
          const outcome = await probeProvider(client.probe(), (summary) => summary);
          await db.forCurrentTenant((tx) => recordIntegrationHealth(tx, found.integration.id, outcome.ok ? undefined : outcome.reason));
          return outcome;
        },
      }),
      route({
        method: 'delete',
        path,
        summary: `Disconnect ${LABEL[platform]}: its key and inbound token are erased`,
        tag: 'settings',
        access: { scope: 'tenant', roles: MANAGERS },
        status: 204,
        async handler() {
          await db.forCurrentTenant(async (tx) => {
            const { integration } = mustExist(await find(tx, platform), platform);
            await tx.tenantIntegration.delete({ where: { id: integration.id } });
            await recordAudit(tx, { action: 'delete', entity: 'TenantIntegration', entityId: integration.id, before: { provider: platform } });
          });
        },
      }),
    ];
  });
}
