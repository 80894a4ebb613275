import { AppError } from '../../domain/app-error';
import type { AppConfig } from '../../domain/config';
import type { SecretBox } from '../../domain/secret-box';
import { ElevenLabsClient, type ElevenLabsConfig } from '../../integrations/elevenlabs/client';
import type { Database } from '../../prisma/client';
import { loadIntegrationConfig, recordIntegrationHealth } from '../../prisma/repositories/integration-secrets';
import { probeFailure, probeProvider } from './provider-probe';

/** "Probar conexión": reads the subscription with the stored key and records the integration's health. */
export async function checkElevenLabs({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }) {
  const found = await db.forCurrentTenant((tx) => loadIntegrationConfig<ElevenLabsConfig>(tx, secrets, 'ELEVENLABS'));
  if (!found) throw new AppError('conflict', 'Save an ElevenLabs key before testing it');
  const client = new ElevenLabsClient({ baseUrl: config.elevenLabs.apiUrl, apiKey: found.config.apiKey, timeoutMs: 15_000 });
  const outcome = await probeProvider(client.getUser(), ({ subscription }) => ({ characterCount: subscription.character_count, characterLimit: subscription.character_limit }));
  await db.forCurrentTenant((tx) => recordIntegrationHealth(tx, found.integration, probeFailure(outcome)));
  return outcome;
}
