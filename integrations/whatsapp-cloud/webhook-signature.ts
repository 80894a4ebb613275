import { createHmac, timingSafeEqual } from 'node:crypto';

/** Meta's `X-Hub-Signature-256` value for a raw body. */
export function signWebhookBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Constant-time check of the signature over the exact bytes received; never throws. */
export function verifyWebhookSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(signWebhookBody(rawBody, appSecret));
  const actual = Buffer.from(header.toLowerCase());
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
