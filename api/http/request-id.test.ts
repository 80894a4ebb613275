import express from 'express';
import request from 'supertest';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { AppError } from '../../domain/app-error';
import { createLogger } from '../../domain/logger';
import { startTracing } from '../../observability/tracing';
import { eventually } from '../../testing/eventually';
import { problemHandler } from './problem';
import { requestId, requestIdOf } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An app whose handlers log before and after awaiting, one of them failing with a problem. */
function appWithLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('api', 'info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  const app = express();
  app.use(requestId);
  app.use(express.json());
  app.post('/api/things/:id', async (req, res) => {
    logger.info('before');
    await new Promise((resolve) => setTimeout(resolve, Number(req.params.id)));
    logger.info('after', { id: req.params.id });
    res.json({ ok: true });
  });
  app.get('/api/broken', () => {
    throw new AppError('unprocessable', 'Nope');
  });
  app.use(problemHandler(logger));
  return { app, lines };
}

describe('request ids', () => {
  it('accepts a well-formed incoming id and replaces anything else with a new UUID', () => {
    expect(requestIdOf('3f2b1c7e-0d9a-4f4e-9a57-1f2d3c4b5a69')).toBe('3f2b1c7e-0d9a-4f4e-9a57-1f2d3c4b5a69');
    expect(requestIdOf('Root=1-67891233-abcdef012345678912345678')).toBe('Root=1-67891233-abcdef012345678912345678');
    for (const forged of [undefined, '', 'short', 'a'.repeat(129), 'abc def ghi', 'abcdefgh\n{"level":"error"}', 'abcdefgh"}']) {
      expect(requestIdOf(forged)).toMatch(UUID);
    }
  });

  it('answers the id in X-Request-Id and writes it in every log line of the request, across awaits', async () => {
    const { app, lines } = appWithLog();
    const generated = await request(app).post('/api/things/5').send({}).expect(200);
    expect(generated.headers['x-request-id']).toMatch(UUID);
    const given = await request(app).post('/api/things/1').set('X-Request-Id', 'edge-0123456789').send({}).expect(200);
    expect(given.headers['x-request-id']).toBe('edge-0123456789');
    expect(lines.map(({ msg, requestId: id }) => [msg, id])).toEqual([
      ['before', generated.headers['x-request-id']],
      ['after', generated.headers['x-request-id']],
      ['before', 'edge-0123456789'],
      ['after', 'edge-0123456789'],
    ]);
    expect(lines.some((line) => 'traceId' in line)).toBe(false);
  });

  it('keeps concurrent requests apart', async () => {
    const { app, lines } = appWithLog();
    const ids = ['slow-request-0001', 'fast-request-0002'];
    await Promise.all([request(app).post('/api/things/40').set('X-Request-Id', ids[0]!).send({}), request(app).post('/api/things/1').set('X-Request-Id', ids[1]!).send({})]);
    const after = lines.filter((line) => line.msg === 'after').map((line) => [line.id, line.requestId]);
    expect(after).toEqual(expect.arrayContaining([['40', ids[0]], ['1', ids[1]]]));
  });

  it('puts the id in problem+json answers', async () => {
    const { app } = appWithLog();
    const response = await request(app).get('/api/broken').set('X-Request-Id', 'support-ticket-42').expect(422);
    expect(response.type).toBe('application/problem+json');
    expect(JSON.parse(response.text)).toMatchObject({ code: 'unprocessable', requestId: 'support-ticket-42' });
    expect(response.headers['x-request-id']).toBe('support-ticket-42');
  });

  it('with tracing on, opens a server span named after the route and writes its trace id in the log lines', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({}, 'api', exporter)!;
    try {
      const { app, lines } = appWithLog();
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const response = await request(app).post('/api/things/1').set('traceparent', traceparent).send({}).expect(200);
      // The span ends when the response closes, which may come just after the client has read it.
      const [span] = await eventually(() => exporter.getFinishedSpans(), (spans) => spans.length === 1, 5_000, 10);
      expect(span).toMatchObject({ name: 'POST /api/things/:id', parentSpanId: '00f067aa0ba902b7' });
      expect(span!.attributes).toMatchObject({ 'http.route': '/api/things/:id', 'http.response.status_code': 200, 'astor.request_id': response.headers['x-request-id'] });
      expect(span!.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(lines.map((line) => line.traceId)).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736', '4bf92f3577b34da6a3ce929d0e0e4736']);
    } finally {
      await tracing.shutdown();
    }
  });
});
