import fc from 'fast-check';
import { hostileString, hostileValue } from './hostile-values';

const text = fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) }, { weight: 1, arbitrary: hostileString });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: hostileValue });
const waId = fc.oneof(fc.stringMatching(/^54911\d{8}$/), hostileString);

const inboundMessage = fc.record({
  from: maybe(waId),
  id: maybe(fc.stringMatching(/^wamid\.[A-Za-z0-9]{8,20}$/)),
  timestamp: maybe(fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }).map(String)),
  type: maybe(fc.constantFrom('text', 'image', 'audio', 'video', 'document', 'sticker', 'button', 'interactive', 'location', 'contacts', 'reaction', 'unsupported', 'order')),
  text: maybe(fc.record({ body: text })),
  reaction: maybe(fc.record({ message_id: text, emoji: text })),
  context: maybe(fc.record({ id: text })),
  contacts: maybe(fc.array(fc.record({ name: fc.record({ formatted_name: text }), phones: fc.array(fc.record({ phone: text, wa_id: waId }), { maxLength: 2 }) }), { maxLength: 2 })),
  referral: maybe(fc.record({ source_id: text, source_type: text, headline: text, ctwa_clid: text })),
}, { requiredKeys: [] });

const status = fc.record({
  id: maybe(text),
  status: maybe(fc.constantFrom('sent', 'delivered', 'read', 'failed', 'deleted')),
  timestamp: maybe(fc.integer({ min: 0, max: 2_000_000_000 }).map(String)),
  recipient_id: maybe(waId),
  errors: maybe(fc.array(fc.record({ code: fc.integer(), title: text }), { maxLength: 2 })),
}, { requiredKeys: [] });

/** Meta's envelope for WhatsApp (messages, statuses, template events) and Page lead ads, filled with fuzzed values. */
export function metaDelivery(phoneNumberIds: string[]): fc.Arbitrary<unknown> {
  const value = fc.record({
    messaging_product: fc.constant('whatsapp'),
    metadata: maybe(fc.record({ phone_number_id: fc.oneof(fc.constantFrom(...phoneNumberIds), text), display_phone_number: text })),
    contacts: maybe(fc.array(fc.record({ wa_id: waId, profile: fc.record({ name: text }) }), { maxLength: 2 })),
    messages: maybe(fc.array(inboundMessage, { maxLength: 3 })),
    statuses: maybe(fc.array(status, { maxLength: 3 })),
    event: maybe(fc.constantFrom('APPROVED', 'REJECTED', 'PAUSED')),
    message_template_id: maybe(fc.integer()),
    reason: maybe(text),
    leadgen_id: maybe(text),
    page_id: maybe(text),
  }, { requiredKeys: ['messaging_product'] });
  const change = fc.record({ field: maybe(fc.constantFrom('messages', 'message_template_status_update', 'leadgen', 'phone_number_quality_update')), value: maybe(value) });
  const envelope = fc.record({ object: maybe(fc.constantFrom('whatsapp_business_account', 'page')), entry: maybe(fc.array(fc.record({ id: text, changes: maybe(fc.array(change, { maxLength: 2 })) }), { maxLength: 2 })) });
  return fc.oneof({ weight: 8, arbitrary: envelope }, { weight: 1, arbitrary: hostileValue });
}

/** A bridge or bot-platform event with fuzzed values. */
export const bridgeEvent = (session: fc.Arbitrary<string>) =>
  fc.record({ session, event: maybe(fc.constantFrom('message', 'ack', 'session.status', 'lead')), data: maybe(fc.record({ id: text, from: waId, body: text, status: text, ack: fc.integer({ min: -1, max: 5 }) }, { requiredKeys: [] })), phone: maybe(text), name: maybe(text) }, { requiredKeys: [] });
