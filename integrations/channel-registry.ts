import type { SecretBox } from '../domain/secret-box';
import type { Database } from '../prisma/client';
import type { Channel, WhatsAppChannel } from '../prisma/generated/client';
import { botPlatformProvider } from './bot-platform/bot-platform.channel';
import { notConfigured, type ChannelContext, type ChannelProvider, type ChannelSettings, type MessagingChannel } from './channel';
import { createIntegrationOutcomes } from './integration-outcomes';
import { observedChannel } from './observed-channel';
import { ProviderError } from './provider-error';
import { whatsAppCloudProvider } from './whatsapp-cloud/whatsapp-cloud.channel';
import { whatsAppWebProvider } from './whatsapp-web/whatsapp-web.channel';

/** One line per channel Astor knows; WEB (the landing-page form) receives only, so nothing sends on it. */
const CHANNEL_PROVIDERS: Record<Channel, ChannelProvider | null> = {
  WHATSAPP_CLOUD: whatsAppCloudProvider,
  WHATSAPP_WEB: whatsAppWebProvider,
  MANYCHAT: botPlatformProvider('MANYCHAT'),
  UCHAT: botPlatformProvider('UCHAT'),
  WEB: null,
};

/** Picks the tenant's channel implementation from its configuration. */
export interface ChannelRegistry {
  /** The tenant's channel for conversations on `channel`; without one, the WhatsApp channel the tenant chose in Settings. */
  forTenant(tenantId: string, channel?: Channel): Promise<MessagingChannel>;
}

const defaultChannel = (whatsapp: WhatsAppChannel): Channel => (whatsapp.apiType === 'WHATSAPP_WEB' ? 'WHATSAPP_WEB' : 'WHATSAPP_CLOUD');

export function createChannelRegistry(deps: { db: Database; secrets: SecretBox } & ChannelSettings): ChannelRegistry {
  const settings: ChannelSettings = { whatsapp: deps.whatsapp, botPlatforms: deps.botPlatforms, mediaLinks: deps.mediaLinks };
  // Channels built from the WhatsApp settings are reused while that row is unchanged: a change in Settings takes effect at once.
  const cache = new Map<string, { version: number; channel: MessagingChannel }>();
  const outcomes = createIntegrationOutcomes(deps.db);

  const providerOf = (channel: Channel): ChannelProvider => {
    const provider = CHANNEL_PROVIDERS[channel];
    if (!provider) throw new ProviderError('whatsapp', 'invalid_request', `The agency has no ${channel} channel`);
    return provider;
  };

  function build(tenantId: string, channel: Channel, whatsapp: WhatsAppChannel | undefined, asDefault: boolean): Promise<MessagingChannel> {
    return deps.db.inTenant(tenantId, (tx) => {
      const context: ChannelContext = {
        tx,
        secrets: deps.secrets,
        settings,
        asDefault,
        ...(whatsapp ? { whatsapp } : {}),
        other: (next) => providerOf(next).build({ ...context, asDefault: false }).catch(() => undefined),
      };
      return providerOf(channel).build(context);
    }).then((built) => observedChannel(built, tenantId, outcomes));
  }

  return {
    async forTenant(tenantId, channel) {
      if (channel && !providerOf(channel).usesWhatsAppSettings) return build(tenantId, channel, undefined, false);
      // Every send asks: the cache check is one round trip (prisma/routines/sends.sql), the build (rare) goes through Prisma.
      const [whatsapp] = await deps.db.routine<WhatsAppChannel>(`SELECT * FROM astor_agency_whatsapp($1)`, [tenantId]);
      if (!whatsapp) throw notConfigured('No WhatsApp channel');
      const key = `${tenantId}:${channel ?? 'default'}`;
      const version = whatsapp.updatedAt.getTime();
      const hit = cache.get(key);
      if (hit?.version === version) return hit.channel;
      const built = await build(tenantId, channel ?? defaultChannel(whatsapp), whatsapp, channel === undefined);
      cache.set(key, { version, channel: built });
      return built;
    },
  };
}
