import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inSpan, SpanKind } from './spans';
import { startTracing } from './tracing';

/** A collector that keeps what it is sent over OTLP/HTTP. */
async function startCollector() {
  const received: { path?: string; contentType?: string; body: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url, contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('traces exported over OTLP/HTTP', () => {
  it('sends the spans to <endpoint>/v1/traces under the process service name, at the latest on shutdown', async () => {
    const collector = await startCollector();
    const tracing = startTracing({ otlpEndpoint: `${collector.url}/` }, 'worker');
    expect(tracing?.serviceName).toBe('astor-worker');
    await inSpan('example GET', SpanKind.CLIENT, { 'astor.provider': 'example' }, () => Promise.resolve());
    await tracing!.shutdown();
    await collector.close();
    expect(collector.received).toHaveLength(1);
    expect(collector.received[0]).toMatchObject({ path: '/v1/traces', contentType: 'application/json' });
    expect(collector.received[0]!.body).toContain('"astor-worker"');
    expect(collector.received[0]!.body).toContain('"example GET"');
  });

  it('stays off, exporting nothing, without an endpoint', async () => {
    expect(startTracing({}, 'api')).toBeUndefined();
    await expect(inSpan('example GET', SpanKind.CLIENT, {}, (span) => Promise.resolve(span))).resolves.toBeUndefined();
  });
});
