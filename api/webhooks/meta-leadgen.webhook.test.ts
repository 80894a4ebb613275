import request from 'supertest';
import { startFakeMetaLeads, type FakeMetaLeads } from '../../integrations/meta-leads/testing/fake-server';
import { adminQuery, startTestWorker, workerDeps, type RunningWorker } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { listenOnLoopback } from '../../testing/whatsapp-harness';

const APP_SECRET = 'astor-development-app-secret';
const TOKEN = 'EAAGpagetokenforleadsretrieval0001';
const PAGE = '100000000000001';
const OTHER_PAGE = '100000000000002';

describe('Meta lead ads: leadgen webhooks become leads through a workflow', () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let worker: RunningWorker;
  let meta: FakeMetaLeads;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let other: Awaited<ReturnType<typeof createStaffedTenant>>;
  let webhookUrl: string;
  const leadsOf = (tenantId: string) =>
    adminQuery<{ phone: string; name: string; email: string; origin: string; sourceDetails: Record<string, unknown> }>(`SELECT phone, name, email, origin, "sourceDetails" FROM "Lead" WHERE "tenantId" = $1 ORDER BY "createdAt"`, [tenantId]);
  const settings = (auth: string) => ({
    put: (body: object) => request(api.app).put('/api/integrations/meta-leads').set('Authorization', auth).send(body),
    test: () => request(api.app).post('/api/integrations/meta-leads/test').set('Authorization', auth),
  });

  beforeAll(async () => {
    meta = await startFakeMetaLeads({ appSecret: APP_SECRET, pages: [{ pageId: PAGE, name: 'Inmobiliaria Sur', tokens: [TOKEN] }, { pageId: OTHER_PAGE, name: 'Otra', tokens: ['EAAGothertoken0000000000000001'] }] });
    api = await startTestApi({ env: { WHATSAPP_GRAPH_URL: meta.baseUrl } });
    server = await listenOnLoopback(api.app);
    webhookUrl = `${server.baseUrl}/webhooks/whatsapp`;
    staff = await createStaffedTenant(api.db, 'Leads Sur');
    other = await createStaffedTenant(api.db, 'Leads Otra');
    const taskQueue = api.deps.config.temporal.taskQueue;
    worker = await startTestWorker(taskQueue, workerDeps(api.db, api.temporal, taskQueue, { graphUrl: meta.baseUrl }));
  });

  afterAll(async () => {
    await worker.stop();
    server.close();
    await meta.stop();
    await api.close();
  });

  it('connects pages with a token Meta accepts, one agency per page', async () => {
    const invalid = await settings(staff.admin.auth).put({ accessToken: TOKEN, pageIds: ['mi-pagina', PAGE, PAGE] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['pageIds', 'pageIds.0']);
    const saved = await settings(staff.admin.auth).put({ accessToken: TOKEN, pageIds: [PAGE] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ accessToken: 'EAAG…0001', pageIds: [PAGE] });
    expect(JSON.stringify(saved.body)).not.toContain(TOKEN);
    expect((await settings(staff.admin.auth).test()).body).toEqual({ ok: true, pages: [{ id: PAGE, name: 'Inmobiliaria Sur' }] });

    const taken = await settings(other.admin.auth).put({ accessToken: 'EAAGothertoken0000000000000001', pageIds: [PAGE] });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toMatch(/another agency/);
    await settings(other.admin.auth).put({ accessToken: 'EAAGothertoken0000000000000001', pageIds: [OTHER_PAGE] }).expect(200);
    const wrongPage = await settings(other.admin.auth).put({ pageIds: [OTHER_PAGE, PAGE] });
    expect(wrongPage.status).toBe(409);
    expect((await request(api.app).get('/api/integrations/meta-leads').set('Authorization', other.admin.auth)).body.pageIds).toEqual([OTHER_PAGE]);
  });

  it('reads a submission once however often Meta repeats the webhook, and files it as a lead of the page owner', async () => {
    const statuses = await meta.submit(webhookUrl, { leadgenId: 'lg-2001', pageId: PAGE, formId: 'form-1', adId: 'ad-7', fields: { full_name: 'Marta Díaz', phone_number: '11 3000-0001', email: 'marta@example.com', 'zona de búsqueda': 'Palermo' } }, 3);
    expect(statuses).toEqual([200, 200, 200]);
    const leads = await eventually(() => leadsOf(staff.tenant.id), (rows) => rows.length === 1);
    expect(leads[0]).toMatchObject({ phone: '+5491130000001', name: 'Marta Díaz', email: 'marta@example.com', origin: 'META_ADS' });
    expect(leads[0]!.sourceDetails).toMatchObject({ leadgenId: 'lg-2001', formId: 'form-1', adId: 'ad-7', 'zona_de_búsqueda': 'Palermo' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(meta.reads().filter((id) => id === 'lg-2001')).toHaveLength(1);
    expect(await leadsOf(other.tenant.id)).toEqual([]);
  });

  it('acknowledges a page no agency connected without storing anything, and waits out a refused token', async () => {
    expect(await meta.submit(webhookUrl, { leadgenId: 'lg-unknown', pageId: '100000000000999', formId: 'f', fields: { phone_number: '+5491130000009' } })).toEqual([200]);
    meta.failNext({ httpStatus: 401, code: 190, message: 'Error validating access token: Session has expired' });
    await meta.submit(webhookUrl, { leadgenId: 'lg-2002', pageId: PAGE, formId: 'form-1', fields: { full_name: 'Juan Pérez', phone_number: '+5491130000002' } });
    const refused = await eventually(() => request(api.app).get('/api/integrations/meta-leads').set('Authorization', staff.admin.auth), (res) => res.body.health === 'UNHEALTHY');
    expect(refused.body.lastError).toMatch(/^meta_leads: Error validating access token/);
    const leads = await eventually(() => leadsOf(staff.tenant.id), (rows) => rows.length === 2, 30_000);
    expect(leads[1]).toMatchObject({ phone: '+5491130000002', name: 'Juan Pérez' });
    expect((await request(api.app).get('/api/integrations/meta-leads').set('Authorization', staff.admin.auth)).body.health).toBe('HEALTHY');
    expect(meta.reads()).not.toContain('lg-unknown');
  }, 45_000);
});
