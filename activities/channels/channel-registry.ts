import type { SecretBox } from '../../domain/secret-box';
import type { Database } from '../../prisma/client';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { ProviderError } from '../providers/provider-error';
import type { MessagingChannel } from './messaging-channel';
import { WhatsAppCloudChannel, type WhatsAppCloudCredentials, type WhatsAppCloudSettings } from './whatsapp-cloud.channel';

/** Picks the tenant's channel implementation from its configuration. */
export interface ChannelRegistry {
  forTenant(tenantId: string): Promise<MessagingChannel>;
}

const CACHE_MS = 15_000;

export function createChannelRegistry(deps: { db: Database; secrets: SecretBox; whatsapp: WhatsAppCloudSettings }): ChannelRegistry {
  const cache = new Map<string, { channel: MessagingChannel; expiresAt: number }>();
  const notConfigured = (what: string) => new ProviderError('whatsapp', 'invalid_request', `${what}: configure the agency's WhatsApp channel in Settings`);

  return {
    async forTenant(tenantId) {
      const hit = cache.get(tenantId);
      if (hit && hit.expiresAt > Date.now()) return hit.channel;
      const channel = await deps.db.inTenant(tenantId, async (tx) => {
        const config = await tx.whatsAppChannel.findFirst();
        if (!config) throw notConfigured('No WhatsApp channel');
        if (config.apiType !== 'BUSINESS_API' || !config.phoneNumberId) throw notConfigured('Only the WhatsApp Business API channel can send for now');
        const integration = await loadIntegrationConfig<WhatsAppCloudCredentials>(tx, deps.secrets, 'WHATSAPP_CLOUD');
        if (!integration?.config.accessToken) throw notConfigured('No access token for the WhatsApp Business API');
        return new WhatsAppCloudChannel(deps.whatsapp, config.phoneNumberId, integration.config);
      });
      cache.set(tenantId, { channel, expiresAt: Date.now() + CACHE_MS });
      return channel;
    },
  };
}
