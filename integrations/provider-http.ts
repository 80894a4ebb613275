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

/**
 * One HTTP exchange with a provider, the whole body read under the timeout. A timeout or lost
 * connection becomes a temporary ProviderError without an HTTP status: the provider may or may not
 * have acted, and callers (the idempotent send) rely on telling the two apart.
 */
export async function providerFetch(
  url: string,
  init: RequestInit,
  options: { timeoutMs: number; fetch?: typeof fetch; onFailure: (failure: TransportFailure) => ProviderError },
): Promise<{ response: Response; body: Uint8Array }> {
  try {
    const response = await (options.fetch ?? fetch)(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    return { response, body: new Uint8Array(await response.arrayBuffer()) };
  } catch (error) {
    throw options.onFailure(transportFailure(error));
  }
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
