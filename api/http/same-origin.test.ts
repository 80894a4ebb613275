import request from 'supertest';
import { bearerFor, startTestApi, type TestApi } from '../../testing/api-harness';
import { createTestTenant, createTestUser } from '../../testing/harness';

const WEB = 'https://crm.astor.test';
const FOREIGN = 'https://evil.example';

describe('cookie-authenticated changes must come from the same origin', () => {
  let api: TestApi;
  let user: { id: string; tenantId: string };

  beforeAll(async () => {
    api = await startTestApi({ env: { PUBLIC_WEB_URL: WEB } });
    const tenant = await createTestTenant(api.db, 'Origen');
    user = await createTestUser(api.db, tenant.id, 'ADMIN');
  });
  afterAll(async () => {
    await api.close();
  });

  /** A fresh session, as the cookie the browser sends and as a bearer header. */
  async function session(): Promise<{ cookie: string; bearer: string }> {
    const bearer = await bearerFor(api.db, user);
    return { bearer, cookie: `astor_session=${bearer.replace(/^Bearer /, '')}` };
  }
  const logout = () => request(api.app).post('/api/auth/logout');

  it('refuses a foreign Origin with 403 problem+json, whatever the body, and the session lives on', async () => {
    const { cookie } = await session();
    const refused = await logout().set('Cookie', cookie).set('Origin', FOREIGN).expect(403);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'forbidden', status: 403 });
    await logout().set('Cookie', cookie).set('Origin', FOREIGN).set('Content-Type', 'text/plain').send('{}').expect(403);
    await logout().set('Cookie', cookie).set('Origin', FOREIGN).type('form').send('a=1').expect(403);
    await request(api.app).get('/api/me').set('Cookie', cookie).expect(200);
  });

  it("accepts the web app's origin and the API's own", async () => {
    await logout().set('Cookie', (await session()).cookie).set('Origin', WEB).expect(204);
    await logout().set('Cookie', (await session()).cookie).set('Origin', api.deps.config.api.publicUrl).expect(204);
  });

  it('accepts the origin the web app proxy reports for the browser', async () => {
    await logout().set('Cookie', (await session()).cookie).set('Origin', 'http://127.0.0.1:3999').set('X-Forwarded-Host', '127.0.0.1:3999').set('X-Forwarded-Proto', 'http').expect(204);
  });

  it('without Origin, goes by Sec-Fetch-Site', async () => {
    const { cookie } = await session();
    await logout().set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site').expect(403);
    await logout().set('Cookie', cookie).expect(403);
    await logout().set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin').expect(204);
  });

  it('leaves bearer tokens and reads alone', async () => {
    const { bearer, cookie } = await session();
    await request(api.app).get('/api/me').set('Cookie', cookie).set('Origin', FOREIGN).expect(200);
    await logout().set('Authorization', bearer).set('Origin', FOREIGN).expect(204);
  });
});
