import type { Server } from 'node:http';

/** Longer than the 60 s idle timeout load balancers and proxies commonly keep towards their backends. */
export const KEEP_ALIVE_MS = 65_000;

/**
 * Keeps idle connections open longer than the client does. With node's 5 s the server may close a
 * socket just as a client reuses it: the load generator got ECONNRESET for 2 of 7,500 deliveries at
 * 250/s, each one Meta would have to send again.
 */
export function keepConnectionsAlive(server: Server): Server {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return server;
}
