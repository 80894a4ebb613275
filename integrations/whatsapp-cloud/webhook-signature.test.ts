import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('X-Hub-Signature-256', () => {
  const raw = Buffer.from('{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}');

  it("signs as Meta does: HMAC-SHA256 of the raw body keyed with the app secret, as sha256=<hex>", () => {
    expect(signWebhookBody(raw, 's3cret')).toBe(`sha256=${createHmac('sha256', 's3cret').update(raw).digest('hex')}`);
    expect(signWebhookBody(raw.toString('utf8'), 's3cret')).toBe(signWebhookBody(raw, 's3cret'));
  });

  it('accepts the signature of the exact bytes received, in either hex case', () => {
    const header = signWebhookBody(raw, 's3cret');
    expect(verifyWebhookSignature(raw, header, 's3cret')).toBe(true);
    expect(verifyWebhookSignature(raw, `sha256=${header.slice(7).toUpperCase()}`, 's3cret')).toBe(true);
  });

  it('rejects a tampered body, a re-serialised body and another secret', () => {
    const header = signWebhookBody(raw, 's3cret');
    expect(verifyWebhookSignature(Buffer.from(raw.toString().replace('"1"', '"2"')), header, 's3cret')).toBe(false);
    expect(verifyWebhookSignature(Buffer.from(JSON.stringify(JSON.parse(raw.toString()), null, 1)), header, 's3cret')).toBe(false);
    expect(verifyWebhookSignature(raw, header, 'other')).toBe(false);
  });

  it.each([undefined, '', 'sha256=', 'sha256=zz', `sha1=${'a'.repeat(40)}`, `sha256=${'a'.repeat(63)}`, `sha256=${'a'.repeat(66)}`, `${'a'.repeat(64)}`, `sha256=${'g'.repeat(64)}`])(
    'answers false, without throwing, for the header %p',
    (header) => {
      expect(verifyWebhookSignature(raw, header, 's3cret')).toBe(false);
    },
  );
});
