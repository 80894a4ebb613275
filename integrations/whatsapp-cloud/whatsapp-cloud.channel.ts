import type { OutboundContent } from '../../domain/messaging';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import type { ProviderError } from '../provider-error';
import { WhatsAppCloudClient } from './client';
import { notConfigured, type ChannelProvider, type MessagingChannel, type SendResult } from '../channel';

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

/**
 * The agency's Business API number with its access token. As the agency's default channel it keeps
 * the Web session as fallback when the agency chose one.
 */
export const whatsAppCloudProvider: ChannelProvider = {
  usesWhatsAppSettings: true,
  async build({ tx, secrets, settings, whatsapp, asDefault, other }) {
    const integration = await loadIntegrationConfig<WhatsAppCloudCredentials>(tx, secrets, 'WHATSAPP_CLOUD');
    const fallback = asDefault && whatsapp?.fallbackToWeb ? await other('WHATSAPP_WEB') : undefined;
    const problem = !whatsapp?.phoneNumberId ? 'No WhatsApp Business API number' : !integration?.config.accessToken ? 'No access token for the WhatsApp Business API' : undefined;
    if (problem) {
      if (fallback) return new UnusableChannel(notConfigured(problem), fallback);
      throw notConfigured(problem);
    }
    return new WhatsAppCloudChannel(settings.whatsapp, whatsapp!.phoneNumberId!, integration!.config, fallback);
  },
};
