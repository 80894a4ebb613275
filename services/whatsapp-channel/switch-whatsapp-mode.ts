import { AppError } from '../../domain/app-error';
import type { SecretBox } from '../../domain/secret-box';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { tenantContext } from '../../prisma/tenant-context';
import { findWhatsAppChannel } from './find-whatsapp-channel';
import type { PutWhatsAppMode } from './whatsapp-channel-types';

/** Chooses where the agency's messages go out (Business API or WhatsApp Web) and whether the Web session backs the API up. */
export function switchWhatsAppMode({ db, secrets }: { db: Database; secrets: SecretBox }, body: PutWhatsAppMode) {
  return db.forCurrentTenant(async (tx) => {
    const { tenantId } = tenantContext.require('switch the WhatsApp channel');
    const before = await tx.whatsAppChannel.findFirst();
    if (body.apiType === 'BUSINESS_API' && !before?.phoneNumberId) throw new AppError('conflict', 'Connect the WhatsApp Business API number before switching to it', { es: 'Conectá el número de la API de WhatsApp Business antes de pasar a usarlo' });
    const after = before ? await tx.whatsAppChannel.update({ where: { id: before.id }, data: body }) : await tx.whatsAppChannel.create({ data: { ...body, tenantId } });
    await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'WhatsAppChannel', entityId: after.id, before: before ?? undefined, after });
    return findWhatsAppChannel(tx, secrets);
  });
}
