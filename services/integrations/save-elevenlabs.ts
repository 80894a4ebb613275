import { AppError } from '../../domain/app-error';
import type { SecretBox } from '../../domain/secret-box';
import type { ElevenLabsConfig } from '../../integrations/elevenlabs/client';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { decryptIntegrationConfig, saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import type { PutElevenLabs } from './integration-types';

/** Saves the ElevenLabs key (encrypted; kept when not sent again), voice and model. */
export function saveElevenLabs({ db, secrets }: { db: Database; secrets: SecretBox }, body: PutElevenLabs) {
  const { active, apiKey, ...settings } = body;
  return db.forCurrentTenant(async (tx) => {
    const before = await tx.tenantIntegration.findFirst({ where: { provider: 'ELEVENLABS' } });
    const key = apiKey ?? (before ? decryptIntegrationConfig<ElevenLabsConfig>(secrets, before).apiKey : undefined);
    if (!key) throw new AppError('validation_failed', 'The API key is required the first time', { es: 'La clave de API es obligatoria la primera vez', fields: [{ path: 'apiKey', message: 'is required the first time', code: 'required' }] });
    const saved = await saveIntegrationConfig(tx, secrets, 'ELEVENLABS', { apiKey: key, ...settings }, { keepHealth: !apiKey });
    const integration = await tx.tenantIntegration.update({ where: { id: saved.id }, data: { active } });
    await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'TenantIntegration', entityId: integration.id, after: { provider: 'ELEVENLABS', ...settings, active, keyChanged: Boolean(apiKey) } });
    return { integration, config: { apiKey: key, ...settings } satisfies ElevenLabsConfig };
  });
}
