import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Session tokens and API keys are high-entropy random strings: a SHA-256 digest at rest suffices. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function sameDigest(secret: string, stored: string): boolean {
  const actual = Buffer.from(digest(secret));
  const expected = Buffer.from(stored);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const SESSION_PREFIX = 'ast_s_';
export const API_KEY_PREFIX = 'ast_k_';

export function newSessionToken(): string {
  return `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** `ast_k_<lookup prefix>_<secret>`: the prefix finds the key, the secret proves it. */
export function newApiKey(): { key: string; prefix: string; secret: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `${API_KEY_PREFIX}${prefix}_${secret}`, prefix, secret };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | undefined {
  const match = /^ast_k_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$/.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : undefined;
}
