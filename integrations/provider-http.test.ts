import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { metricValue } from '../observability/testing/metric-values';
import { startTracing } from '../observability/tracing';
import { ProviderError } from './provider-error';
import { providerFetch, unreachable } from './provider-http';

const answering = (status: number) => (() => Promise.resolve(new Response('{}', { status }))) as typeof fetch;
const refusing = (() => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))) as typeof fetch;

/** A client's one error mapping, as each provider client passes it. */
const read = (response: Response) => {
  if (response.status === 429) throw new ProviderError('example', 'rate_limit', 'slow down');
  if (!response.ok) throw new Error('unreadable');
  return 'answer';
};

const exchange = (transport: typeof fetch) => providerFetch('http://provider.test/x', { method: 'GET' }, { provider: 'example', timeoutMs: 1000, fetch: transport, onFailure: unreachable('example', 'Example'), read });
const count = (outcome: string, category: string) => metricValue('astor_provider_requests_total', { provider: 'example', outcome, category });

describe('providerFetch', () => {
  it('counts every exchange once, by outcome and the category the client mapped it to', async () => {
    await expect(exchange(answering(200))).resolves.toBe('answer');
    await expect(exchange(answering(429))).rejects.toMatchObject({ category: 'rate_limit' });
    await expect(exchange(refusing)).rejects.toMatchObject({ category: 'temporary', message: 'example: Example could not be reached' });
    await expect(exchange(answering(500))).rejects.toThrow('unreadable');
    expect([await count('ok', 'none'), await count('error', 'rate_limit'), await count('unreachable', 'temporary'), await count('error', 'unknown')]).toEqual([1, 1, 1, 1]);
    expect(await metricValue('astor_provider_request_duration_seconds_count', { provider: 'example' })).toBe(4);
  });

  it('with tracing on, wraps each exchange in a client span that names the provider, method, status and outcome, never the URL', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({}, 'worker', exporter)!;
    try {
      await exchange(answering(429)).catch(() => undefined);
      await exchange(refusing).catch(() => undefined);
      const [limited, refused] = exporter.getFinishedSpans();
      expect(limited).toMatchObject({ name: 'example GET', kind: SpanKind.CLIENT, status: { code: SpanStatusCode.ERROR } });
      expect(limited!.attributes).toEqual({ 'astor.provider': 'example', 'http.request.method': 'GET', 'http.response.status_code': 429, 'astor.provider.outcome': 'error', 'astor.provider.error_category': 'rate_limit' });
      expect(refused!.attributes).toEqual({ 'astor.provider': 'example', 'http.request.method': 'GET', 'astor.provider.outcome': 'unreachable', 'astor.provider.error_category': 'temporary' });
      expect(JSON.stringify(exporter.getFinishedSpans().map((span) => [span.attributes, span.events]))).not.toContain('provider.test');
    } finally {
      await tracing.shutdown();
    }
  });
});
