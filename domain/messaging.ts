/** Channel-neutral shapes of messages as they travel from webhooks through workflows to providers. */

export type InboundMessageType = 'text' | 'image' | 'audio' | 'video' | 'document' | 'sticker' | 'button' | 'interactive' | 'location' | 'contacts' | 'reaction' | 'unsupported';

export interface InboundMessage {
  providerMessageId: string;
  /** How the channel addresses the contact: E.164 on WhatsApp, the platform's contact id on ManyChat and UChat. */
  contact: string;
  contactName?: string;
  /** E.164 the platform knows for a contact it addresses by id. */
  contactPhone?: string;
  contactEmail?: string;
  type: InboundMessageType;
  text?: string;
  media?: { id: string; mimeType?: string; caption?: string; filename?: string; voice?: boolean; animated?: boolean };
  reply?: { id?: string; title: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  /** A reaction to an earlier message (ours or the contact's); an empty emoji removes the contact's reaction. */
  reaction?: { messageId: string; emoji: string };
  /** Contact cards the contact shared. */
  contacts?: SharedContact[];
  /** The provider id of the message this one quotes or answers (WhatsApp's context.id). */
  context?: { messageId: string };
  /** A click-to-WhatsApp ad the contact came from. */
  referral?: AdReferral;
  /** ISO time the provider says the contact sent it. */
  sentAt: string;
}

export interface SharedContact {
  name: string;
  phones: { phone: string; waId?: string; type?: string }[];
  emails?: string[];
  organization?: string;
}

export interface AdReferral {
  sourceId?: string;
  sourceType?: string;
  sourceUrl?: string;
  headline?: string;
  body?: string;
  mediaType?: string;
  ctwaClid?: string;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface MessageStatusUpdate {
  providerMessageId: string;
  status: DeliveryStatus;
  at: string;
  recipient: string;
  error?: { code: string; title: string; message?: string };
  /** Astor's idempotency key, echoed by the provider (WhatsApp's biz_opaque_callback_data). */
  callbackData?: string;
  /** WhatsApp Cloud's `pricing`: whether Meta charges the message, and its category. */
  pricing?: { billable: boolean; category: string };
}

export type TemplateParameter = { type: 'text'; text: string };

export type OutboundContent =
  | { kind: 'text'; body: string; previewUrl?: boolean }
  | { kind: 'template'; name: string; language: string; bodyParameters?: string[]; headerParameters?: TemplateParameter[] }
  | { kind: 'media'; mediaKind: 'audio' | 'image' | 'document' | 'video'; link?: string; mediaId?: string; caption?: string; filename?: string }
  | { kind: 'buttons'; body: string; buttons: { id: string; title: string }[] };

/** Templates, and media uploaded to one channel, exist only on that channel: they cannot take the fallback. */
export const portable = (content: OutboundContent) => content.kind !== 'template' && !(content.kind === 'media' && content.mediaId);

/** Free-form messages may only be sent within this time of the contact's last message (WhatsApp rule). */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The failure type a workflow gives when free-form content would break WhatsApp's 24-hour rule. */
export const SERVICE_WINDOW_CLOSED = 'ServiceWindowClosed';

export function isWithinServiceWindow(lastInboundAt: number | undefined, now: number): boolean {
  return lastInboundAt !== undefined && now - lastInboundAt < CUSTOMER_SERVICE_WINDOW_MS;
}

/** A short description for inbox previews and timeline entries. */
export function previewOf(content: OutboundContent | Pick<InboundMessage, 'type' | 'text' | 'reply' | 'reaction' | 'contacts'>): string {
  if ('kind' in content) {
    if (content.kind === 'text' || content.kind === 'buttons') return content.body;
    if (content.kind === 'template') return `[template ${content.name}]`;
    return content.caption ?? `[${content.mediaKind}]`;
  }
  if (content.reaction?.emoji) return content.reaction.emoji;
  const sharedName = content.contacts?.[0]?.name;
  if (sharedName) return `[contacts] ${sharedName}`;
  return content.text ?? content.reply?.title ?? `[${content.type}]`;
}
