/**
 * The web app's HTTP server: Next.js behind one step that decides who the client is.
 *
 * A route handler cannot see the socket, and Next fills X-Forwarded-For with the peer's address
 * only when the request has none, so a browser reaching the web app directly could choose the
 * address the API's login throttle and audit log see. Here the header is replaced, before Next
 * sees the request, by the one address Express would compute under the same TRUST_PROXY setting:
 * the peer's, unless the peer is a trusted proxy, then the last hop that is not.
 *
 * Usage: node --import tsx web/server.ts [--dev] [--port <port>] [--hostname <address>]
 */
import { createServer, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import next from 'next';
import proxyAddr from 'proxy-addr';

// web/ is an ES module package and domain/ a CommonJS one: an `import` of domain/config beside
// domain/startup's own `require` of it would load it twice, and ConfigError would be two classes.
const require = createRequire(import.meta.url);
const { ConfigError, loadConfig } = require('../domain/config') as typeof import('../domain/config');
const { exitOnStartupError } = require('../domain/startup') as typeof import('../domain/startup');

const webDir = path.dirname(fileURLToPath(import.meta.url));

/** How long open requests (server-sent event streams included) may run on after SIGINT/SIGTERM. */
const SHUTDOWN_GRACE_MS = 5_000;

/** Express's `trust proxy` for the same setting: a hop count, or proxy-addr's names, addresses and CIDRs. */
function trustedProxies(setting: number | string[]): (address: string, hop: number) => boolean {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : proxyAddr.compile(setting);
}

/** Leaves the request with one X-Forwarded-For, the client's address, and no Forwarded header. */
function settleClientAddress(req: IncomingMessage, trust: (address: string, hop: number) => boolean): void {
  delete req.headers.forwarded;
  const client = req.socket.remoteAddress === undefined ? undefined : proxyAddr(req, trust);
  if (client) req.headers['x-forwarded-for'] = client;
  else delete req.headers['x-forwarded-for'];
}

function options() {
  const { values } = parseArgs({ options: { dev: { type: 'boolean', default: false }, port: { type: 'string' }, hostname: { type: 'string' } } });
  const config = loadConfig();
  const port = values.port === undefined ? config.web.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`Invalid configuration: --port ${values.port} is not a port`);
  return { dev: values.dev, port, hostname: values.hostname, trust: trustedProxies(config.api.trustProxy) };
}

async function main() {
  const { dev, port, hostname, trust } = options();
  // As `next dev` and `next start` do; set after loadConfig, which reads NODE_ENV for its own defaults.
  Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV || (dev ? 'development' : 'production') });

  const server = createServer();
  const app = next({ dev, dir: webDir, hostname, port, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  server.on('request', (req: IncomingMessage, res) => {
    settleClientAddress(req, trust);
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, resolve);
  });
  process.stdout.write(`web app listening on http://${hostname ?? 'localhost'}:${port}${dev ? ' (development)' : ''}\n`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    });
    await app.close();
    process.exit(0);
  };
  // `on`, not `once`: Ctrl-C reaches this process and its parent (which then sends SIGTERM) alike.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown());
}

main().catch(exitOnStartupError);
