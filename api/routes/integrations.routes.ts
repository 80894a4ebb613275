import { maskSecret, type SecretBox } from '../../domain/secret-box';
import type { AppConfig } from '../../domain/config';
import type { Database } from '../../prisma/client';
import type { TenantIntegration } from '../../prisma/generated/client';
import { decryptIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import type { ElevenLabsConfig } from '../../integrations/elevenlabs/client';
import { saveElevenLabs } from '../../services/integrations/save-elevenlabs';
import { checkElevenLabs } from '../../services/integrations/check-elevenlabs';
import { removeElevenLabs } from '../../services/integrations/remove-elevenlabs';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { elevenLabsBody, elevenLabsProbeSchema, elevenLabsSchema, elevenLabsStateSchema } from '../contracts/integrations.schemas';

function view(integration: TenantIntegration, config: ElevenLabsConfig) {
  const { apiKey, ...settings } = config;
  return { provider: integration.provider, active: integration.active, health: integration.health, lastCheckedAt: integration.lastCheckedAt, lastError: integration.lastError, ...settings, apiKey: maskSecret(apiKey) };
}

/** ElevenLabs settings of the agency: encrypted key shown masked, and a connection test. */
export function integrationRoutes({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }): RouteSpec[] {
  const deps = { db, secrets, config };
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
        const { integration, config: saved } = await saveElevenLabs(deps, body);
        return view(integration, saved);
      },
    }),
    route({
      method: 'post',
      path: '/integrations/elevenlabs/test',
      summary: "Probar conexión: reads the subscription with the stored key, answering ElevenLabs' own reason on failure",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: elevenLabsProbeSchema,
      handler: () => checkElevenLabs(deps),
    }),
    route({
      method: 'delete',
      path: '/integrations/elevenlabs',
      summary: 'Remove the ElevenLabs key and voice settings',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      status: 204,
      handler: () => removeElevenLabs(deps),
    }),
  ];
}
