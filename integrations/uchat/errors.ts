import { redactSecret } from '../../domain/secret-box';
import { ProviderError, type ProviderErrorCategory } from '../provider-error';
import type { UChatEnvelope } from './endpoints';

const UNKNOWN_SUBSCRIBER = /\b(subscriber|user|contact) not found/i;

function categoryOf(httpStatus: number, message: string): ProviderErrorCategory {
  if (httpStatus === 401 || httpStatus === 403) return 'auth';
  if (httpStatus === 429) return 'rate_limit';
  if (httpStatus >= 500) return 'temporary';
  if (httpStatus === 404) return UNKNOWN_SUBSCRIBER.test(message) ? 'recipient' : 'not_found';
  return 'invalid_request';
}

/**
 * UChat answers to Astor's categories. UChat's error bodies are unconfirmed: the mapping leans on
 * HTTP statuses (401/403 token, 404 unknown subscriber, sub-flow or field, 422 validation, 429
 * throttling) and reads the message only to tell a missing subscriber from a missing resource.
 */
export function uchatError(httpStatus: number, body: UChatEnvelope<unknown>, retryAfter: string | null, token: string): ProviderError {
  const message = [body.message, ...Object.values(body.errors ?? {}).flat()].filter(Boolean).join('; ') || `HTTP ${httpStatus}`;
  const retryAfterSeconds = Number(retryAfter ?? Number.NaN);
  return new ProviderError('uchat', categoryOf(httpStatus, message), redactSecret(message, token), {
    httpStatus,
    ...(Number.isFinite(retryAfterSeconds) ? { retryAfterSeconds } : {}),
  });
}
