import express, { Router } from 'express';
import request from 'supertest';
import { registry } from '../../observability/metrics';
import { metricValue } from '../../observability/testing/metric-values';
import { requestMetrics } from './request-metrics';

/** A small app shaped like the real one: routes under a mounted router, errors answered by the app's last handler. */
function app() {
  const api = Router();
  api.get('/leads/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  api.get('/broken/:id', () => {
    throw new Error('boom');
  });
  const application = express();
  application.use(requestMetrics);
  application.use('/api', api);
  application.use((_req, res) => {
    res.status(404).end();
  });
  application.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).end();
  });
  return application;
}

describe('requestMetrics', () => {
  it('labels requests by the matched route pattern with its mount path, never the raw URL', async () => {
    await request(app()).get('/api/leads/5491155550123').expect(200);
    await request(app()).get('/api/leads/another').expect(200);
    expect(await metricValue('astor_http_requests_total', { method: 'GET', route: '/api/leads/:id', status: '200' })).toBe(2);
    expect(await metricValue('astor_http_request_duration_seconds_count', { method: 'GET', route: '/api/leads/:id' })).toBe(2);
    expect(await registry.metrics()).not.toContain('5491155550123');
  });

  it('keeps the pattern of a route whose error is answered outside its router', async () => {
    await request(app()).get('/api/broken/1').expect(500);
    expect(await metricValue('astor_http_requests_total', { route: '/api/broken/:id', status: '500' })).toBe(1);
  });

  it('gives requests no route matched one shared label', async () => {
    await request(app()).get('/api/nothing/here').expect(404);
    await request(app()).get('/no/such/page?x=1').expect(404);
    expect(await metricValue('astor_http_requests_total', { route: 'unmatched', status: '404' })).toBe(2);
  });
});
