import type { OutboundContent } from '../../domain/messaging';
import { WhatsAppCloudClient } from '../providers/whatsapp-cloud/client';
import type { MessagingChannel, SendResult } from './messaging-channel';

export interface WhatsAppCloudSettings {
  graphUrl: string;
  graphVersion: string;
}

export interface WhatsAppCloudCredentials {
  accessToken: string;
}

export class WhatsAppCloudChannel implements MessagingChannel {
  readonly channel = 'WHATSAPP_CLOUD' as const;
  private readonly client: WhatsAppCloudClient;

  constructor(settings: WhatsAppCloudSettings, phoneNumberId: string, credentials: WhatsAppCloudCredentials, readonly fallback?: MessagingChannel) {
    this.client = new WhatsAppCloudClient({ baseUrl: settings.graphUrl, apiVersion: settings.graphVersion, accessToken: credentials.accessToken, phoneNumberId });
  }

  send(to: string, content: OutboundContent, options: { callbackData: string }): Promise<SendResult> {
    return this.client.send(to, content, options.callbackData);
  }

  downloadMedia(mediaId: string): Promise<{ bytes: Uint8Array; mimeType: string }> {
    return this.client.downloadMedia(mediaId);
  }

  async uploadMedia(bytes: Uint8Array, mimeType: string, filename: string): Promise<{ mediaId: string }> {
    return { mediaId: (await this.client.uploadMedia(bytes, mimeType, filename)).id };
  }
}
