import request from 'supertest';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';

describe('templates named in settings, automations and campaigns are checked against the registry', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const patchTenant = (settings: object) => request(api.app).patch('/api/tenant').set('Authorization', staff.admin.auth).send({ settings });

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Plantillas en uso');
  });
  afterAll(() => api.close());

  it('takes any name while the agency has never synced its templates', async () => {
    await patchTenant({ welcomeTemplate: { name: 'sin_registro', language: 'es' } }).expect(200);
  });

  it('refuses a template the registry lacks or Meta rejected, naming the field, and takes approved and pending ones', async () => {
    const tenantId = staff.tenant.id;
    await api.db.inTenant(tenantId, (tx) =>
      tx.whatsAppTemplate.createMany({
        data: [
          { tenantId, name: 'bienvenida', language: 'es_AR', category: 'MARKETING', status: 'APPROVED' },
          { tenantId, name: 'recordatorio', language: 'es', category: 'UTILITY', status: 'PENDING' },
          { tenantId, name: 'promo', language: 'es', category: 'MARKETING', status: 'REJECTED' },
        ],
      }),
    );

    const unknown = await patchTenant({ welcomeTemplate: { name: 'bienvenida', language: 'es' }, followUpTemplate: { name: 'promo', language: 'es' } }).expect(422);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ path: 'settings.welcomeTemplate', code: 'template_unusable', message: expect.stringContaining('not among') }),
      expect.objectContaining({ path: 'settings.followUpTemplate', code: 'template_unusable', message: expect.stringContaining('rejected') }),
    ]);
    await patchTenant({ welcomeTemplate: { name: 'bienvenida', language: 'es_AR' }, followUpTemplate: { name: 'recordatorio', language: 'es' } }).expect(200);

    const alert = await request(api.app)
      .put('/api/automations/newListingAlert')
      .set('Authorization', staff.admin.auth)
      .send({ enabled: true, message: { kind: 'template', name: 'promo', language: 'es', variables: [] } })
      .expect(422);
    expect(alert.body.errors).toEqual([expect.objectContaining({ path: 'message', code: 'template_unusable' })]);

    const campaign = await request(api.app)
      .post('/api/campaigns')
      .set('Authorization', staff.admin.auth)
      .send({ name: 'Otoño', type: 'OPORTUNIDADES', audience: { tags: ['x'] }, content: { kind: 'template', name: 'otono', language: 'es', variables: [] } })
      .expect(422);
    expect(campaign.body.errors).toEqual([expect.objectContaining({ path: 'content', code: 'template_unusable' })]);
  });
});
