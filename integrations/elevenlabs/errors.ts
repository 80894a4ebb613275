import { redactSecret } from '../../domain/secret-box';
import { ProviderError, type ProviderErrorCategory } from '../provider-error';

export interface ElevenLabsErrorBody {
  detail?: { status?: string; message?: string } | { loc?: unknown[]; msg?: string }[] | string;
}

function statusOf(body: ElevenLabsErrorBody): { status?: string; message?: string } {
  if (Array.isArray(body.detail)) return { status: 'validation_error', message: body.detail.map((item) => item.msg).filter(Boolean).join('; ') };
  if (typeof body.detail === 'string') return { message: body.detail };
  return body.detail ?? {};
}

/**
 * ElevenLabs answers to Astor's categories. `quota_exceeded` comes as a 401 but is not a bad key:
 * it will not clear by retrying soon, so it fails fast as invalid_request with its own code. The
 * API key is masked wherever ElevenLabs quotes it back.
 */
export function elevenLabsError(httpStatus: number, body: ElevenLabsErrorBody, retryAfter: string | null, apiKey: string): ProviderError {
  const { status, message } = statusOf(body);
  const category: ProviderErrorCategory =
    status === 'quota_exceeded'
      ? 'invalid_request'
      : httpStatus === 401 || status === 'invalid_api_key'
        ? 'auth'
        : httpStatus === 404 || status === 'voice_not_found'
          ? 'not_found'
          : httpStatus === 429
            ? 'rate_limit'
            : httpStatus >= 500
              ? 'temporary'
              : 'invalid_request';
  return new ProviderError('elevenlabs', category, redactSecret(message ?? `HTTP ${httpStatus}`, apiKey), {
    code: status,
    httpStatus,
    ...(retryAfter && Number.isFinite(Number(retryAfter)) ? { retryAfterSeconds: Number(retryAfter) } : {}),
  });
}
