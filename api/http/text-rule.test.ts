import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { apiKeyFor, createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';

describe('text PostgreSQL cannot store, refused at the boundary', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let key: string;

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Text rule');
    key = (await apiKeyFor(api.db, staff.tenant.id)).key;
  });

  afterAll(() => api.close());

  const fieldOf = (body: { errors?: { path: string; code: string }[] }) => body.errors?.map((field) => `${field.path}:${field.code}`);

  it('answers a NUL in a landing-page form at once with a 400 naming the field, and stores nothing', async () => {
    const started = Date.now();
    const { body, headers } = await request(api.app).post('/api/intake/leads').set('X-Api-Key', key).send({ phone: '+5491130009999', name: 'Ana\u0000' }).expect(400);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldOf(body)).toEqual(['name:invalid_text']);
    expect(await adminQuery(`SELECT 1 FROM "Lead" WHERE "tenantId" = $1 AND phone = '+5491130009999'`, [staff.tenant.id])).toHaveLength(0);
  });

  it.each([
    ['a lone surrogate in a nested value', { name: 'Depto', description: 'ok', features: ['balcón', 'x\uD800'] }, 'features.1'],
    ['an escape character', { name: 'a\u001Bb' }, 'name'],
  ])('refuses %s wherever it sits in the body', async (_name, body, path) => {
    const { body: problem } = await request(api.app).post('/api/properties').set('Authorization', staff.admin.auth).send({ title: 't', price: 1, operation: 'SALE', type: 'HOUSE', ...body }).expect(400);
    expect(fieldOf(problem)).toEqual([`${path}:invalid_text`]);
  });

  it('refuses an object key that cannot be stored', async () => {
    const { body } = await request(api.app).patch('/api/tenant').set('Authorization', staff.owner.auth).send({ settings: { ['sla\u0000']: 5 } }).expect(400);
    expect(fieldOf(body)).toEqual(['settings.sla\uFFFD:invalid_text']);
  });

  it('refuses NUL in a query string and in a path, naming where', async () => {
    const query = await request(api.app).get('/api/leads?q=a%00b').set('Authorization', staff.agent.auth).expect(400);
    expect(fieldOf(query.body)).toEqual(['query.q:invalid_text']);
    const path = await request(api.app).get('/api/leads/%00').set('Authorization', staff.agent.auth).expect(400);
    expect(fieldOf(path.body)).toEqual(['path.id:invalid_text']);
  });

  it('answers hostile nesting with a 400, not a crash', async () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 2_000; level += 1) deep = { a: deep };
    const { body } = await request(api.app).post('/api/leads').set('Authorization', staff.agent.auth).send({ phone: '+5491130009998', extra: deep }).expect(400);
    expect(body.errors[0].code).toBe('invalid_text');
  });
});
