import request from 'supertest';
import { createStaffedTenant, platformBearer, startTestApi, type TestApi } from '../../testing/api-harness';

describe('an agency named in /t/:slug', () => {
  let api: TestApi;
  let agency: Awaited<ReturnType<typeof createStaffedTenant>>;
  let other: Awaited<ReturnType<typeof createStaffedTenant>>;

  beforeAll(async () => {
    api = await startTestApi();
    [agency, other] = [await createStaffedTenant(api.db, 'Propia'), await createStaffedTenant(api.db, 'Ajena')];
  });
  afterAll(async () => {
    await api.close();
  });

  /** The answer with the slug masked (and one request id for both), so answers about different slugs can be compared. */
  async function answer(slug: string, auth: string) {
    const response = await request(api.app).get(`/t/${slug}/api/leads`).set('Authorization', auth).set('X-Request-Id', 'compare-slug-answers');
    return { status: response.status, type: response.type, body: JSON.parse(response.text.replaceAll(slug, '<slug>')) as unknown };
  }

  it("answers another agency's slug exactly as a slug that does not exist", async () => {
    const foreign = await answer(other.tenant.slug, agency.admin.auth);
    const unknown = await answer(`nadie-${Date.now()}`, agency.admin.auth);
    expect(foreign).toEqual(unknown);
    expect(foreign).toMatchObject({ status: 404, type: 'application/problem+json', body: { code: 'not_found' } });
  });

  it("serves the caller's own agency, and any agency to a platform admin", async () => {
    await request(api.app).get(`/t/${agency.tenant.slug}/api/leads`).set('Authorization', agency.admin.auth).expect(200);
    await request(api.app).get(`/t/${other.tenant.slug}/api/leads`).set('Authorization', await platformBearer(api.db)).expect(200);
  });
});
