import { redactSecret } from '../../domain/secret-box';
import { ProviderError, type ProviderErrorCategory } from '../provider-error';

/** ManyChat's failure body; the shape of `details` is not documented, so only its strings are read. */
export interface ManyChatErrorBody {
  status?: string;
  message?: string;
  details?: unknown;
}

const BAD_TOKEN = /wrong (format )?token/i;
const UNKNOWN_SUBSCRIBER = /subscriber\b.*\b(not found|does not exist)/i;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function categoryOf(httpStatus: number, text: string): ProviderErrorCategory {
  if (httpStatus === 401 || httpStatus === 403 || BAD_TOKEN.test(text)) return 'auth';
  if (httpStatus === 429) return 'rate_limit';
  if (httpStatus >= 500) return 'temporary';
  if (UNKNOWN_SUBSCRIBER.test(text)) return 'recipient';
  if (httpStatus === 404) return 'not_found';
  return 'invalid_request';
}

/**
 * ManyChat answers to Astor's categories. ManyChat speaks in messages rather than codes: a bad key
 * reads "Wrong token" (or "Wrong format token"), an unknown subscriber is a 400 whose message or
 * details say so. The API key is masked wherever ManyChat quotes it back.
 */
export function manyChatError(httpStatus: number, body: ManyChatErrorBody, retryAfter: string | null, apiKey: string): ProviderError {
  const text = [body.message, ...strings(body.details)].filter(Boolean).join('; ');
  const retryAfterSeconds = Number(retryAfter ?? Number.NaN);
  return new ProviderError('manychat', categoryOf(httpStatus, text), redactSecret(text || `HTTP ${httpStatus}`, apiKey), {
    httpStatus,
    ...(Number.isFinite(retryAfterSeconds) ? { retryAfterSeconds } : {}),
  });
}
