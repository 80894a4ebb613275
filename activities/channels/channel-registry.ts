import type { SecretBox } from '../../domain/secret-box';
import type { Database, TenantTx } from '../../prisma/client';
import type { Channel, WhatsAppChannel } from '../../prisma/generated/client';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { ProviderError } from '../providers/provider-error';
import type { MessagingChannel, SendResult } from './messaging-channel';
import { WhatsAppCloudChannel, type WhatsAppCloudCredentials, type WhatsAppCloudSettings } from './whatsapp-cloud.channel';
import { WhatsAppWebChannel } from './whatsapp-web.channel';
import { botPlatformChannel } from './bot-platform.channel';
import { isBotPlatform } from '../../domain/bot-platforms';
import type { BotPlatformUrls } from '../bot-platform/bot-platform-client';
import type { MediaLinks } from '../voice/media-links';

/** Picks the tenant's channel implementation from its configuration. */
export interface ChannelRegistry {
  /** The tenant's channel for conversations on `channel`; without one, the WhatsApp channel the tenant chose in Settings. */
  forTenant(tenantId: string, channel?: Channel): Promise<MessagingChannel>;
}

export interface ChannelSettings extends WhatsAppCloudSettings {
  webBridge?: { url: string; apiKey?: string };
}

const notConfigured = (what: string) => new ProviderError('whatsapp', 'invalid_request', `${what}: configure the agency's WhatsApp channel in Settings`);

/** A Business API channel that cannot send (no token, say) but whose messages may still go out through the fallback. */
class UnusableChannel implements MessagingChannel {
  readonly channel = 'WHATSAPP_CLOUD' as const;

  constructor(
    private readonly reason: ProviderError,
    readonly fallback: MessagingChannel,
  ) {}

  send(): Promise<SendResult> {
    return Promise.reject(this.reason);
  }

  uploadMedia(): Promise<{ mediaId: string }> {
    return Promise.reject(this.reason);
  }
}

export function createChannelRegistry(deps: { db: Database; secrets: SecretBox; whatsapp: ChannelSettings; botPlatforms: BotPlatformUrls; mediaLinks: MediaLinks }): ChannelRegistry {
  // Built channels are reused while the tenant's channel row is unchanged: any change in Settings takes effect at once.
  const cache = new Map<string, { version: number; channel: MessagingChannel }>();

  function web(config: WhatsAppChannel): MessagingChannel {
    const bridge = deps.whatsapp.webBridge;
    if (!bridge?.apiKey) throw new ProviderError('whatsapp_web', 'invalid_request', 'The WhatsApp Web bridge is not configured on this server (WHATSAPP_WEB_BRIDGE_API_KEY)');
    if (!config.webSessionId) throw notConfigured('No WhatsApp Web session');
    return new WhatsAppWebChannel({ url: bridge.url, apiKey: bridge.apiKey }, config.webSessionId);
  }

  async function cloud(tx: TenantTx, config: WhatsAppChannel, fallback?: MessagingChannel): Promise<MessagingChannel> {
    const integration = await loadIntegrationConfig<WhatsAppCloudCredentials>(tx, deps.secrets, 'WHATSAPP_CLOUD');
    const problem = !config.phoneNumberId ? 'No WhatsApp Business API number' : !integration?.config.accessToken ? 'No access token for the WhatsApp Business API' : undefined;
    if (problem) {
      if (fallback) return new UnusableChannel(notConfigured(problem), fallback);
      throw notConfigured(problem);
    }
    return new WhatsAppCloudChannel(deps.whatsapp, config.phoneNumberId!, integration!.config, fallback);
  }

  /** The Web session a failed Business API send may use, when the tenant enabled the fallback and has one. */
  function fallbackOf(config: WhatsAppChannel): MessagingChannel | undefined {
    if (!config.fallbackToWeb) return undefined;
    try {
      return web(config);
    } catch {
      return undefined;
    }
  }

  async function build(tx: TenantTx, config: WhatsAppChannel, channel: Channel | undefined): Promise<MessagingChannel> {
    const wanted = channel ?? (config.apiType === 'WHATSAPP_WEB' ? 'WHATSAPP_WEB' : 'WHATSAPP_CLOUD');
    if (wanted === 'WHATSAPP_WEB') return web(config);
    if (wanted !== 'WHATSAPP_CLOUD') throw new ProviderError('whatsapp', 'invalid_request', `The agency has no ${wanted} channel`);
    return cloud(tx, config, channel ? undefined : fallbackOf(config));
  }

  return {
    async forTenant(tenantId, channel) {
      if (channel && isBotPlatform(channel)) return deps.db.inTenant(tenantId, (tx) => botPlatformChannel(tx, deps.secrets, deps.botPlatforms, deps.mediaLinks, channel));
      // Every send asks: the cache check is one raw read, the build (rare) goes through Prisma.
      const [config] = await deps.db.sqlInTenant(tenantId, (query) => query<WhatsAppChannel>(`SELECT * FROM "WhatsAppChannel" WHERE "tenantId" = $1`, [tenantId]));
      if (!config) throw notConfigured('No WhatsApp channel');
      const key = `${tenantId}:${channel ?? 'default'}`;
      const version = config.updatedAt.getTime();
      const hit = cache.get(key);
      if (hit?.version === version) return hit.channel;
      const built = await deps.db.inTenant(tenantId, (tx) => build(tx, config, channel));
      cache.set(key, { version, channel: built });
      return built;
    },
  };
}
