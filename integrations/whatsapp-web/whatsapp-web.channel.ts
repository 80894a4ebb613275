import type { OutboundContent } from '../../domain/messaging';
import { toWhatsAppRecipient } from '../../domain/phone';
import { ProviderError } from '../provider-error';
import { PROVIDER, type BridgeSendRequest } from './bridge-api';
import { WhatsAppWebClient } from './client';
import { notConfigured, type ChannelProvider, type MessagingChannel, type SendResult } from '../channel';

/** The deployment's bridge: its URL and API key. */
export interface WhatsAppWebSettings {
  url: string;
  apiKey: string;
}

/** WhatsApp Web has no buttons or templates: buttons become numbered options, templates cannot be sent. */
export function toBridgeRequest(to: string, content: OutboundContent, reference: string): BridgeSendRequest {
  const base = { to: toWhatsAppRecipient(to), reference };
  switch (content.kind) {
    case 'text':
      return { ...base, text: { body: content.body } };
    case 'buttons':
      return { ...base, text: { body: [content.body, '', ...content.buttons.map((button, index) => `${index + 1}. ${button.title}`)].join('\n') } };
    case 'media': {
      if (!content.mediaId && !content.link) throw new ProviderError(PROVIDER, 'invalid_request', 'A media message needs a media id or a link');
      const source = content.mediaId ? { mediaId: content.mediaId } : { url: content.link! };
      return { ...base, media: { kind: content.mediaKind, ...source, ...(content.caption ? { caption: content.caption } : {}), ...(content.filename ? { filename: content.filename } : {}) } };
    }
    case 'template':
      throw new ProviderError(PROVIDER, 'template', 'WhatsApp templates need the Business API; the WhatsApp Web session can only send free-form messages');
  }
}

/** The tenant's WhatsApp Web session on the bridge. */
export class WhatsAppWebChannel implements MessagingChannel {
  readonly channel = 'WHATSAPP_WEB' as const;
  private readonly client: WhatsAppWebClient;

  constructor(settings: WhatsAppWebSettings, session: string) {
    this.client = new WhatsAppWebClient({ baseUrl: settings.url, apiKey: settings.apiKey, session });
  }

  async send(to: string, content: OutboundContent, options: { callbackData: string }): Promise<SendResult> {
    return { providerMessageId: (await this.client.send(toBridgeRequest(to, content, options.callbackData))).id };
  }

  downloadMedia(mediaId: string): Promise<{ bytes: Uint8Array; mimeType: string }> {
    return this.client.downloadMedia(mediaId);
  }

  uploadMedia(bytes: Uint8Array, mimeType: string, filename: string): Promise<{ mediaId: string }> {
    return this.client.uploadMedia(bytes, mimeType, filename);
  }
}

/** The agency's Web session on the deployment's bridge. */
export const whatsAppWebProvider: ChannelProvider = {
  usesWhatsAppSettings: true,
  async build({ settings, whatsapp }) {
    const bridge = settings.whatsapp.webBridge;
    if (!bridge?.apiKey) throw new ProviderError(PROVIDER, 'invalid_request', 'The WhatsApp Web bridge is not configured on this server (WHATSAPP_WEB_BRIDGE_API_KEY)');
    if (!whatsapp?.webSessionId) throw notConfigured('No WhatsApp Web session');
    return new WhatsAppWebChannel({ url: bridge.url, apiKey: bridge.apiKey }, whatsapp.webSessionId);
  },
};
