import { maskSecret, type SecretBox } from '../../domain/secret-box';
import type { AppConfig } from '../../domain/config';
import type { Database } from '../../prisma/client';
import type { TenantIntegration } from '../../prisma/generated/client';
import { recordAudit } from '../../prisma/audit-log';
import { decryptIntegrationConfig, loadIntegrationConfig, recordIntegrationHealth, saveIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { ElevenLabsClient } from '../../integrations/elevenlabs/client';
import type { ElevenLabsConfig } from '../../integrations/elevenlabs/client';
import { AppError } from '../../domain/app-error';
import { probeProvider } from '../../services/integrations/provider-probe';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { elevenLabsBody, elevenLabsProbeSchema, elevenLabsSchema, elevenLabsStateSchema } from '../contracts/integrations.schemas';

function view(integration: TenantIntegration, config: ElevenLabsConfig) {
  const { apiKey, ...settings } = config;
  return { provider: integration.provider, active: integration.active, health: integration.health, lastCheckedAt: integration.lastCheckedAt, lastError: integration.lastError, ...settings, apiKey: maskSecret(apiKey) };
}

/** ElevenLabs settings of the agency: encrypted key shown masked, and a connection test. */
export function integrationRoutes({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }): RouteSpec[] {
  const load = () => db.forCurrentTenant((tx) => loadIntegrationConfig<ElevenLabsConfig>(tx, secrets, 'ELEVENLABS'));
  return [
    route({
      method: 'get',
      path: '/integrations/elevenlabs',
      summary: "The agency's ElevenLabs voice settings (the key is shown masked)",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: elevenLabsStateSchema,
      async handler() {
        const found = await db.forCurrentTenant((tx) => tx.tenantIntegration.findFirst({ where: { provider: 'ELEVENLABS' } }));
        return found ? { configured: true, ...view(found, decryptIntegrationConfig<ElevenLabsConfig>(secrets, found)) } : { configured: false };
      },
    }),
    route({
      method: 'put',
      path: '/integrations/elevenlabs',
      summary: 'Save the ElevenLabs key, voice and model; the key is encrypted at rest and never shown again',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      body: elevenLabsBody,
      response: elevenLabsSchema,
      async handler({ body }) {
        const { active, apiKey, ...settings } = body;
        return db.forCurrentTenant(async (tx) => {
          const before = await tx.tenantIntegration.findFirst({ where: { provider: 'ELEVENLABS' } });
          const key = apiKey ?? (before ? decryptIntegrationConfig<ElevenLabsConfig>(secrets, before).apiKey : undefined);
          if (!key) throw new AppError('validation_failed', 'The API key is required the first time', { es: 'La clave de API es obligatoria la primera vez', fields: [{ path: 'apiKey', message: 'is required the first time', code: 'required' }] });
          const saved = await saveIntegrationConfig(tx, secrets, 'ELEVENLABS', { apiKey: key, ...settings }, { keepHealth: !apiKey });
          const after = await tx.tenantIntegration.update({ where: { id: saved.id }, data: { active } });
          await recordAudit(tx, { action: before ? 'update' : 'create', entity: 'TenantIntegration', entityId: after.id, after: { provider: 'ELEVENLABS', ...settings, active, keyChanged: Boolean(apiKey) } });
          return view(after, { apiKey: key, ...settings });
        });
      },
    }),
    route({
      method: 'post',
      path: '/integrations/elevenlabs/test',
      summary: "Probar conexión: reads the subscription with the stored key, answering ElevenLabs' own reason on failure",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: elevenLabsProbeSchema,
      async handler() {
        const found = await load();
        if (!found) throw new AppError('conflict', 'Save an ElevenLabs key before testing it');
        const client = new ElevenLabsClient({ baseUrl: config.elevenLabs.apiUrl, apiKey: found.config.apiKey, timeoutMs: 15_000 });
        const outcome = await probeProvider(client.getUser(), ({ subscription }) => ({ characterCount: subscription.character_count, characterLimit: subscription.character_limit }));
        await db.forCurrentTenant((tx) => recordIntegrationHealth(tx, found.integration.id, outcome.ok ? undefined : outcome.reason));
        return outcome;
      },
    }),
    route({
      method: 'delete',
      path: '/integrations/elevenlabs',
      summary: 'Remove the ElevenLabs key and voice settings',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      status: 204,
      async handler() {
        await db.forCurrentTenant(async (tx) => {
          const before = await tx.tenantIntegration.findFirst({ where: { provider: 'ELEVENLABS' } });
          if (!before) throw new AppError('not_found', 'ElevenLabs is not configured');
          await tx.tenantIntegration.delete({ where: { id: before.id } });
          await recordAudit(tx, { action: 'delete', entity: 'TenantIntegration', entityId: before.id, before: { provider: 'ELEVENLABS' } });
        });
      },
    }),
  ];
}
