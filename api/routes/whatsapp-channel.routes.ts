import { maskSecret, type SecretBox } from '../../domain/secret-box';
import type { AppConfig } from '../../domain/config';
import type { Database, TenantTx } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import { loadIntegrationConfig, recordIntegrationHealth, saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import type { Logger } from '../../domain/logger';
import { heldDeliveries, releaseHeld } from '../../services/webhook-inbox/held-deliveries';
import type { WebhookInbox } from '../../services/webhook-inbox/webhook-inbox';
import { tenantContext } from '../../prisma/tenant-context';
import { ProviderError } from '../../integrations/provider-error';
import { WhatsAppCloudClient } from '../../integrations/whatsapp-cloud/client';
import { AppError } from '../../domain/app-error';
import { probeProvider } from '../../services/integrations/provider-probe';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { putWhatsAppChannelBody, putWhatsAppModeBody, webSessionSchema, whatsAppChannelSchema, whatsAppProbeSchema } from '../contracts/whatsapp-channel.schemas';
import { bridgeCall, bridgeClient, bridgeSettings, ensureWebSession, NO_SESSION, sessionView } from '../../services/whatsapp-channel/whatsapp-web-session';

type Credentials = { accessToken: string };

async function view(tx: TenantTx, secrets: SecretBox) {
  const channel = await tx.whatsAppChannel.findFirst();
  if (!channel) return { configured: false as const };
  const integration = await loadIntegrationConfig<Credentials>(tx, secrets, 'WHATSAPP_CLOUD');
  const { tenantId: _tenantId, verifyTokenHash: _hash, ...shown } = channel;
  return {
    configured: true as const,
    ...shown,
    accessToken: integration ? maskSecret(integration.config.accessToken) : null,
    health: integration?.integration.health ?? 'UNKNOWN',
    lastCheckedAt: integration?.integration.lastCheckedAt ?? null,
    lastError: integration?.integration.lastError ?? null,
  };
}

/**
 * The agency's WhatsApp channel: the Business API number with its encrypted token and connection test,
 * or a WhatsApp Web session on the bridge (paired by QR code), and the fallback from one to the other.
 */
export function whatsAppChannelRoutes({ db, secrets, config, webhookInbox, logger }: { db: Database; secrets: SecretBox; config: AppConfig; webhookInbox: WebhookInbox; logger: Logger }): RouteSpec[] {
  const held = heldDeliveries({ db, inbox: webhookInbox, logger });
  return [
    route({
      method: 'get',
      path: '/channels/whatsapp',
      summary: "The agency's WhatsApp channel (the token is shown masked)",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: whatsAppChannelSchema,
      handler: () => db.forCurrentTenant((tx) => view(tx, secrets)),
    }),
    route({
      method: 'put',
      path: '/channels/whatsapp',
      summary: 'Connect or change the WhatsApp Business API number; the token is encrypted at rest and never shown again',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      body: putWhatsAppChannelBody,
      response: whatsAppChannelSchema,
      async handler({ body }) {
        const { accessToken, ...fields } = body;
        const saved = await db.forCurrentTenant(async (tx) => {
          const { tenantId } = tenantContext.require('configure WhatsApp');
          const before = await tx.whatsAppChannel.findFirst();
          const existing = await loadIntegrationConfig<Credentials>(tx, secrets, 'WHATSAPP_CLOUD');
          if (!accessToken && !existing) throw new AppError('validation_failed', 'The access token is required to connect the number', { es: 'El token de acceso es obligatorio para conectar el número', fields: [{ path: 'accessToken', message: 'is required the first time', code: 'required' }] });
          const taken = await db.prisma.$queryRaw<{ tenant_id: string | null }[]>`SELECT astor_tenant_for_phone_number_id(${fields.phoneNumberId}) AS tenant_id`;
          if (taken[0]?.tenant_id && taken[0].tenant_id !== tenantId) throw new AppError('conflict', 'This WhatsApp number is already connected to another agency', { es: 'Este número de WhatsApp ya está conectado a otra inmobiliaria' });
          const data = { ...fields, status: 'PENDING' as const };
          const after = before ? await tx.whatsAppChannel.update({ where: { id: before.id }, data }) : await tx.whatsAppChannel.create({ data: { ...data, tenantId } });
          if (accessToken) await saveIntegrationConfig(tx, secrets, 'WHATSAPP_CLOUD', { accessToken });
          await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'WhatsAppChannel', entityId: after.id, before: before ?? undefined, after: { ...after, tokenChanged: Boolean(accessToken) } });
          return view(tx, secrets);
        });
        await releaseHeld(held, fields.phoneNumberId, logger);
        return saved;
      },
    }),
    route({
      method: 'post',
      path: '/channels/whatsapp/test',
      summary: "Probar conexión: a real call to Meta with the stored token, answering Meta's own reason on failure",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: whatsAppProbeSchema,
      async handler() {
        const setup = await db.forCurrentTenant(async (tx) => ({ channel: await tx.whatsAppChannel.findFirst(), integration: await loadIntegrationConfig<Credentials>(tx, secrets, 'WHATSAPP_CLOUD') }));
        if (!setup.channel?.phoneNumberId || !setup.integration) throw new AppError('conflict', 'Connect the WhatsApp number before testing it');
        const client = new WhatsAppCloudClient({ baseUrl: config.whatsapp.graphUrl, apiVersion: config.whatsapp.graphVersion, accessToken: setup.integration.config.accessToken, phoneNumberId: setup.channel.phoneNumberId });
        const outcome = await probeProvider(client.getPhoneNumber(), (number) => ({ displayPhoneNumber: number.display_phone_number, verifiedName: number.verified_name ?? null, qualityRating: number.quality_rating ?? null }));
        await db.forCurrentTenant(async (tx) => {
          await recordIntegrationHealth(tx, setup.integration!.integration.id, outcome.ok ? undefined : outcome.reason);
          await tx.whatsAppChannel.update({
            where: { id: setup.channel!.id },
            data: outcome.ok ? { status: 'CONNECTED', displayPhoneNumber: outcome.displayPhoneNumber } : { status: 'ERROR' },
          });
        });
        return outcome;
      },
    }),
    route({
      method: 'delete',
      path: '/channels/whatsapp',
      summary: 'Disconnect WhatsApp: the number and its token are removed',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      status: 204,
      async handler() {
        await db.forCurrentTenant(async (tx) => {
          const before = await tx.whatsAppChannel.findFirst();
          if (!before) throw new AppError('not_found', 'No WhatsApp channel is connected');
          if (before.webSessionId) throw new AppError('conflict', 'Unlink the WhatsApp Web session before removing the channel', { es: 'Desvinculá la sesión de WhatsApp Web antes de quitar el canal' });
          await tx.whatsAppChannel.delete({ where: { id: before.id } });
          await tx.tenantIntegration.deleteMany({ where: { provider: 'WHATSAPP_CLOUD' } });
          await recordAudit(tx, { action: 'delete', entity: 'WhatsAppChannel', entityId: before.id, before });
        });
      },
    }),
    route({
      method: 'put',
      path: '/channels/whatsapp/mode',
      summary: "Where the agency's WhatsApp messages go out: the Business API or the WhatsApp Web session, and whether the Web session backs the Business API up",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      body: putWhatsAppModeBody,
      response: whatsAppChannelSchema,
      handler: ({ body }) =>
        db.forCurrentTenant(async (tx) => {
          const { tenantId } = tenantContext.require('switch the WhatsApp channel');
          const before = await tx.whatsAppChannel.findFirst();
          if (body.apiType === 'BUSINESS_API' && !before?.phoneNumberId) throw new AppError('conflict', 'Connect the WhatsApp Business API number before switching to it', { es: 'Conectá el número de la API de WhatsApp Business antes de pasar a usarlo' });
          const after = before ? await tx.whatsAppChannel.update({ where: { id: before.id }, data: body }) : await tx.whatsAppChannel.create({ data: { ...body, tenantId } });
          await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'WhatsAppChannel', entityId: after.id, before: before ?? undefined, after });
          return view(tx, secrets);
        }),
    }),
    route({
      method: 'post',
      path: '/channels/whatsapp/web-session',
      summary: "Starts (or resumes) the agency's WhatsApp Web session on the bridge; answers its status and the QR code to scan",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: webSessionSchema,
      async handler() {
        bridgeSettings(config);
        const session = await db.forCurrentTenant((tx) => ensureWebSession(tx, secrets));
        const client = bridgeClient(config, session.session);
        await bridgeCall(client.start({ url: `${config.api.publicUrl}/webhooks/whatsapp-web/${encodeURIComponent(session.session)}`, secret: session.webhookSecret }));
        return bridgeCall(sessionView(client));
      },
    }),
    route({
      method: 'get',
      path: '/channels/whatsapp/web-session',
      summary: "The WhatsApp Web session's status, and its QR code while it waits to be scanned",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: webSessionSchema,
      async handler() {
        const channel = await db.forCurrentTenant((tx) => tx.whatsAppChannel.findFirst());
        return channel?.webSessionId ? bridgeCall(sessionView(bridgeClient(config, channel.webSessionId))) : NO_SESSION;
      },
    }),
    route({
      method: 'delete',
      path: '/channels/whatsapp/web-session',
      summary: 'Logs the WhatsApp Web session out of the bridge and forgets it',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      status: 204,
      async handler() {
        const channel = await db.forCurrentTenant((tx) => tx.whatsAppChannel.findFirst());
        if (!channel?.webSessionId) throw new AppError('not_found', 'No WhatsApp Web session is started');
        await bridgeCall(
          bridgeClient(config, channel.webSessionId)
            .logout()
            .catch((error: unknown) => {
              if (!(error instanceof ProviderError && error.category === 'not_found')) throw error;
            }),
        );
        await db.forCurrentTenant(async (tx) => {
          const after = await tx.whatsAppChannel.update({ where: { id: channel.id }, data: { webSessionId: null } });
          await tx.tenantIntegration.deleteMany({ where: { provider: 'WHATSAPP_WEB' } });
          await recordAudit(tx, { action: 'update', entity: 'WhatsAppChannel', entityId: channel.id, before: channel, after });
        });
      },
    }),
  ];
}
