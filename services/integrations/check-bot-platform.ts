import type { BotPlatform } from '../../domain/bot-platforms';
import type { AppConfig } from '../../domain/config';
import type { SecretBox } from '../../domain/secret-box';
import { botPlatformClient } from '../../integrations/bot-platform/bot-platform-client';
import type { Database } from '../../prisma/client';
import { recordIntegrationHealth } from '../../prisma/repositories/integration-secrets';
import { mustFindBotPlatform } from './find-bot-platform';
import { probeFailure, probeProvider } from './provider-probe';

/** "Probar conexión": a real call to the platform with the stored key, recording the integration's health. */
export async function checkBotPlatform({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }, platform: BotPlatform) {
  const found = await db.forCurrentTenant((tx) => mustFindBotPlatform(tx, secrets, platform));
  const client = botPlatformClient(platform, config.botPlatforms, found.config.apiKey);
  const outcome = await probeProvider(client.probe(), (summary) => summary);
  await db.forCurrentTenant((tx) => recordIntegrationHealth(tx, found.integration, probeFailure(outcome)));
  return outcome;
}
