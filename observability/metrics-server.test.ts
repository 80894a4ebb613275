import { Counter, Registry } from 'prom-client';
import { startMetricsServer, type MetricsServer } from './metrics-server';

describe('the metrics server', () => {
  const registry = new Registry();
  new Counter({ name: 'example_total', help: 'An example.', registers: [registry] }).inc(2);
  let open: MetricsServer;
  let guarded: MetricsServer;

  beforeAll(async () => {
    open = await startMetricsServer({ registry, host: '127.0.0.1', port: 0 });
    guarded = await startMetricsServer({ registry, host: '127.0.0.1', port: 0, token: 'a-scrape-token-of-length' });
  });
  afterAll(async () => {
    await open.close();
    await guarded.close();
  });

  it('serves the registry in the Prometheus text format on /metrics only', async () => {
    const response = await fetch(open.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(registry.contentType);
    expect(await response.text()).toMatch(/^example_total 2$/m);
    expect((await fetch(open.url.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(open.url, { method: 'POST' })).status).toBe(405);
  });

  it('answers 401 without the Bearer token when one is configured', async () => {
    expect((await fetch(guarded.url)).status).toBe(401);
    expect((await fetch(guarded.url, { headers: { Authorization: 'Bearer a-scrape-token-of-lengtX' } })).status).toBe(401);
    const scraped = await fetch(guarded.url, { headers: { Authorization: 'Bearer a-scrape-token-of-length' } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('example_total');
  });

  it('binds the host it is given', () => {
    expect(open.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  });
});
