import { AppError } from '../../domain/app-error';
import type { BotPlatform, BotPlatformConfig } from '../../domain/bot-platforms';
import type { SecretBox } from '../../domain/secret-box';
import type { TenantTx } from '../../prisma/client';
import type { TenantIntegration } from '../../prisma/generated/client';
import { decryptIntegrationConfig } from '../../prisma/repositories/integration-secrets';

export const BOT_PLATFORM_LABEL: Record<BotPlatform, string> = { MANYCHAT: 'ManyChat', UCHAT: 'UChat' };

export type StoredBotPlatform = { integration: TenantIntegration; config: BotPlatformConfig };

/** The agency's settings for one bot platform, decrypted; undefined when not configured. */
export async function findBotPlatform(tx: TenantTx, secrets: SecretBox, platform: BotPlatform): Promise<StoredBotPlatform | undefined> {
  const integration = await tx.tenantIntegration.findFirst({ where: { provider: platform } });
  return integration ? { integration, config: decryptIntegrationConfig<BotPlatformConfig>(secrets, integration) } : undefined;
}

export async function mustFindBotPlatform(tx: TenantTx, secrets: SecretBox, platform: BotPlatform): Promise<StoredBotPlatform> {
  const found = await findBotPlatform(tx, secrets, platform);
  if (!found) throw new AppError('not_found', `${BOT_PLATFORM_LABEL[platform]} is not configured`);
  return found;
}
