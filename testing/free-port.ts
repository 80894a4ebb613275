import net from 'node:net';

/** Linux hands outgoing connections local ports from 32768 up (ip_local_port_range); below it only listeners take them. */
const BELOW_EPHEMERAL = { from: 20_000, to: 32_767 };

const listenable = (port: number): Promise<number | undefined> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.on('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });

export async function freePort(): Promise<number> {
  const port = await listenable(0);
  if (port === undefined) throw new Error('no port');
  return port;
}

/**
 * A free port no outgoing connection will take, for a server stopped and started again on the same port:
 * while it is down, a port from the ephemeral range may become some connection's local port.
 */
export async function restartablePort(): Promise<number> {
  for (;;) {
    const port = await listenable(BELOW_EPHEMERAL.from + Math.floor(Math.random() * (BELOW_EPHEMERAL.to - BELOW_EPHEMERAL.from)));
    if (port !== undefined) return port;
  }
}
