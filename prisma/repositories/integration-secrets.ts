import type { SecretBox } from '../../domain/secret-box';
import { isRetryableCategory, type ProviderErrorCategory } from '../../integrations/provider-error';
import type { TenantTx } from '../client';
import type { IntegrationProvider, TenantIntegration } from '../generated/client';
import { tenantContext } from '../tenant-context';

/** Secrets are bound to their tenant and provider: a ciphertext moved to another row does not decrypt. */
const associatedData = (tenantId: string, provider: IntegrationProvider) => `${tenantId}:${provider}`;

/** New credentials reset the integration's health; re-encrypting the same ones (`keepHealth`) keeps it. */
export async function saveIntegrationConfig(tx: TenantTx, box: SecretBox, provider: IntegrationProvider, config: Record<string, unknown>, options: { keepHealth?: boolean } = {}): Promise<TenantIntegration> {
  const { tenantId } = tenantContext.require('saveIntegrationConfig');
  const { keyId, ciphertext } = box.encrypt(JSON.stringify(config), associatedData(tenantId, provider));
  return tx.tenantIntegration.upsert({
    where: { tenantId_provider: { tenantId, provider } },
    create: { tenantId, provider, encryptedConfig: ciphertext, keyId },
    update: { encryptedConfig: ciphertext, keyId, ...(options.keepHealth ? {} : { health: 'UNKNOWN', lastError: null }) },
  });
}

export function decryptIntegrationConfig<T>(box: SecretBox, integration: TenantIntegration): T {
  const plaintext = box.decrypt({ keyId: integration.keyId, ciphertext: integration.encryptedConfig }, associatedData(integration.tenantId, integration.provider));
  return JSON.parse(plaintext) as T;
}

export async function loadIntegrationConfig<T>(tx: TenantTx, box: SecretBox, provider: IntegrationProvider): Promise<{ integration: TenantIntegration; config: T } | undefined> {
  const integration = await tx.tenantIntegration.findFirst({ where: { provider, active: true } });
  return integration ? { integration, config: decryptIntegrationConfig<T>(box, integration) } : undefined;
}

/** A provider's refusal: a ProviderError is one. */
export interface IntegrationFailure {
  category: ProviderErrorCategory;
  message: string;
}

/**
 * The outcome of a real call with an integration's credentials (a send, a check): a success, or the
 * provider's failure. A rate limit or an outage is remembered without calling the credentials bad.
 */
export async function recordIntegrationHealth(tx: TenantTx, integration: { id: string } | { provider: IntegrationProvider }, failure?: IntegrationFailure): Promise<void> {
  const now = new Date();
  const where = 'id' in integration ? { id: integration.id } : { provider: integration.provider, active: true };
  const data = failure
    ? { lastCheckedAt: now, lastErrorAt: now, lastErrorCategory: failure.category, lastError: failure.message, ...(isRetryableCategory(failure.category) ? {} : { health: 'UNHEALTHY' as const }) }
    : { lastCheckedAt: now, lastSuccessAt: now, health: 'HEALTHY' as const };
  await tx.tenantIntegration.updateMany({ where, data });
}

/** Meta refused the agency's token (190): the channel shows the error and the integration is unhealthy until reconnected. */
export async function recordWhatsAppAuthFailure(tx: TenantTx, reason: string): Promise<void> {
  await tx.whatsAppChannel.updateMany({ data: { status: 'ERROR' } });
  await recordIntegrationHealth(tx, { provider: 'WHATSAPP_CLOUD' }, { category: 'auth', message: reason });
}
