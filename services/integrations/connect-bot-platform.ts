import { AppError } from '../../domain/app-error';
import { BOT_PLATFORMS, newInboundSecret, type BotPlatform, type BotPlatformConfig } from '../../domain/bot-platforms';
import type { SecretBox } from '../../domain/secret-box';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { BOT_PLATFORM_LABEL as LABEL, findBotPlatform, type StoredBotPlatform } from './find-bot-platform';
import type { PutBotPlatform } from './integration-types';

/**
 * Connects ManyChat or UChat as the agency's bot (one active at a time); the key is kept when not
 * sent again. `created` tells the route to answer the new inbound token once.
 */
export function connectBotPlatform({ db, secrets }: { db: Database; secrets: SecretBox }, platform: BotPlatform, body: PutBotPlatform): Promise<StoredBotPlatform & { created: boolean }> {
  const other = BOT_PLATFORMS.find((name) => name !== platform)!;
  const { apiKey, active, ...settings } = body;
  return db.forCurrentTenant(async (tx) => {
    if (active && (await tx.tenantIntegration.count({ where: { provider: other, active: true } }))) {
      throw new AppError('conflict', `${LABEL[other]} is the agency's bot now: deactivate it before activating ${LABEL[platform]}`, {
        es: `${LABEL[other]} es ahora el bot de la inmobiliaria: desactivalo antes de activar ${LABEL[platform]}`,
      });
    }
    const before = await findBotPlatform(tx, secrets, platform);
    const key = apiKey ?? before?.config.apiKey;
    if (!key) throw new AppError('validation_failed', 'The API key is required the first time', { es: 'La clave de API es obligatoria la primera vez', fields: [{ path: 'apiKey', message: 'is required the first time', code: 'required' }] });
    const stored: BotPlatformConfig = { apiKey: key, inboundSecret: before?.config.inboundSecret ?? newInboundSecret(), ...settings };
    const saved = await saveIntegrationConfig(tx, secrets, platform, { ...stored }, { keepHealth: !apiKey });
    const integration = await tx.tenantIntegration.update({ where: { id: saved.id }, data: { active } });
    await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'TenantIntegration', entityId: integration.id, after: { provider: platform, ...settings, active, keyChanged: Boolean(apiKey) } });
    return { integration, config: stored, created: !before };
  });
}
