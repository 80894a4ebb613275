import { buttonReplyMessage, contactsMessage, inboundBody, reactionMessage, stickerMessage } from './testing/fake-webhooks';
import { inboundMessageOf } from './inbound-message';
import { parseWebhookDelivery, type WebhookMessageEvent } from './webhook-payload';

const number = { phoneNumberId: 'pn-1', displayPhoneNumber: '+54 11 5555-0000' };
const sentAt = new Date('2026-12-02T15:04:05Z');
const CONTACT = '+5491155550101';

function inboundOf(spec: Omit<Parameters<typeof inboundBody>[1], 'from' | 'id' | 'sentAt' | 'name'>) {
  const [event] = parseWebhookDelivery(inboundBody(number, { from: '5491155550101', id: 'wamid.in-1', name: 'Ana', sentAt, ...spec }));
  return inboundMessageOf(event as WebhookMessageEvent, CONTACT);
}
const base = { providerMessageId: 'wamid.in-1', contact: CONTACT, contactName: 'Ana', sentAt: '2026-12-02T15:04:05.000Z' };

describe('inboundMessageOf', () => {
  it('keeps a text with the ad it came from and the message it quotes, and nothing of the delivery', () => {
    const message = inboundOf({ text: 'Hola, ¿sigue disponible?', replyTo: 'wamid.card', referral: { headline: 'Depto en Palermo', sourceId: 'ad-7', ctwaClid: 'clid-1' } });
    expect(message).toEqual({
      ...base,
      type: 'text',
      text: 'Hola, ¿sigue disponible?',
      context: { messageId: 'wamid.card' },
      referral: { sourceId: 'ad-7', sourceType: 'ad', sourceUrl: 'https://fb.me/ad-7', headline: 'Depto en Palermo', body: 'Depto en Palermo', mediaType: 'image', ctwaClid: 'clid-1' },
    });
  });

  it.each([
    ['a reaction', reactionMessage('wamid.out-1', '❤️'), { type: 'reaction', reaction: { messageId: 'wamid.out-1', emoji: '❤️' } }],
    ['a reaction removed', reactionMessage('wamid.out-1'), { type: 'reaction', reaction: { messageId: 'wamid.out-1', emoji: '' } }],
    ['a sticker', stickerMessage('media-st', true), { type: 'sticker', media: { id: 'media-st', mimeType: 'image/webp', animated: true } }],
    [
      'a contact card',
      contactsMessage({ firstName: 'Marta', lastName: 'Gómez', phones: ['+54 9 11 5555-0202'], email: 'marta@inmo.com.ar', company: 'Gómez Propiedades' }),
      { type: 'contacts', contacts: [{ name: 'Marta Gómez', phones: [{ phone: '+54 9 11 5555-0202', waId: '5491155550202', type: 'CELL' }], emails: ['marta@inmo.com.ar'], organization: 'Gómez Propiedades' }] },
    ],
    ['a location', { type: 'location', location: { latitude: -34.58, longitude: -58.42, name: 'Oficina' } }, { type: 'location', location: { latitude: -34.58, longitude: -58.42, name: 'Oficina' } }],
  ])('keeps %s', (_label, content, expected) => {
    expect(inboundOf({ message: content })).toEqual({ ...base, ...expected });
  });

  it('keeps a button reply with the message whose button was pressed', () => {
    expect(inboundOf({ message: buttonReplyMessage({ id: 'visit-yes', title: 'Sí, voy' }), replyTo: 'wamid.buttons' })).toEqual({
      ...base,
      type: 'interactive',
      text: 'Sí, voy',
      reply: { id: 'visit-yes', title: 'Sí, voy' },
      context: { messageId: 'wamid.buttons' },
    });
  });

  it('keeps a photo with its caption', () => {
    const photo = { type: 'image', image: { id: 'media-1', mime_type: 'image/jpeg', caption: 'El frente' } };
    expect(inboundOf({ message: photo })).toEqual({ ...base, type: 'image', text: 'El frente', media: { id: 'media-1', mimeType: 'image/jpeg', caption: 'El frente' } });
  });
});
