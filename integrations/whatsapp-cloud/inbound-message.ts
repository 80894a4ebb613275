import type { InboundMessage } from '../../domain/messaging';
import type { WebhookMessageEvent } from './webhook-payload';

/**
 * The channel-neutral message a WhatsApp Cloud event carries: every content field the parser read
 * (text, media, reply, location, reaction, contacts, context, referral) is kept, so a new one
 * reaches the workflows without another copy step. `contact` is the sender as Astor addresses it
 * (E.164 with the plus sign), normalized by the caller.
 */
export function inboundMessageOf(event: WebhookMessageEvent, contact: string): InboundMessage {
  const { kind: _kind, phoneNumberId: _phoneNumberId, displayPhoneNumber: _displayPhoneNumber, from: _from, timestamp, raw: _raw, ...content } = event;
  return { ...content, contact, sentAt: timestamp.toISOString() };
}
