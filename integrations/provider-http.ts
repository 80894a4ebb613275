import { recordProviderRequest, secondsSince } from '../observability/metrics';
import { inSpan, SpanKind } from '../observability/spans';
import { ProviderError } from './provider-error';

export interface TransportFailure {
  timedOut: boolean;
  /** The system error code (e.g. ECONNREFUSED) when there is one. */
  code?: string;
}

/** fetch's errors may come from another realm (undici, test sandboxes): read them by shape, not by class. */
function transportFailure(error: unknown): TransportFailure {
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  return { timedOut: name === 'TimeoutError', ...(typeof cause?.code === 'string' ? { code: cause.code } : {}) };
}

/** The usual wording: "<Name> timed out" / "<Name> could not be reached". */
export function unreachable(provider: string, name: string) {
  return (failure: TransportFailure) => new ProviderError(provider, 'temporary', `${name} ${failure.timedOut ? 'timed out' : 'could not be reached'}`);
}

export interface ProviderFetchOptions<T> {
  /** The provider's name in metrics and errors (a constant of its client, never a tenant's value). */
  provider: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  onFailure: (failure: TransportFailure) => ProviderError;
  /** The client's reading of the answer: its result, or the ProviderError its one error mapping makes of it. */
  read: (response: Response, body: Uint8Array) => T;
}

/**
 * One HTTP exchange with a provider, the whole body read under the timeout, then read by the
 * client. A timeout or lost connection becomes a temporary ProviderError without an HTTP status:
 * the provider may or may not have acted, and callers (the idempotent send) rely on telling the
 * two apart. Every exchange is counted here, once, with the category the client mapped it to.
 */
export async function providerFetch<T>(url: string, init: RequestInit, options: ProviderFetchOptions<T>): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  // The span names the provider and the method only: URLs carry tokens, ids and phone numbers.
  return inSpan(`${options.provider} ${method}`, SpanKind.CLIENT, { 'astor.provider': options.provider, 'http.request.method': method }, async (span) => {
    const start = process.hrtime.bigint();
    let answered: { response: Response; body: Uint8Array };
    try {
      const response = await (options.fetch ?? fetch)(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
      span?.setAttribute('http.response.status_code', response.status);
      answered = { response, body: new Uint8Array(await response.arrayBuffer()) };
    } catch (error) {
      const failure = options.onFailure(transportFailure(error));
      recordProviderRequest(options.provider, 'unreachable', failure.category, secondsSince(start));
      span?.setAttributes({ 'astor.provider.outcome': 'unreachable', 'astor.provider.error_category': failure.category });
      throw failure;
    }
    try {
      const result = options.read(answered.response, answered.body);
      recordProviderRequest(options.provider, 'ok', 'none', secondsSince(start));
      span?.setAttribute('astor.provider.outcome', 'ok');
      return result;
    } catch (error) {
      const category = error instanceof ProviderError ? error.category : 'unknown';
      recordProviderRequest(options.provider, 'error', category, secondsSince(start));
      span?.setAttributes({ 'astor.provider.outcome': 'error', 'astor.provider.error_category': category });
      throw error;
    }
  });
}

/** A provider's body as JSON, or `fallback(text)` when it is not JSON. */
export function parseJsonOr<T>(body: Uint8Array, fallback: (text: string) => T): T {
  const text = Buffer.from(body).toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback(text);
  }
}
