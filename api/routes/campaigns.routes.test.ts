import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';

describe('campaigns API: design, audience preview and validation', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const as = (auth: string) => ({
    post: (path: string, body: object = {}) => request(api.app).post(`/api${path}`).set('Authorization', auth).send(body),
    patch: (path: string, body: object) => request(api.app).patch(`/api${path}`).set('Authorization', auth).send(body),
    get: (path: string) => request(api.app).get(`/api${path}`).set('Authorization', auth),
    delete: (path: string) => request(api.app).delete(`/api${path}`).set('Authorization', auth),
  });
  const draft = (overrides: object = {}) => ({ name: 'Oportunidades', type: 'OPORTUNIDADES', audience: { zones: ['Palermo'] }, content: { kind: 'text', body: 'Hola {{lead.firstName|vecino}}' }, ...overrides });

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Diseño');
    await adminQuery(
      `INSERT INTO "Lead" (id, "tenantId", name, phone, "searchZone", "searchOperation", "budgetMin", "budgetMax", "budgetCurrency", "optOut", tags, "lastContactAt", "updatedAt") VALUES
       (gen_random_uuid(), $1, 'Ana', '+5491140000001', 'Palermo', 'SALE', 100000, 150000, 'USD', false, ARRAY['vip'], now() - interval '40 days', now()),
       (gen_random_uuid(), $1, 'Beto', '+5491140000002', 'palermo', 'SALE', 300000, 400000, 'USD', false, ARRAY[]::text[], now() - interval '2 days', now()),
       (gen_random_uuid(), $1, 'Carla', '+5491140000003', 'Palermo', 'RENT', NULL, NULL, NULL, true, ARRAY['vip'], NULL, now()),
       (gen_random_uuid(), $1, 'Dani', NULL, 'Palermo', 'SALE', NULL, NULL, NULL, false, ARRAY['vip'], NULL, now())`,
      [staff.tenant.id],
    );
  });
  afterAll(() => api.close());

  it.each([
    [{ zones: ['PALERMO'] }, 2],
    [{ zones: ['Palermo'], operation: 'SALE', budget: { min: 120000, max: 200000, currency: 'USD' } }, 1],
    [{ tags: ['vip'] }, 1],
    [{ lastContact: { olderThanDays: 30 } }, 1],
    [{ lastContact: { withinDays: 7 } }, 1],
    [{}, 2],
  ])('counts audience %j as %i lead(s), never opted-out leads or leads without a phone', async (audience, count) => {
    const { body } = await as(staff.admin.auth).post('/campaigns/audience-preview', { audience }).expect(200);
    expect(body.count).toBe(count);
    expect(body.sample).toHaveLength(count);
  });

  it('says before launch who the content reaches and who it skips and why: free text only inside the 24-hour window, a variable with no value and no fallback', async () => {
    await adminQuery(
      `INSERT INTO "Lead" (id, "tenantId", name, phone, "searchZone", tags, "lastInboundAt", "updatedAt") VALUES
       (gen_random_uuid(), $1, 'Eva', '+5491140000011', 'Belgrano', ARRAY['alcance'], now() - interval '2 hours', now()),
       (gen_random_uuid(), $1, NULL, '+5491140000012', 'Belgrano', ARRAY['alcance'], now() - interval '3 hours', now()),
       (gen_random_uuid(), $1, 'Fede', '+5491140000013', 'Belgrano', ARRAY['alcance'], now() - interval '3 days', now()),
       (gen_random_uuid(), $1, 'Gabi', '+5491140000014', 'Belgrano', ARRAY['alcance'], NULL, now())`,
      [staff.tenant.id],
    );
    const preview = async (content: object) => (await as(staff.admin.auth).post('/campaigns/audience-preview', { audience: { tags: ['alcance'] }, content }).expect(200)).body;
    expect((await preview({ kind: 'text', body: 'Hola {{lead.firstName}}' })).reach).toEqual({
      reached: 1,
      skipped: [
        { reason: 'outside_service_window', count: 2, description: expect.stringContaining('more than 24 hours') },
        { reason: 'missing_variable:lead.firstName', count: 1, description: expect.stringContaining('lead.firstName') },
      ],
    });
    expect((await preview({ kind: 'template', name: 'novedades', language: 'es_AR', variables: ['{{lead.firstName|vecino}}'] })).reach).toEqual({ reached: 4, skipped: [] });
    expect((await as(staff.admin.auth).post('/campaigns/audience-preview', { audience: { tags: ['alcance'] } }).expect(200)).body.reach).toBeNull();
  });

  it('keeps a draft editable until launch, and previews the message for a real lead', async () => {
    const admin = as(staff.admin.auth);
    const { body: created } = await admin.post('/campaigns', draft()).expect(201);
    expect(created).toMatchObject({ status: 'DRAFT', schedule: { kind: 'now' } });
    await admin.patch(`/campaigns/${created.id}`, { content: { kind: 'template', name: 'novedades', language: 'es_AR', variables: ['{{lead.firstName}}', '{{agency.name}}'] } }).expect(200);
    const [ana] = await adminQuery<{ id: string }>(`SELECT id FROM "Lead" WHERE "tenantId" = $1 AND name = 'Ana'`, [staff.tenant.id]);
    const { body: preview } = await admin.post(`/campaigns/${created.id}/preview`, { leadId: ana!.id }).expect(200);
    expect(preview.message).toEqual({ kind: 'template', name: 'novedades', language: 'es_AR', bodyParameters: ['Ana', 'Diseño'] });
    await admin.post(`/campaigns/${created.id}/launch`).expect(422);
    await admin.delete(`/campaigns/${created.id}`).expect(204);
    await admin.get(`/campaigns/${created.id}`).expect(404);
  });

  it.each([
    ['an unknown variable', draft({ content: { kind: 'text', body: 'Hola {{lead.apodo}}' } }), 'content.body'],
    ['a template name Meta would reject', draft({ content: { kind: 'template', name: 'Promo Verano', language: 'es' } }), 'content.name'],
    ['a budget upside down', draft({ audience: { budget: { min: 10, max: 5 } } }), 'audience.budget.min'],
    ['a throttle above 1,000/s', draft({ throttlePerSecond: 5000 }), 'throttlePerSecond'],
    ['quiet hours that are not times', draft({ quietHours: { start: '9pm', end: '09:00' } }), 'quietHours.start'],
    ['an unknown field', draft({ priority: 'high' }), 'priority'],
    ['a time without a date', draft({ schedule: { kind: 'at', at: '10:00' } }), 'schedule.at'],
    ['a weekly campaign without its days', draft({ schedule: { kind: 'recurring', frequency: 'weekly', time: '09:00' } }), 'schedule.daysOfWeek'],
    ['a monthly campaign on the 31st', draft({ schedule: { kind: 'recurring', frequency: 'monthly', time: '09:00', dayOfMonth: 31 } }), 'schedule.dayOfMonth'],
    ['a weekday that does not exist', draft({ schedule: { kind: 'recurring', frequency: 'weekly', time: '09:00', daysOfWeek: ['LUNES'] } }), 'schedule.daysOfWeek.0'],
  ])('refuses %s with a problem naming the field', async (_case, body, field) => {
    const response = await as(staff.admin.auth).post('/campaigns', body).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('refuses property cards naming properties outside the catalogue', async () => {
    const response = await as(staff.admin.auth).post('/campaigns', draft({ content: { kind: 'property_cards', propertyIds: ['00000000-0000-4000-8000-000000000000'] } })).expect(422);
    expect(response.body.errors[0].path).toBe('content.propertyIds');
  });

  it('streams a campaign\'s progress to several viewers at once, each getting the current state', async () => {
    const { body: campaign } = await as(staff.admin.auth).post('/campaigns', draft({ name: 'Vista compartida' })).expect(201);
    const watch = () => as(staff.admin.auth).get(`/campaigns/${campaign.id}/stream?maxDurationSec=2`).buffer(true).parse((response, done) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => done(null, text));
    });
    const streams = await Promise.all([watch(), watch(), watch()]);
    for (const stream of streams) {
      const events = (stream.body as string).split('\n\n').filter((event) => event.startsWith('event: progress'));
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0]!.split('data: ')[1]!)).toMatchObject({ status: 'DRAFT', total: 0 });
    }
  });

  it('keeps campaigns to owners and admins', async () => {
    await as(staff.agent.auth).get('/campaigns').expect(403);
    await as(staff.agent.auth).post('/campaigns', draft()).expect(403);
    await as(staff.owner.auth).get('/campaigns').expect(200);
  });
});
