import type { BotPlatform, BotPlatformConfig } from '../../domain/bot-platforms';
import type { OutboundContent } from '../../domain/messaging';
import type { SecretBox } from '../../domain/secret-box';
import type { TenantTx } from '../../prisma/client';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { botPlatformClient, type BotPlatformClient, type BotPlatformUrls } from './bot-platform-client';
import { ProviderError } from '../provider-error';
import type { MediaLinks } from '../media-store/media-links';
import type { ChannelProvider, MessagingChannel, SendResult } from '../channel';

/**
 * Conversations that came in through ManyChat or UChat are answered there: `to` is the platform's
 * contact id. Neither platform answers with a message id or reports deliveries, so the message is
 * known by Astor's idempotency key and stays SENT. The platforms fetch media from a public URL: the
 * media id of this channel is a signed, time-limited link to Astor's stored copy.
 */
export class BotPlatformChannel implements MessagingChannel {
  readonly channel: MessagingChannel['channel'];

  constructor(
    private readonly client: BotPlatformClient,
    private readonly mediaLinks: MediaLinks,
  ) {
    this.channel = client.platform;
  }

  async send(to: string, content: OutboundContent, options: { callbackData: string }): Promise<SendResult> {
    await this.deliver(to, content);
    return { providerMessageId: `${this.client.platform.toLowerCase()}:${options.callbackData}` };
  }

  /** `filename` is the key of media Astor stores (generated voice notes). */
  async uploadMedia(_bytes: Uint8Array, _mimeType: string, filename: string): Promise<{ mediaId: string }> {
    return { mediaId: this.mediaLinks.signMediaUrl(filename) };
  }

  private deliver(to: string, content: OutboundContent): Promise<void> {
    switch (content.kind) {
      case 'text':
        return this.client.sendText(to, content.body);
      case 'buttons':
        return this.client.sendText(to, [content.body, ...content.buttons.map((button) => `• ${button.title}`)].join('\n'));
      case 'media':
        return this.client.sendMedia(to, content.mediaKind, (content.link ?? content.mediaId)!);
      case 'template':
        return Promise.reject(this.refuse('does not send WhatsApp templates: answer within the conversation or start one of its flows'));
    }
  }

  private refuse(what: string): ProviderError {
    return new ProviderError(this.client.platform.toLowerCase(), 'invalid_request', `${this.client.platform === 'MANYCHAT' ? 'ManyChat' : 'UChat'} ${what}`);
  }
}

/** The channel of the agency's active ManyChat or UChat integration; refused for good when there is none. */
export async function botPlatformChannel(tx: TenantTx, secrets: SecretBox, urls: BotPlatformUrls, mediaLinks: MediaLinks, platform: BotPlatform): Promise<MessagingChannel> {
  const found = await loadIntegrationConfig<BotPlatformConfig>(tx, secrets, platform);
  if (!found) throw new ProviderError(platform.toLowerCase(), 'invalid_request', `The agency has no active ${platform === 'MANYCHAT' ? 'ManyChat' : 'UChat'} integration: connect it in Settings`);
  return new BotPlatformChannel(botPlatformClient(platform, urls, found.config.apiKey), mediaLinks);
}

/** ManyChat or UChat, from the agency's active integration with it. */
export const botPlatformProvider = (platform: BotPlatform): ChannelProvider => ({
  usesWhatsAppSettings: false,
  build: ({ tx, secrets, settings }) => botPlatformChannel(tx, secrets, settings.botPlatforms, settings.mediaLinks, platform),
});
