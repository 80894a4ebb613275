import type { BotPlatform } from '../../domain/bot-platforms';
import type { SecretBox } from '../../domain/secret-box';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { mustFindBotPlatform } from './find-bot-platform';

/** Disconnects the platform: its key and inbound token are erased. */
export async function disconnectBotPlatform({ db, secrets }: { db: Database; secrets: SecretBox }, platform: BotPlatform): Promise<void> {
  await db.forCurrentTenant(async (tx) => {
    const { integration } = await mustFindBotPlatform(tx, secrets, platform);
    await tx.tenantIntegration.delete({ where: { id: integration.id } });
    await recordAudit(tx, { action: 'delete', entity: 'TenantIntegration', entityId: integration.id, before: { provider: platform } });
  });
}
