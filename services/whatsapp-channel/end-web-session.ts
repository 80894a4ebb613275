import { AppError } from '../../domain/app-error';
import type { AppConfig } from '../../domain/config';
import { ProviderError } from '../../integrations/provider-error';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { bridgeCall, bridgeClient } from './whatsapp-web-session';

/** Logs the WhatsApp Web session out of the bridge (one the bridge has lost counts as logged out) and forgets it. */
export async function endWebSession({ db, config }: { db: Database; config: AppConfig }): Promise<void> {
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
}
