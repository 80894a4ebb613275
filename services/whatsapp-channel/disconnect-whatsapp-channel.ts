import { AppError } from '../../domain/app-error';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';

/** Removes the Business API number and its token; refused while a WhatsApp Web session is linked. */
export async function disconnectWhatsAppChannel({ db }: { db: Database }): Promise<void> {
  await db.forCurrentTenant(async (tx) => {
    const before = await tx.whatsAppChannel.findFirst();
    if (!before) throw new AppError('not_found', 'No WhatsApp channel is connected');
    if (before.webSessionId) throw new AppError('conflict', 'Unlink the WhatsApp Web session before removing the channel', { es: 'Desvinculá la sesión de WhatsApp Web antes de quitar el canal' });
    await tx.whatsAppChannel.delete({ where: { id: before.id } });
    await tx.tenantIntegration.deleteMany({ where: { provider: 'WHATSAPP_CLOUD' } });
    await recordAudit(tx, { action: 'delete', entity: 'WhatsAppChannel', entityId: before.id, before });
  });
}
