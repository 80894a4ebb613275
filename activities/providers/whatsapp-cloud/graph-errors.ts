import { ProviderError, type ProviderErrorCategory } from '../provider-error';

export interface GraphErrorBody {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number; error_data?: { details?: string }; fbtrace_id?: string };
}

const BY_CODE: Record<number, ProviderErrorCategory> = {
  190: 'auth',
  10: 'auth',
  200: 'auth',
  4: 'rate_limit',
  80007: 'rate_limit',
  130429: 'rate_limit',
  131056: 'rate_limit',
  131047: 'reengagement',
  131026: 'recipient',
  131030: 'recipient',
  132000: 'template',
  132001: 'template',
  132005: 'template',
  132007: 'template',
  132012: 'template',
  132015: 'template',
  132016: 'template',
  131057: 'temporary',
  131000: 'temporary',
  1: 'temporary',
  2: 'temporary',
};

/** Graph's error codes to Astor's categories: the one place that decides what is retried. */
export function categoryOfGraphCode(code: number | undefined, httpStatus?: number): ProviderErrorCategory {
  if (code !== undefined && BY_CODE[code]) return BY_CODE[code];
  if (code !== undefined && code >= 132000 && code < 133000) return 'template';
  if (httpStatus === 401) return 'auth';
  if (httpStatus === 429) return 'rate_limit';
  if (httpStatus !== undefined && httpStatus >= 500) return 'temporary';
  return 'invalid_request';
}

export function graphError(httpStatus: number, body: GraphErrorBody, retryAfter: string | null): ProviderError {
  const error = body.error ?? {};
  const category = categoryOfGraphCode(error.code, httpStatus);
  const detail = error.error_data?.details ? ` (${error.error_data.details})` : '';
  return new ProviderError('whatsapp_cloud', category, `${error.message ?? `HTTP ${httpStatus}`}${detail}`, {
    code: error.code !== undefined ? String(error.code) : undefined,
    httpStatus,
    ...(retryAfter && Number.isFinite(Number(retryAfter)) ? { retryAfterSeconds: Number(retryAfter) } : {}),
  });
}
