import type { OutboundContent } from '../domain/messaging';
import type { SecretBox } from '../domain/secret-box';
import type { TenantTx } from '../prisma/client';
import type { Channel, WhatsAppChannel } from '../prisma/generated/client';
import type { BotPlatformUrls } from './bot-platform/bot-platform-client';
import type { MediaLinks } from './media-store/media-links';
import { ProviderError } from './provider-error';
import type { WhatsAppCloudSettings } from './whatsapp-cloud/whatsapp-cloud.channel';

/**
 * The Channel contract: what every way of reaching a contact must do. Workflows, activities and
 * routes never name a provider; the registry (channel-registry.ts) builds the agency's channel from
 * its configuration through the provider registered for each `Channel` value.
 *
 * A channel:
 * - sends one message to one contact and answers the provider's message id, or throws ProviderError
 *   (its category says whether trying again can help);
 * - passes `callbackData` through, so status updates name Astor's idempotency key;
 * - takes media before sending it (`uploadMedia`) and, where the provider hands media over, reads
 *   what contacts sent (`downloadMedia`);
 * - may name a `fallback`: where a send it refuses for good goes instead.
 *
 * Adding a provider: a folder under integrations/ with its client, its channel and its provider
 * (below), its fake server under `testing/`, and one line in CHANNEL_PROVIDERS.
 */
export interface MessagingChannel {
  readonly channel: Channel;
  readonly fallback?: MessagingChannel;
  /** `to` is E.164 (or the platform's contact id for bot platforms). */
  send(to: string, content: OutboundContent, options: { callbackData: string }): Promise<SendResult>;
  /** Returns an id `send` accepts as `mediaId`. */
  uploadMedia(bytes: Uint8Array, mimeType: string, filename: string): Promise<{ mediaId: string }>;
  downloadMedia?(mediaId: string): Promise<{ bytes: Uint8Array; mimeType: string }>;
}

export interface SendResult {
  providerMessageId: string;
}

/** What the deployment configures for all agencies (addresses, the bridge, media links). */
export interface ChannelSettings {
  whatsapp: WhatsAppCloudSettings & { webBridge?: { url: string; apiKey?: string } };
  botPlatforms: BotPlatformUrls;
  mediaLinks: MediaLinks;
}

/** What a provider may read to build one agency's channel. */
export interface ChannelContext {
  tx: TenantTx;
  secrets: SecretBox;
  settings: ChannelSettings;
  /** The agency's WhatsApp settings (number, Web session, fallback choice); present for WhatsApp providers. */
  whatsapp?: WhatsAppChannel;
  /** Asked for as the agency's default channel (new messages), not for a conversation's own channel. */
  asDefault: boolean;
  /** Another of the agency's channels (a fallback), or undefined when that one cannot be built. */
  other(channel: Channel): Promise<MessagingChannel | undefined>;
}

/** How one provider builds an agency's channel. */
export interface ChannelProvider {
  /** Built from the agency's WhatsApp settings row: the registry reads it and rebuilds when it changes. */
  readonly usesWhatsAppSettings: boolean;
  /** Throws ProviderError('invalid_request') when the agency has not configured it. */
  build(context: ChannelContext): Promise<MessagingChannel>;
}

/** A channel the agency has not set up: refused for good, with what to do. */
export const notConfigured = (what: string) => new ProviderError('whatsapp', 'invalid_request', `${what}: configure the agency's WhatsApp channel in Settings`, { code: 'channel_not_configured' });
