import request from 'supertest';
import { createStaffedTenant, platformBearer, startTestApi, type TestApi } from '../../testing/api-harness';

describe('the Temporal Web UI in /api/me', () => {
  let configured: TestApi;
  let bare: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const me = (api: TestApi, auth: string, prefix = '') => request(api.app).get(`${prefix}/api/me`).set('Authorization', auth).expect(200);

  beforeAll(async () => {
    configured = await startTestApi({ env: { TEMPORAL_UI_URL: 'https://temporal-ui.example.com/', TEMPORAL_NAMESPACE: 'astor-prod' } });
    bare = await startTestApi();
    staff = await createStaffedTenant(configured.db, 'Temporal UI');
  });
  afterAll(async () => {
    await configured.close();
    await bare.close();
  });

  it('is the configured address and namespace, for platform admins', async () => {
    const expected = { url: 'https://temporal-ui.example.com', namespace: 'astor-prod' };
    expect((await me(configured, await platformBearer(configured.db), `/t/${staff.tenant.slug}`)).body.temporalUi).toEqual(expected);
  });

  it('is withheld from everyone in the agency, owners and admins included', async () => {
    for (const person of [staff.owner, staff.admin, staff.agent]) expect((await me(configured, person.auth)).body.temporalUi).toBeNull();
  });

  it('is none when no UI is configured', async () => {
    expect((await me(bare, await platformBearer(bare.db), `/t/${staff.tenant.slug}`)).body.temporalUi).toBeNull();
  });
});
