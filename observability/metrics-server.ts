import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { collectProcessMetrics, registry } from './metrics';

export interface MetricsServerOptions {
  registry: Registry;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** When set, a scrape must carry `Authorization: Bearer <token>`. */
  token?: string;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(text);
}

/**
 * `/metrics` on a port of its own: nothing of it is reachable through the public API, and the
 * port can be bound to a private interface or a loopback a sidecar scrapes.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return answer(res, 404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    if (!authorized(req, options.token)) return answer(res, 401, 'unauthorized', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    options.registry.metrics().then(
      (text) => answer(res, 200, req.method === 'HEAD' ? '' : text, { 'Content-Type': options.registry.contentType }),
      (error: unknown) => answer(res, 500, `metrics could not be collected: ${error instanceof Error ? error.message : String(error)}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A process's `/metrics` (Astor's series and Node's own) when its port is configured, else nothing. */
export async function serveMetrics(settings: { host: string; token?: string }, port: number | undefined): Promise<MetricsServer | undefined> {
  if (port === undefined) return undefined;
  collectProcessMetrics();
  return startMetricsServer({ registry, host: settings.host, port, token: settings.token });
}
