import request from 'supertest';
import { startFakeMetaLeads, type FakeMetaLeads } from '../integrations/meta-leads/testing/fake-server';
import { createMetaLeadActivities } from './meta-lead.activities';
import { adminQuery, testSecretBox } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';

const TOKEN = 'EAAGpagetokenforleadsretrieval0042';
const PAGE = '100000000000042';

describe('reading a Meta lead form', () => {
  let meta: FakeMetaLeads;
  let api: TestApi;

  beforeAll(async () => {
    meta = await startFakeMetaLeads({ appSecret: 'astor-development-app-secret', pages: [{ pageId: PAGE, name: 'Inmobiliaria Norte', tokens: [TOKEN] }] });
    api = await startTestApi({ env: { WHATSAPP_GRAPH_URL: meta.baseUrl } });
  });
  afterAll(async () => {
    await api.close();
    await meta.stop();
  });

  it('reads a phone without + by the country of the agency locale when its settings name none', async () => {
    const staff = await createStaffedTenant(api.db, 'Leads CDMX');
    await adminQuery(`UPDATE "Tenant" SET locale = 'es-MX', settings = '{}' WHERE id = $1`, [staff.tenant.id]);
    await request(api.app).put('/api/integrations/meta-leads').set('Authorization', staff.admin.auth).send({ accessToken: TOKEN, pageIds: [PAGE] }).expect(200);
    // Only Graph's copy of the lead matters here: the webhook goes nowhere and the activity is called directly.
    await meta.submit(`${meta.baseUrl}/no-webhook`, { leadgenId: 'lg-mx-1', pageId: PAGE, formId: 'form-mx', fields: { full_name: 'Lupita Ríos', phone_number: '55 1234 5678' } });

    const activities = createMetaLeadActivities({ db: api.db, secrets: testSecretBox(), temporal: api.temporal, taskQueue: 'unused', whatsappGraph: { graphUrl: meta.baseUrl, graphVersion: 'v21.0' } });
    const read = await activities.readMetaLead({ tenantId: staff.tenant.id, leadgenId: 'lg-mx-1', pageId: PAGE, formId: 'form-mx' });
    expect(read).toMatchObject({ outcome: 'read', phone: '+525512345678' });
  });
});
