import request from 'supertest';
import { startTestApi, type TestApi } from '../../testing/api-harness';
import { apiRoutes } from '../server';

describe('OpenAPI document and interactive page', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('documents every route of the table with its parameters, body schema and problem responses', async () => {
    const { body } = await request(api.app).get('/api/openapi.json').expect(200);
    expect(body.openapi).toBe('3.1.0');
    for (const spec of apiRoutes(api.deps)) {
      const operation = body.paths[spec.path.replace(/:(\w+)/g, '{$1}')]?.[spec.method];
      const bodySchema = operation?.requestBody?.content['application/json']?.schema;
      expect([spec.method, spec.path, Boolean(operation), Boolean(bodySchema)]).toEqual([spec.method, spec.path, true, Boolean(spec.body)]);
    }
    const mediaTypes = { 'event-stream': 'text/event-stream', file: 'application/octet-stream' } as const;
    for (const spec of apiRoutes(api.deps)) {
      const success = body.paths[spec.path.replace(/:(\w+)/g, '{$1}')][spec.method].responses[spec.status ?? 200];
      const declared = spec.status === 204 ? [] : [spec.sends ? mediaTypes[spec.sends] : 'application/json'];
      expect([spec.method, spec.path, Object.keys(success.content ?? {})]).toEqual([spec.method, spec.path, declared]);
      if (!spec.sends && spec.status !== 204) expect([spec.method, spec.path, success.content['application/json'].schema]).not.toEqual([spec.method, spec.path, {}]);
    }
    const createLead = body.paths['/leads'].post;
    expect(createLead.requestBody.content['application/json'].schema.properties.phone).toBeDefined();
    expect(createLead.responses['409'].content['application/problem+json']).toBeDefined();
    expect(createLead.security).toEqual(expect.arrayContaining([{ apiKey: [] }]));
    expect(new RegExp(createLead.requestBody.content['application/json'].schema.properties.tags.items.pattern, 'u').test('cliente vip')).toBe(true);
    expect(body.paths['/leads/{id}'].get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' })]));
  });

  it('serves the interactive page and its assets without reaching the internet', async () => {
    await request(api.app).get('/api/docs').expect(301).expect('Location', '/api/docs/');
    const page = await request(api.app).get('/api/docs/').expect(200);
    expect(page.text).not.toMatch(/https?:\/\//);
    await request(api.app).get('/api/docs/swagger-ui-bundle.js').expect(200).expect('Content-Type', /javascript/);
    await request(api.app).get('/api/docs/swagger-ui.css').expect(200);
  });
});
