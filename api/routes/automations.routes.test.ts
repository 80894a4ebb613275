import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';

describe('automation rules', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('stores the rule changed over the settings as the agency set them, adding no defaults nor a phone country', async () => {
    const staff = await createStaffedTenant(api.db, 'Automatismos');
    await adminQuery(`UPDATE "Tenant" SET locale = 'es-CL', settings = '{"slaMinutes": 7}' WHERE id = $1`, [staff.tenant.id]);
    const rule = { enabled: false, message: null, hoursBefore: 12 };
    await request(api.app).put('/api/automations/visitReminder').set('Authorization', staff.admin.auth).send(rule).expect(200);

    const [row] = await adminQuery<{ settings: unknown }>(`SELECT settings FROM "Tenant" WHERE id = $1`, [staff.tenant.id]);
    expect(row!.settings).toEqual({ slaMinutes: 7, automations: { visitReminder: rule } });
    const { body } = await request(api.app).get('/api/automations').set('Authorization', staff.admin.auth).expect(200);
    expect(body.rules.visitReminder).toEqual(rule);
    expect(body.rules.visitConfirmation).toEqual({ enabled: false, message: null });
  });
});
