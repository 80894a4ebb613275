import { ProviderError, type ProviderErrorCategory } from '../provider-error';

export const PROVIDER = 'whatsapp_cloud';

export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_data?: { messaging_product?: string; details?: string };
  fbtrace_id?: string;
}

export interface GraphErrorBody {
  error?: GraphError;
}

/** One entry of `statuses[].errors` in a webhook delivery (how 131047 and 131026 usually arrive). */
export interface StatusWebhookError {
  code: number;
  title: string;
  message?: string;
  error_data?: { details?: string };
}

const CATEGORY_BY_CODE: ReadonlyMap<number, ProviderErrorCategory> = new Map([
  [190, 'auth'],
  [10, 'auth'],
  [200, 'auth'],
  [4, 'rate_limit'],
  [80007, 'rate_limit'],
  [130429, 'rate_limit'],
  // Spam rate limit: too many of the number's messages were blocked or reported.
  [131048, 'rate_limit'],
  [131056, 'recipient_rate_limit'],
  // Meta's per-user cap on marketing templates across all businesses.
  [131049, 'declined'],
  // The template is paused (low quality) or disabled (paused too often).
  [132015, 'template_paused'],
  [132016, 'template_paused'],
  [131047, 'reengagement'],
  [131026, 'recipient'],
  [131030, 'recipient'],
  [131057, 'temporary'],
  [131000, 'temporary'],
  [1, 'temporary'],
  [2, 'temporary'],
]);

/** Graph answers an unusable `to` with the generic code 100; only the text names the parameter. */
const NAMES_RECIPIENT_PARAMETER = /\bparam(?:eter)?\s+['"]?to['"]?(?![\w-])/i;
/** Code 100 with subcode 33: the object id (phone number, media) does not exist or is not the token's. */
const UNKNOWN_OBJECT_SUBCODE = 33;

/** Graph's codes to Astor's categories: the one place that decides what is retried. */
export function categoryOfGraphError(error: { code?: number; subcode?: number; text?: string }, httpStatus?: number): ProviderErrorCategory {
  const { code } = error;
  if (httpStatus !== undefined && httpStatus >= 500) return 'temporary';
  const known = code === undefined ? undefined : CATEGORY_BY_CODE.get(code);
  if (known) return known;
  if (code !== undefined && code >= 132000 && code < 133000) return 'template';
  if (code === 100 && error.subcode === UNKNOWN_OBJECT_SUBCODE) return 'not_found';
  if (code === 100 && NAMES_RECIPIENT_PARAMETER.test(error.text ?? '')) return 'recipient';
  if (httpStatus === 401) return 'auth';
  if (httpStatus === 429) return 'rate_limit';
  return 'invalid_request';
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** A failed Graph call (HTTP status, error body, Retry-After header) as Astor's ProviderError of `provider` (Graph serves more than WhatsApp). */
export function providerErrorFromGraph(httpStatus: number, body: GraphErrorBody, retryAfter: string | null, provider = PROVIDER): ProviderError {
  const error = body.error ?? {};
  const details = error.error_data?.details;
  const message = error.message ?? `HTTP ${httpStatus}`;
  const category = categoryOfGraphError({ code: error.code, subcode: error.error_subcode, text: `${message} ${details ?? ''}` }, httpStatus);
  const wait = retryAfterSeconds(retryAfter);
  return new ProviderError(provider, category, details && details !== message ? `${message} (${details})` : message, {
    ...(error.code !== undefined ? { code: String(error.code) } : {}),
    httpStatus,
    ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
  });
}

/** A `failed` status from a webhook as the same ProviderError a synchronous failure would be. */
export function providerErrorFromStatusError(error: StatusWebhookError): ProviderError {
  const details = error.error_data?.details ?? error.message;
  const category = categoryOfGraphError({ code: error.code, text: `${error.title} ${details ?? ''}` });
  return new ProviderError(PROVIDER, category, details && details !== error.title ? `${error.title} (${details})` : error.title, { code: String(error.code) });
}
