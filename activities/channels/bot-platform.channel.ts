import type { BotPlatform, BotPlatformConfig } from '../../domain/bot-platforms';
import type { OutboundContent } from '../../domain/messaging';
import type { SecretBox } from '../../domain/secret-box';
import type { TenantTx } from '../../prisma/client';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { botPlatformClient, type BotPlatformClient, type BotPlatformUrls } from '../bot-platform/bot-platform-client';
import { ProviderError } from '../providers/provider-error';
import type { MessagingChannel, SendResult } from './messaging-channel';

/**
 * Conversations that came in through ManyChat or UChat are answered there: `to` is the platform's
 * contact id. Neither platform answers with a message id or reports deliveries, so the message is
 * known by Astor's idempotency key and stays SENT.
 */
export class BotPlatformChannel implements MessagingChannel {
  readonly channel: MessagingChannel['channel'];

  constructor(private readonly client: BotPlatformClient) {
    this.channel = client.platform;
  }

  async send(to: string, content: OutboundContent, options: { callbackData: string }): Promise<SendResult> {
    await this.deliver(to, content);
    return { providerMessageId: `${this.client.platform.toLowerCase()}:${options.callbackData}` };
  }

  uploadMedia(): Promise<{ mediaId: string }> {
    return Promise.reject(this.refuse('takes media by public link only'));
  }

  private deliver(to: string, content: OutboundContent): Promise<void> {
    switch (content.kind) {
      case 'text':
        return this.client.sendText(to, content.body);
      case 'buttons':
        return this.client.sendText(to, [content.body, ...content.buttons.map((button) => `• ${button.title}`)].join('\n'));
      case 'media':
        if (!content.link) return Promise.reject(this.refuse('takes media by public link only'));
        return this.client.sendMedia(to, content.mediaKind, content.link);
      case 'template':
        return Promise.reject(this.refuse('does not send WhatsApp templates: answer within the conversation or start one of its flows'));
    }
  }

  private refuse(what: string): ProviderError {
    return new ProviderError(this.client.platform.toLowerCase(), 'invalid_request', `${this.client.platform === 'MANYCHAT' ? 'ManyChat' : 'UChat'} ${what}`);
  }
}

/** The channel of the agency's active ManyChat or UChat integration; refused for good when there is none. */
export async function botPlatformChannel(tx: TenantTx, secrets: SecretBox, urls: BotPlatformUrls, platform: BotPlatform): Promise<MessagingChannel> {
  const found = await loadIntegrationConfig<BotPlatformConfig>(tx, secrets, platform);
  if (!found) throw new ProviderError(platform.toLowerCase(), 'invalid_request', `The agency has no active ${platform === 'MANYCHAT' ? 'ManyChat' : 'UChat'} integration: connect it in Settings`);
  return new BotPlatformChannel(botPlatformClient(platform, urls, found.config.apiKey));
}
