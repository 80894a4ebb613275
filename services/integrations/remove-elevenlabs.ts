import { AppError } from '../../domain/app-error';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';

/** Removes the ElevenLabs key and voice settings. */
export async function removeElevenLabs({ db }: { db: Database }): Promise<void> {
  await db.forCurrentTenant(async (tx) => {
    const before = await tx.tenantIntegration.findFirst({ where: { provider: 'ELEVENLABS' } });
    if (!before) throw new AppError('not_found', 'ElevenLabs is not configured');
    await tx.tenantIntegration.delete({ where: { id: before.id } });
    await recordAudit(tx, { action: 'delete', entity: 'TenantIntegration', entityId: before.id, before: { provider: 'ELEVENLABS' } });
  });
}
