import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../../domain/config';
import { assertMediaKey } from './media-keys';

/** Long enough for a bot platform to fetch the audio when its flow runs, short enough not to live on. */
export const DEFAULT_MEDIA_LINK_TTL_SECONDS = 24 * 60 * 60;

export interface MediaLinks {
  /** A public, time-limited URL of stored audio, for channels that take a link (ManyChat, UChat, the Web bridge). */
  signMediaUrl(key: string, ttlSeconds?: number): string;
  /** Whether a link's expiry and signature are genuine and the link has not expired. */
  isValid(key: string, expires: number, signature: string): boolean;
}

/**
 * Links of the form `<public API URL>/api/media/<key>?expires=<unix seconds>&signature=<HMAC>`,
 * served by `GET /api/media/:key` (api/routes/media.routes.ts) without a session.
 */
export function createMediaLinks(config: Pick<AppConfig, 'api' | 'mediaLinks'>, now: () => number = Date.now): MediaLinks {
  const signatureOf = (key: string, expires: number) => createHmac('sha256', config.mediaLinks.secret).update(`${key}\n${expires}`).digest('base64url');
  return {
    signMediaUrl(key, ttlSeconds = DEFAULT_MEDIA_LINK_TTL_SECONDS) {
      if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive whole number');
      const expires = Math.floor(now() / 1000) + ttlSeconds;
      return `${config.api.publicUrl.replace(/\/$/, '')}/api/media/${encodeURIComponent(assertMediaKey(key))}?expires=${expires}&signature=${signatureOf(key, expires)}`;
    },
    isValid(key, expires, signature) {
      const expected = Buffer.from(signatureOf(key, expires));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given) && expires * 1000 > now();
    },
  };
}
