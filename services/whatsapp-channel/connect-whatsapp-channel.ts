import { AppError } from '../../domain/app-error';
import type { Logger } from '../../domain/logger';
import type { SecretBox } from '../../domain/secret-box';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { loadIntegrationConfig, saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { tenantContext } from '../../prisma/tenant-context';
import { releaseHeld, type HeldDeliveries } from '../webhook-inbox/held-deliveries';
import { findWhatsAppChannel, type CloudCredentials } from './find-whatsapp-channel';
import type { PutWhatsAppChannel } from './whatsapp-channel-types';
import type { templateSync } from '../templates/template-sync';

/**
 * Connects or changes the Business API number (a number belongs to one agency); the token is
 * encrypted at rest, deliveries held for the number are released once committed, and the hourly sync
 * with Meta (templates, quality, messaging limit) is scheduled for a number with its business account.
 */
export async function connectWhatsAppChannel(
  { db, secrets, held, logger, sync }: { db: Database; secrets: SecretBox; held: HeldDeliveries; logger: Logger; sync: ReturnType<typeof templateSync> },
  body: PutWhatsAppChannel,
) {
  const { accessToken, ...fields } = body;
  const saved = await db.forCurrentTenant(async (tx) => {
    const { tenantId } = tenantContext.require('configure WhatsApp');
    const before = await tx.whatsAppChannel.findFirst();
    const existing = await loadIntegrationConfig<CloudCredentials>(tx, secrets, 'WHATSAPP_CLOUD');
    if (!accessToken && !existing) throw new AppError('validation_failed', 'The access token is required to connect the number', { es: 'El token de acceso es obligatorio para conectar el número', fields: [{ path: 'accessToken', message: 'is required the first time', code: 'required' }] });
    const taken = await db.prisma.$queryRaw<{ tenant_id: string | null }[]>`SELECT astor_tenant_for_phone_number_id(${fields.phoneNumberId}) AS tenant_id`;
    if (taken[0]?.tenant_id && taken[0].tenant_id !== tenantId) throw new AppError('conflict', 'This WhatsApp number is already connected to another agency', { es: 'Este número de WhatsApp ya está conectado a otra inmobiliaria' });
    const moved = before && (before.phoneNumberId !== fields.phoneNumberId || (fields.businessAccountId !== undefined && before.businessAccountId !== fields.businessAccountId));
    // Another number or portfolio has its own limit and quality: they are read again on the next connection test.
    const data = { ...fields, status: 'PENDING' as const, ...(moved ? { messagingLimitTier: null, qualityRating: null, qualityEvent: null, messagingLimitUpdatedAt: null } : {}) };
    const after = before ? await tx.whatsAppChannel.update({ where: { id: before.id }, data }) : await tx.whatsAppChannel.create({ data: { ...data, tenantId } });
    if (accessToken) await saveIntegrationConfig(tx, secrets, 'WHATSAPP_CLOUD', { accessToken });
    await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'WhatsAppChannel', entityId: after.id, before: before ?? undefined, after: { ...after, tokenChanged: Boolean(accessToken) } });
    return findWhatsAppChannel(tx, secrets);
  });
  await releaseHeld(held, fields.phoneNumberId, logger);
  if (saved.channel?.businessAccountId) {
    await sync.ensureSchedule(saved.channel.tenantId).catch((error: unknown) => logger.warn('Meta sync schedule not created', { tenantId: saved.channel!.tenantId, error: String(error) }));
  }
  return saved;
}
