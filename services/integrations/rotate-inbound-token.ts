import { inboundToken, newInboundSecret, type BotPlatform } from '../../domain/bot-platforms';
import type { SecretBox } from '../../domain/secret-box';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { tenantContext } from '../../prisma/tenant-context';
import { mustFindBotPlatform } from './find-bot-platform';

/** Issues a new token for the platform's flows (the old one stops working) and answers it, the only time it is shown. */
export function rotateInboundToken({ db, secrets }: { db: Database; secrets: SecretBox }, platform: BotPlatform): Promise<string> {
  return db.forCurrentTenant(async (tx) => {
    const found = await mustFindBotPlatform(tx, secrets, platform);
    const stored = { ...found.config, inboundSecret: newInboundSecret() };
    const integration = await saveIntegrationConfig(tx, secrets, platform, { ...stored }, { keepHealth: true });
    await recordAudit(tx, { action: 'update', entity: 'TenantIntegration', entityId: integration.id, after: { provider: platform, inboundTokenRotated: true } });
    return inboundToken(tenantContext.require('inbound token').tenantId, stored.inboundSecret);
  });
}
