import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout } from 'node:timers/promises';
import { keepConnectionsAlive } from './keep-alive';

function get(agent: http.Agent, port: number): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, agent, path: '/' }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, reused: request.reusedSocket }));
    });
    request.on('error', reject);
  });
}

describe('keep-alive', () => {
  it('keeps an idle connection open past node’s 5 s (it closes them after about 6), so a client reusing it is answered on it', async () => {
    const server = keepConnectionsAlive(http.createServer((_req, res) => res.end('ok')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { port } = server.address() as AddressInfo;
      expect(await get(agent, port)).toEqual({ status: 200, reused: false });
      await setTimeout(7_000);
      expect(await get(agent, port)).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
      server.closeAllConnections();
      server.close();
    }
  });
});
