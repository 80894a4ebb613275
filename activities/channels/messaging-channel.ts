import type { OutboundContent } from '../../domain/messaging';
import type { Channel } from '../../prisma/generated/enums';

export interface SendResult {
  providerMessageId: string;
}

/**
 * One way of reaching a contact. Workflows and routes never name a provider: the registry picks the
 * implementation from the tenant's configuration.
 */
export interface MessagingChannel {
  readonly channel: Channel;
  /** Where a send this channel refuses for good may go out instead (the tenant's WhatsApp Web fallback). */
  readonly fallback?: MessagingChannel;
  /** `to` is E.164; `callbackData` comes back with the message's status updates. Throws ProviderError. */
  send(to: string, content: OutboundContent, options: { callbackData: string }): Promise<SendResult>;
  /** Hands audio or other media to the channel; returns an id `send` accepts as `mediaId`. */
  uploadMedia(bytes: Uint8Array, mimeType: string, filename: string): Promise<{ mediaId: string }>;
  /** Reads media a contact sent, by the id its inbound message carries; absent where the channel hands over no media. */
  downloadMedia?(mediaId: string): Promise<{ bytes: Uint8Array; mimeType: string }>;
}
