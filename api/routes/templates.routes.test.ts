import request from 'supertest';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { workflowIds } from '../../domain/temporal-contracts';
import { startTestWorker, workerDeps, type RunningWorker } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { listenOnLoopback } from '../../testing/whatsapp-harness';
import { eventually } from '../../testing/eventually';

const TOKEN = 'EAAGm0PX4ZCpsBAKZBx9FzTEMPLATES0001';
const APP_SECRET = 'template-webhook-app-secret';
const WABA = String(100_000_000_000 + Math.floor(Math.random() * 1e9));
const phoneNumberId = String(1_000_000_000 + Math.floor(Math.random() * 1e8));

const welcome = {
  name: 'bienvenida_lead',
  language: 'es_AR',
  category: 'MARKETING',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Bienvenida' },
    { type: 'BODY', text: 'Hola {{1}}, soy de {{2}}. ¿Seguís buscando en {{3}}?', example: { body_text: [['Ana', 'Inmobiliaria Sur', 'Palermo']] } },
  ],
  variables: [
    { kind: 'field', field: 'lead.firstName' },
    { kind: 'field', field: 'agency.name' },
    { kind: 'field', field: 'lead.zone' },
  ],
};

describe('WhatsApp template registry', () => {
  let api: TestApi;
  let fake: FakeWhatsAppCloud;
  let worker: RunningWorker;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const create = (auth: string, body: object) => request(api.app).post('/api/templates').set('Authorization', auth).send(body);
  const sync = (auth: string) => request(api.app).post('/api/templates/sync').set('Authorization', auth).send({});
  const list = (auth: string, query = '') => request(api.app).get(`/api/templates${query}`).set('Authorization', auth);
  const newLead = async (name: string | null, searchZone?: string) =>
    (await request(api.app).post('/api/leads').set('Authorization', staff.admin.auth).send({ ...(name ? { name } : {}), phone: `+549116${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, ...(searchZone ? { searchZone } : {}) }).expect(201)).body as { id: string };

  beforeAll(async () => {
    fake = await startFakeWhatsAppCloud({ numbers: [{ phoneNumberId, accessToken: TOKEN, displayPhoneNumber: '+54 11 4000-1234', appSecret: APP_SECRET, wabaId: WABA }], statuses: [] });
    api = await startTestApi({ env: { WHATSAPP_GRAPH_URL: fake.baseUrl, WHATSAPP_APP_SECRET: APP_SECRET } });
    server = await listenOnLoopback(api.app);
    const taskQueue = api.deps.config.temporal.taskQueue;
    worker = await startTestWorker(taskQueue, workerDeps(api.db, api.temporal, taskQueue, { graphUrl: fake.baseUrl }));
    staff = await createStaffedTenant(api.db, 'Templates');
    await request(api.app).put('/api/channels/whatsapp').set('Authorization', staff.admin.auth).send({ apiType: 'BUSINESS_API', phoneNumberId, businessAccountId: WABA, accessToken: TOKEN }).expect(200);
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    server.close();
    await worker.stop();
    await fake.stop();
    await api.close();
  });

  it('refuses invalid templates with the field at fault, before asking Meta', async () => {
    const { body } = await create(staff.admin.auth, {
      ...welcome,
      name: 'Bienvenida Lead',
      components: [{ type: 'BODY', text: 'Hola {{1}}, mirá {{3}}', example: { body_text: [['Ana', 'x']] } }],
    }).expect(400);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'name' }),
        expect.objectContaining({ path: 'components.0.text', message: expect.stringContaining('{{2}} is missing') }),
      ]),
    );
    const noMapping = await create(staff.admin.auth, { ...welcome, variables: welcome.variables.slice(0, 2) }).expect(400);
    expect(noMapping.body.errors).toEqual([{ path: 'variables', message: 'needs one mapping per body variable (3)', code: 'custom' }]);
    expect(fake.templates(WABA)).toEqual([]);
  });

  it('lets agents list and preview templates but not create, sync or delete them', async () => {
    await create(staff.agent.auth, welcome).expect(403);
    await sync(staff.agent.auth).expect(403);
    await list(staff.agent.auth).expect(200);
    expect(fake.templates(WABA)).toEqual([]);
  });

  it("submits a template PENDING, and a sync reads Meta's approval, quality and templates made in WhatsApp Manager", async () => {
    const created = await create(staff.admin.auth, welcome).expect(201);
    expect(created.body).toMatchObject({ name: 'bienvenida_lead', language: 'es_AR', status: 'PENDING', providerTemplateId: fake.templates(WABA)[0]!.id, variables: welcome.variables });
    expect(fake.templates(WABA)[0]).toMatchObject({ status: 'PENDING', components: welcome.components });

    await fake.reviewTemplate(WABA, 'bienvenida_lead', 'es_AR', 'APPROVED', { quality: 'GREEN' });
    fake.seedTemplate(WABA, { name: 'recordatorio_visita', language: 'es', category: 'UTILITY', components: [{ type: 'BODY', text: 'Te esperamos el {{1}}', example: { body_text: [['lunes']] } }] }, 'PAUSED');
    expect((await sync(staff.admin.auth).expect(200)).body).toEqual({ configured: true, total: 2, created: 1, updated: 1 });

    const approved = (await list(staff.agent.auth, '?status=APPROVED').expect(200)).body.items;
    expect(approved).toEqual([expect.objectContaining({ id: created.body.id, status: 'APPROVED', qualityRating: 'GREEN' })]);
    const imported = (await list(staff.admin.auth, '?status=PAUSED').expect(200)).body.items;
    expect(imported).toEqual([expect.objectContaining({ name: 'recordatorio_visita', category: 'UTILITY', variables: [], bodyText: 'Te esperamos el {{1}}' })]);

    const setVariables = (variables: object[]) => request(api.app).put(`/api/templates/${imported[0].id}/variables`).set('Authorization', staff.admin.auth).send({ variables });
    expect((await setVariables([]).expect(400)).body.errors).toEqual([{ path: 'variables', message: 'needs one mapping per body variable (1)', code: 'custom' }]);
    expect((await setVariables([{ kind: 'text', text: 'lunes' }]).expect(200)).body.variables).toEqual([{ kind: 'text', text: 'lunes' }]);

    expect((await sync(staff.admin.auth).expect(200)).body).toEqual({ configured: true, total: 2, created: 0, updated: 0 });
    // The hourly Schedule runs the same sync: fired now, it reads a pause made at Meta, and a higher
    // messaging limit and lower quality whose webhook was lost (Meta's call found nobody listening).
    await fake.reviewTemplate(WABA, 'bienvenida_lead', 'es_AR', 'PAUSED');
    fake.setWebhookUrl(phoneNumberId, 'http://127.0.0.1:9/webhooks/whatsapp');
    await expect(fake.updateQuality(phoneNumberId, 'UPGRADE', { tier: 'TIER_10K', qualityRating: 'YELLOW' })).rejects.toThrow();
    await api.temporal.schedule.getHandle(workflowIds.templateSyncSchedule(staff.tenant.id)).trigger();
    const statusAfterSchedule = async () => (await request(api.app).get(`/api/templates/${created.body.id}`).set('Authorization', staff.admin.auth)).body.status as string;
    await eventually(statusAfterSchedule, (status) => status === 'PAUSED', 20_000);
    const capacity = (await request(api.app).get('/api/channels/whatsapp/capacity').set('Authorization', staff.admin.auth).expect(200)).body;
    expect(capacity).toMatchObject({ tier: 'TIER_10K', limit: 10_000, qualityRating: 'YELLOW' });
  });

  it("applies Meta's template status webhook without waiting for a sync", async () => {
    const template = (await create(staff.admin.auth, { ...welcome, name: 'por_webhook' }).expect(201)).body as { id: string };
    fake.setWebhookUrl(phoneNumberId, `${server.baseUrl}/webhooks/whatsapp`);
    const statusOf = async () => {
      const { body } = await request(api.app).get(`/api/templates/${template.id}`).set('Authorization', staff.agent.auth).expect(200);
      return { status: body.status, statusReason: body.statusReason };
    };
    expect(await fake.reviewTemplate(WABA, 'por_webhook', 'es_AR', 'REJECTED', { reason: 'INCORRECT_CATEGORY' })).toBe(200);
    expect(await statusOf()).toEqual({ status: 'REJECTED', statusReason: 'INCORRECT_CATEGORY' });
    expect(await fake.reviewTemplate(WABA, 'por_webhook', 'es_AR', 'APPROVED')).toBe(200);
    expect(await statusOf()).toEqual({ status: 'APPROVED', statusReason: null });
    expect(await fake.reviewTemplate(WABA, 'por_webhook', 'es_AR', 'PAUSED', { reason: 'LOW_QUALITY' })).toBe(200);
    expect(await statusOf()).toEqual({ status: 'PAUSED', statusReason: 'LOW_QUALITY' });
    // The listing has no reason for a pause: a sync keeps the webhook's.
    await sync(staff.admin.auth).expect(200);
    expect(await statusOf()).toEqual({ status: 'PAUSED', statusReason: 'LOW_QUALITY' });
  });

  it('previews a template for a lead and names the variable that has no value (422)', async () => {
    const template = (await create(staff.admin.auth, { ...welcome, name: 'preview_lead' }).expect(201)).body as { id: string };
    const ana = await newLead('Ana María Pérez', 'Palermo');
    const preview = await request(api.app).post(`/api/templates/${template.id}/preview`).set('Authorization', staff.agent.auth).send({ leadId: ana.id }).expect(200);
    expect(preview.body).toEqual({ text: 'Hola Ana, soy de Templates. ¿Seguís buscando en Palermo?', parameters: ['Ana', 'Templates', 'Palermo'] });

    const anonymous = await newLead(null);
    const missing = await request(api.app).post(`/api/templates/${template.id}/preview`).set('Authorization', staff.agent.auth).send({ leadId: anonymous.id }).expect(422);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body.detail).toBe('No value for {{1}} (lead.firstName), {{3}} (lead.zone)');
    expect(missing.body.errors.map((error: { path: string }) => error.path)).toEqual(['variables.0', 'variables.2']);
  });

  it("answers Meta's refusal in Meta's words and keeps nothing of the refused template", async () => {
    fake.seedTemplate(WABA, { name: 'ya_existe', language: 'es_AR', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hola' }] });
    const duplicate = await create(staff.admin.auth, { ...welcome, name: 'ya_existe' }).expect(422);
    expect(duplicate.body).toMatchObject({ code: 'unprocessable', category: 'invalid_request', providerCode: '100', detail: expect.stringContaining('There is already es_AR content for this template') });

    fake.failNext(1, { httpStatus: 401, code: 190 });
    const revoked = await create(staff.admin.auth, { ...welcome, name: 'token_vencido' }).expect(422);
    expect(revoked.body).toMatchObject({ category: 'auth', providerCode: '190', detail: expect.stringContaining('Invalid OAuth access token') });
    expect(revoked.text).not.toContain(TOKEN);

    fake.failNext(1, { httpStatus: 401, code: 190 });
    expect((await sync(staff.admin.auth).expect(422)).body).toMatchObject({ category: 'auth', detail: expect.stringContaining('Invalid OAuth access token') });

    const names = (await list(staff.admin.auth).expect(200)).body.items.map((template: { name: string }) => template.name);
    expect(names).not.toContain('token_vencido');
    expect(names).not.toContain('ya_existe');
  });

  it('deletes a template here and at Meta', async () => {
    const template = (await create(staff.admin.auth, { ...welcome, name: 'para_borrar' }).expect(201)).body as { id: string };
    await request(api.app).delete(`/api/templates/${template.id}`).set('Authorization', staff.agent.auth).expect(403);
    await request(api.app).delete(`/api/templates/${template.id}`).set('Authorization', staff.admin.auth).expect(204);
    expect(fake.templates(WABA)).toEqual([]);
    await request(api.app).get(`/api/templates/${template.id}`).set('Authorization', staff.admin.auth).expect(404);
  });

  it('asks an agency without a WhatsApp business account to connect one first', async () => {
    const other = await createStaffedTenant(api.db, 'No channel');
    expect((await create(other.admin.auth, welcome).expect(409)).body.detail).toContain('Connect the WhatsApp Business API number');
    await sync(other.admin.auth).expect(409);
    expect((await list(other.admin.auth).expect(200)).body.items).toEqual([]);
  });
});
