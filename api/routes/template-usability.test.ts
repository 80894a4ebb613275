import request from 'supertest';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { configureWhatsAppChannel } from '../../testing/whatsapp-harness';
import type { TemplateStatus } from '../../domain/whatsapp-template';

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

describe('a campaign is launched only with a template Meta approved, once the agency has synced its templates', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const admin = (call: request.Test) => call.set('Authorization', staff.admin.auth).set('Accept-Language', 'es');
  const draft = async (template: string) => {
    const created = await admin(request(api.app).post('/api/campaigns'))
      .send({ name: `Con ${template}`, type: 'OPORTUNIDADES', audience: { tags: ['lanzamiento'] }, content: { kind: 'template', name: template, language: 'es_AR', variables: [] } })
      .expect(201);
    return created.body.id as string;
  };
  const launch = (campaignId: string) => admin(request(api.app).post(`/api/campaigns/${campaignId}/launch`));
  const setStatus = (name: string, status: TemplateStatus) => api.db.inTenant(staff.tenant.id, (tx) => tx.whatsAppTemplate.updateMany({ where: { name }, data: { status } }));
  const statusOf = async (campaignId: string) => (await admin(request(api.app).get(`/api/campaigns/${campaignId}`)).expect(200)).body.status;

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Lanzamientos');
    await configureWhatsAppChannel(api.db, staff.tenant.id, 'launch-app-secret');
  });
  afterAll(() => api.close());

  it('launches a template campaign freely while the agency has never synced its templates', async () => {
    await launch(await draft('sin_registro')).expect(202);
  });

  it('refuses to launch a draft whose template is in review, paused, disabled or rejected, naming the field in Spanish, and launches it once approved', async () => {
    const tenantId = staff.tenant.id;
    await api.db.inTenant(tenantId, (tx) =>
      tx.whatsAppTemplate.createMany({
        data: [
          { tenantId, name: 'novedades', language: 'es_AR', category: 'MARKETING', status: 'PENDING' },
          { tenantId, name: 'aviso', language: 'es_AR', category: 'UTILITY', status: 'APPROVED' },
        ],
      }),
    );
    // Drafts may name a template Meta is still reviewing: it may be approved before the launch.
    const campaignId = await draft('novedades');

    const pending = await launch(campaignId).expect(422);
    expect(pending.headers['content-type']).toContain('application/problem+json');
    expect(pending.body.detail).toBe('Meta todavía no aprobó la plantilla novedades (es_AR) (está en revisión): esperá su aprobación o elegí una aprobada');
    expect(pending.body.errors).toEqual([expect.objectContaining({ path: 'content', code: 'template_unusable' })]);

    for (const [status, word] of [['PAUSED', 'pausada'], ['DISABLED', 'deshabilitada'], ['REJECTED', 'rechazada']] as const) {
      await setStatus('novedades', status);
      const refused = await launch(campaignId).expect(422);
      expect(refused.body.detail).toBe(`Meta marcó la plantilla novedades (es_AR) como ${word}: elegí otra`);
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'content', code: 'template_unusable' })]);
    }
    expect(await statusOf(campaignId)).toBe('DRAFT');

    await setStatus('novedades', 'APPROVED');
    await launch(campaignId).expect(202);
    expect(await statusOf(campaignId)).not.toBe('DRAFT');
  });

  it('refuses to launch a draft saved before the sync whose template the registry does not know', async () => {
    // Saved while the registry was empty, then the agency synced: the template is not among Meta's.
    const other = await createStaffedTenant(api.db, 'Lanzamientos sin sincronizar');
    await configureWhatsAppChannel(api.db, other.tenant.id, 'launch-app-secret');
    const created = await request(api.app)
      .post('/api/campaigns')
      .set('Authorization', other.admin.auth)
      .send({ name: 'Otoño', type: 'OPORTUNIDADES', audience: { tags: ['x'] }, content: { kind: 'template', name: 'otono', language: 'es', variables: [] } })
      .expect(201);
    await api.db.inTenant(other.tenant.id, (tx) => tx.whatsAppTemplate.create({ data: { tenantId: other.tenant.id, name: 'aviso', language: 'es_AR', category: 'UTILITY', status: 'APPROVED' } }));
    const refused = await request(api.app).post(`/api/campaigns/${created.body.id}/launch`).set('Authorization', other.admin.auth).set('Accept-Language', 'es').expect(422);
    expect(refused.body.detail).toContain('La plantilla otono (es) no está entre las plantillas de WhatsApp de la inmobiliaria');
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'content', code: 'template_unusable' })]);
  });
});
