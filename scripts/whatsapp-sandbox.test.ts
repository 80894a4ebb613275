import request from 'supertest';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { eventually } from '../testing/eventually';
import { testConfig, testSecretBox } from '../testing/harness';
import { SANDBOX_NUMBER, startWhatsAppSandbox } from './whatsapp-sandbox';

const WABA = SANDBOX_NUMBER.businessAccountId;
const definition = {
  name: 'visita_confirmada',
  language: 'es_AR',
  category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Hola {{1}}, tu visita quedó confirmada.', example: { body_text: [['Ana']] } }],
  variables: [{ kind: 'field', field: 'lead.firstName' }],
};

describe('the WhatsApp sandbox of npm start', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let sandbox: Awaited<ReturnType<typeof startWhatsAppSandbox>> | undefined;
  const start = () => startWhatsAppSandbox(testConfig(), api.db, testSecretBox(), { tenantSlug: staff.tenant.slug, reviewMs: 300 });
  const registry = () => api.db.inTenant(staff.tenant.id, (tx) => tx.whatsAppTemplate.findMany({ select: { name: true, status: true }, orderBy: { name: 'asc' } }));

  beforeAll(async () => {
    staff = await createStaffedTenant((api = await startTestApi()).db, 'Demo sandbox');
  });
  afterAll(async () => {
    await sandbox?.stop();
    await api.close();
  });

  it('connects the agency with its business account and fills its template registry from the sandbox’s Meta', async () => {
    sandbox = await start();
    const channel = await api.db.inTenant(staff.tenant.id, (tx) => tx.whatsAppChannel.findFirstOrThrow());
    expect(channel).toMatchObject({ apiType: 'BUSINESS_API', phoneNumberId: SANDBOX_NUMBER.phoneNumberId, businessAccountId: WABA });
    expect(await registry()).toEqual([
      { name: 'novedades_propiedades', status: 'APPROVED' },
      { name: 'promo_relampago', status: 'REJECTED' },
      { name: 'recordatorio_visita', status: 'APPROVED' },
    ]);
  });

  it('takes a template submitted from Settings (Enviar a Meta para aprobación) and approves it after its review, and remembers it after a restart', async () => {
    const sandboxApi = await startTestApi({ env: { WHATSAPP_GRAPH_URL: sandbox!.baseUrl } });
    try {
      const created = await request(sandboxApi.app).post('/api/templates').set('Authorization', staff.admin.auth).send(definition).expect(201);
      expect(created.body.status).toBe('PENDING');
    } finally {
      await sandboxApi.close();
    }
    const statusAtMeta = (fake: NonNullable<typeof sandbox>) => fake.templates(WABA).find((template) => template.name === definition.name)?.status;
    await eventually(() => statusAtMeta(sandbox!), (status) => status === 'APPROVED', 10_000);

    await sandbox!.stop();
    sandbox = await start();
    expect(sandbox.templates(WABA).map((template) => template.name).sort()).toEqual(['novedades_propiedades', 'promo_relampago', 'recordatorio_visita', definition.name].sort());
  });
});
