import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * UChat's API chat channel makes an outside system (Astor) a chat channel of the bot. UChat first
 * verifies the channel's webhook with `hub_mode`, `hub_verify_token` and `hub_challenge` sent by
 * POST, then delivers the bot's and agents' replies to it with a signature in a header. The
 * header's name and the signature's form are UNCONFIRMED: a hex HMAC-SHA256 of the raw body keyed
 * with the channel's secret is assumed, the header name is configurable, and a `sha256=` prefix is
 * accepted.
 */
export const DEFAULT_SIGNATURE_HEADER = 'x-uchat-signature';

export interface VerificationParams {
  hub_mode?: unknown;
  hub_verify_token?: unknown;
  hub_challenge?: unknown;
}

function safeEqual(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The challenge to echo (as plain text, 200) when the verification carries the channel's token; otherwise undefined (answer 403). */
export function verificationChallenge(params: VerificationParams, verifyToken: string): string | undefined {
  const { hub_mode: mode, hub_verify_token: token, hub_challenge: challenge } = params;
  if (mode !== 'subscribe' || typeof token !== 'string' || !verifyToken || !safeEqual(token, verifyToken)) return undefined;
  return typeof challenge === 'string' || typeof challenge === 'number' ? String(challenge) : undefined;
}

export function signReplyPayload(rawBody: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Checks a reply's signature over the raw bytes, before anything parses them, in constant time. */
export function verifyReplySignature(rawBody: string | Uint8Array, signature: string | undefined, secret: string): boolean {
  if (!signature || !secret) return false;
  return safeEqual(signature.trim().replace(/^sha256=/i, '').toLowerCase(), signReplyPayload(rawBody, secret));
}
