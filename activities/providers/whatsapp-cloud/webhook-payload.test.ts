import { ZodError } from 'zod';
import { inboundBody, statusBody } from './fake-webhooks';
import { parseWebhookDelivery } from './webhook-payload';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

const number = { phoneNumberId: 'pn-1', accessToken: 't', displayPhoneNumber: '+54 11 5555-0000', appSecret: 's3cret' };

describe('WhatsApp webhook deliveries', () => {
  it('verifies the signature of the exact raw body, in constant time, never throwing', () => {
    const raw = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
    const header = signWebhookBody(raw, 's3cret');
    expect(verifyWebhookSignature(raw, header, 's3cret')).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(`${raw.toString()} `), header, 's3cret')).toBe(false);
    expect(verifyWebhookSignature(raw, header, 'other')).toBe(false);
    expect(verifyWebhookSignature(raw, undefined, 's3cret')).toBe(false);
    expect(verifyWebhookSignature(raw, 'sha256=zz', 's3cret')).toBe(false);
  });

  it.each([
    [{ type: 'text', text: { body: 'Hola' } }, { type: 'text', text: 'Hola' }],
    [{ type: 'image', image: { id: 'm1', mime_type: 'image/jpeg', caption: 'Frente' } }, { type: 'image', text: 'Frente', media: { id: 'm1', mimeType: 'image/jpeg' } }],
    [{ type: 'audio', audio: { id: 'm2', mime_type: 'audio/ogg; codecs=opus', voice: true } }, { type: 'audio', media: { id: 'm2', voice: true } }],
    [{ type: 'document', document: { id: 'm3', mime_type: 'application/pdf', filename: 'plano.pdf' } }, { type: 'document', media: { filename: 'plano.pdf' } }],
    [{ type: 'button', button: { payload: 'visit-yes', text: 'Sí, confirmo' } }, { type: 'button', reply: { id: 'visit-yes', title: 'Sí, confirmo' } }],
    [{ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'p-2', title: 'Depto Palermo' } } }, { type: 'interactive', reply: { id: 'p-2', title: 'Depto Palermo' } }],
    [{ type: 'location', location: { latitude: -34.58, longitude: -58.42, name: 'Oficina' } }, { type: 'location', location: { latitude: -34.58, name: 'Oficina' } }],
    [{ type: 'reaction', reaction: { emoji: '👍', message_id: 'x' } }, { type: 'unsupported' }],
  ])('reads an inbound %j', (message, expected) => {
    const [event] = parseWebhookDelivery(inboundBody(number, { from: '5491155550101', name: 'Ana', id: 'wamid.1', message }));
    expect(event).toMatchObject({ kind: 'message', phoneNumberId: 'pn-1', from: '5491155550101', contactName: 'Ana', providerMessageId: 'wamid.1', ...expected });
  });

  it('reads statuses with their errors and Astor\'s echoed key', () => {
    const [event] = parseWebhookDelivery(statusBody(number, { id: 'wamid.2', status: 'failed', recipient: '5491155550101', callbackData: 'reply:abc', error: { code: 131047, title: 'Re-engagement message' } }));
    expect(event).toMatchObject({ kind: 'status', status: 'failed', callbackData: 'reply:abc', error: { code: 131047, title: 'Re-engagement message' } });
  });

  it('flattens batched deliveries and reads lead ads', () => {
    const a = inboundBody(number, { from: '5491155550101', id: 'wamid.a', text: 'uno' });
    const b = statusBody(number, { id: 'wamid.b', status: 'read', recipient: '5491155550101' });
    const batched = { object: 'whatsapp_business_account', entry: [...a.entry, ...b.entry] };
    expect(parseWebhookDelivery(batched).map((event) => event.kind)).toEqual(['message', 'status']);
    const leadgen = { object: 'page', entry: [{ id: 'page-1', changes: [{ field: 'leadgen', value: { leadgen_id: 'lg-1', form_id: 'f-1', page_id: 'page-1', created_time: 1764000000 } }] }] };
    expect(parseWebhookDelivery(leadgen)).toEqual([expect.objectContaining({ kind: 'leadgen', leadgenId: 'lg-1', formId: 'f-1' })]);
  });

  it('rejects a body that is not a delivery', () => {
    expect(() => parseWebhookDelivery({ object: 'whatsapp_business_account', entry: [{ id: 'x', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp' } }] }] })).toThrow(ZodError);
    expect(() => parseWebhookDelivery({ hello: 'world' })).toThrow(ZodError);
  });
});
