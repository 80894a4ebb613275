import { previewOf, type InboundMessage, type MessageStatusUpdate } from '../../domain/messaging';
import type { Channel, LeadOrigin, MessageType, TemplateStatus } from '../../prisma/generated/enums';
import type { LeadSubmission } from '../../workflows/lead-intake.contract';

/** Where a delivery came from; the raw bytes are kept under this name. */
export type DeliverySource = 'whatsapp_cloud' | 'whatsapp_web' | 'manychat' | 'uchat';

/** Which agency an event belongs to: known already, or found in PostgreSQL by what the provider names. */
export type Route = { tenantId: string } | { phoneNumberId: string } | { pageId: string } | { businessAccountId: string };

type Enum<T> = T[keyof T];

/** An inbound message as the edge write stores it (prisma/routines/webhook-inbox.sql, astor_record_inbound). */
export interface InboundEdgeEvent {
  kind: 'inbound';
  route: Route;
  channel: Enum<typeof Channel>;
  contact: string;
  /** The phone the lead is found or created by: the contact on WhatsApp, the platform's known phone otherwise. */
  phone: string | null;
  name?: string;
  email?: string;
  /** Origin of a lead this message creates; `eventOrigin` labels the timeline entry. */
  origin: Enum<typeof LeadOrigin>;
  eventOrigin: Enum<typeof LeadOrigin>;
  providerMessageId: string;
  type: Enum<typeof MessageType>;
  body: string | null;
  mimeType: string | null;
  sentAt: string;
  preview: string;
  contextId?: string;
  reaction?: { messageId: string; emoji: string };
  referral?: object;
  message: InboundMessage;
}

export type EdgeEvent =
  | InboundEdgeEvent
  | ({ kind: 'status'; route: Route } & MessageStatusUpdate)
  | { kind: 'template'; route: Route; name: string; language: string; status: Enum<typeof TemplateStatus>; templateId: string; reason?: string }
  | { kind: 'messaging_limit'; route: Route; event: string; tier?: string; at: string }
  | { kind: 'leadgen'; route: Route; leadgen: { leadgenId: string; pageId: string; formId: string; adId?: string } }
  | { kind: 'lead_submission'; route: Route; phone: string; submission: LeadSubmission };

/** One webhook request: its exact bytes and what it says. */
export interface Delivery {
  source: DeliverySource;
  body: Buffer;
  receivedAt: Date;
  /** Keep the bytes per agency (false when re-processing bytes already kept). */
  store: boolean;
  /** Keep the bytes for a number or page nobody owns yet (false when releasing held bytes). */
  hold: boolean;
  events: EdgeEvent[];
}

const MESSAGE_TYPES: Record<Exclude<InboundMessage['type'], 'reaction'>, Enum<typeof MessageType>> = {
  text: 'TEXT',
  image: 'IMAGE',
  audio: 'AUDIO',
  video: 'VIDEO',
  document: 'DOCUMENT',
  sticker: 'STICKER',
  button: 'INTERACTIVE',
  interactive: 'INTERACTIVE',
  location: 'LOCATION',
  contacts: 'CONTACTS',
  unsupported: 'UNSUPPORTED',
};

const ORIGIN_BY_CHANNEL = { WHATSAPP_CLOUD: 'WHATSAPP', WHATSAPP_WEB: 'WHATSAPP', MANYCHAT: 'MANYCHAT', UCHAT: 'UCHAT', WEB: 'WEB' } as const;

const isPhoneAddressed = (channel: Enum<typeof Channel>) => channel === 'WHATSAPP_CLOUD' || channel === 'WHATSAPP_WEB';

/** The edge event of an inbound message: a contact that came from a click-to-WhatsApp ad is a Meta-ads lead. */
export function inboundEdgeEvent(route: Route, channel: Enum<typeof Channel>, message: InboundMessage): InboundEdgeEvent {
  const eventOrigin = ORIGIN_BY_CHANNEL[channel];
  return {
    kind: 'inbound',
    route,
    channel,
    contact: message.contact,
    phone: isPhoneAddressed(channel) ? message.contact : (message.contactPhone ?? null),
    ...(message.contactName ? { name: message.contactName } : {}),
    ...(message.contactEmail ? { email: message.contactEmail } : {}),
    origin: message.referral ? 'META_ADS' : eventOrigin,
    eventOrigin,
    providerMessageId: message.providerMessageId,
    type: message.type === 'reaction' ? 'UNSUPPORTED' : MESSAGE_TYPES[message.type],
    body: message.text ?? message.reply?.title ?? message.media?.caption ?? null,
    mimeType: message.media?.mimeType ?? null,
    sentAt: message.sentAt,
    preview: previewOf(message),
    ...(message.context ? { contextId: message.context.messageId } : {}),
    ...(message.reaction ? { reaction: message.reaction } : {}),
    ...(message.referral ? { referral: message.referral } : {}),
    message,
  };
}

export const statusEdgeEvent = (route: Route, update: MessageStatusUpdate): EdgeEvent => ({ kind: 'status', route, ...update });
