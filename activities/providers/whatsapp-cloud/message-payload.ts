import type { OutboundContent } from '../../../domain/messaging';
import { toWhatsAppRecipient } from '../../../domain/phone';

/** The Graph `messages` body for Astor's channel-neutral content. */
export function graphMessageBody(to: string, content: OutboundContent, callbackData?: string): Record<string, unknown> {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: toWhatsAppRecipient(to), ...(callbackData ? { biz_opaque_callback_data: callbackData } : {}) };
  switch (content.kind) {
    case 'text':
      return { ...base, type: 'text', text: { body: content.body, preview_url: content.previewUrl ?? false } };
    case 'template': {
      const components = [
        ...(content.headerParameters?.length ? [{ type: 'header', parameters: content.headerParameters }] : []),
        ...(content.bodyParameters?.length ? [{ type: 'body', parameters: content.bodyParameters.map((text) => ({ type: 'text', text })) }] : []),
      ];
      return { ...base, type: 'template', template: { name: content.name, language: { code: content.language }, ...(components.length ? { components } : {}) } };
    }
    case 'media': {
      const media = {
        ...(content.mediaId ? { id: content.mediaId } : { link: content.link }),
        ...(content.caption && content.mediaKind !== 'audio' ? { caption: content.caption } : {}),
        ...(content.filename && content.mediaKind === 'document' ? { filename: content.filename } : {}),
      };
      return { ...base, type: content.mediaKind, [content.mediaKind]: media };
    }
    case 'buttons':
      return {
        ...base,
        type: 'interactive',
        interactive: { type: 'button', body: { text: content.body }, action: { buttons: content.buttons.map((button) => ({ type: 'reply', reply: button })) } },
      };
  }
}
