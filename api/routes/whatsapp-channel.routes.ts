import { maskSecret, type SecretBox } from '../../domain/secret-box';
import type { AppConfig } from '../../domain/config';
import type { Database, TenantTx } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import { loadIntegrationConfig, recordIntegrationHealth, saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { tenantContext } from '../../prisma/tenant-context';
import { WhatsAppCloudClient } from '../../activities/providers/whatsapp-cloud/client';
import { AppError } from '../http/errors';
import { probeProvider } from './provider-probe';
import { route, type RouteSpec } from '../http/route';
import { putWhatsAppChannelBody } from './whatsapp-channel.schemas';

const MANAGERS = ['OWNER', 'ADMIN'] as const;
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

/** The agency's WhatsApp Business API channel: number, encrypted token, connection test. */
export function whatsAppChannelRoutes({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/channels/whatsapp',
      summary: "The agency's WhatsApp channel (the token is shown masked)",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      handler: () => db.forCurrentTenant((tx) => view(tx, secrets)),
    }),
    route({
      method: 'put',
      path: '/channels/whatsapp',
      summary: 'Connect or change the WhatsApp Business API number; the token is encrypted at rest and never shown again',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      body: putWhatsAppChannelBody,
      async handler({ body }) {
        const { accessToken, ...fields } = body;
        return db.forCurrentTenant(async (tx) => {
          const { tenantId } = tenantContext.require('configure WhatsApp');
          const before = await tx.whatsAppChannel.findFirst();
          const existing = await loadIntegrationConfig<Credentials>(tx, secrets, 'WHATSAPP_CLOUD');
          if (!accessToken && !existing) throw new AppError('validation_failed', 'The access token is required to connect the number', { fields: [{ path: 'accessToken', message: 'is required the first time', code: 'required' }] });
          const taken = await db.prisma.$queryRaw<{ tenant_id: string | null }[]>`SELECT astor_tenant_for_phone_number_id(${fields.phoneNumberId}) AS tenant_id`;
          if (taken[0]?.tenant_id && taken[0].tenant_id !== tenantId) throw new AppError('conflict', 'This WhatsApp number is already connected to another agency');
          const data = { ...fields, status: 'PENDING' as const };
          const after = before ? await tx.whatsAppChannel.update({ where: { id: before.id }, data }) : await tx.whatsAppChannel.create({ data: { ...data, tenantId } });
          if (accessToken) await saveIntegrationConfig(tx, secrets, 'WHATSAPP_CLOUD', { accessToken });
          await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'WhatsAppChannel', entityId: after.id, before: before ?? undefined, after: { ...after, tokenChanged: Boolean(accessToken) } });
          return view(tx, secrets);
        });
      },
    }),
    route({
      method: 'post',
      path: '/channels/whatsapp/test',
      summary: "Probar conexión: a real call to Meta with the stored token, answering Meta's own reason on failure",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
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
          await tx.whatsAppChannel.delete({ where: { id: before.id } });
          await tx.tenantIntegration.deleteMany({ where: { provider: 'WHATSAPP_CLOUD' } });
          await recordAudit(tx, { action: 'delete', entity: 'WhatsAppChannel', entityId: before.id, before });
        });
      },
    }),
  ];
}
