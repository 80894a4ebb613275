import request from 'supertest';
import { platformBearer, startTestApi, type TestApi } from '../../testing/api-harness';

describe('platform tenants: the phone country of a new agency', () => {
  let api: TestApi;
  let superadmin: string;

  beforeAll(async () => {
    api = await startTestApi();
    superadmin = await platformBearer(api.db);
  });
  afterAll(() => api.close());

  /** Creates an agency through the platform API and signs its owner in. */
  async function agencyWithLocale(locale: string): Promise<{ auth: string }> {
    const slug = `pais-${locale.toLowerCase()}-${Date.now()}`;
    const owner = { email: `owner@${slug}.test`, name: 'Dueña', password: 'a long enough password' };
    await request(api.app).post('/api/platform/tenants').set('Authorization', superadmin).send({ name: `Agencia ${locale}`, slug, locale, owner }).expect(201);
    const login = await request(api.app).post('/api/auth/login').send({ email: owner.email, password: owner.password }).expect(200);
    return { auth: `Bearer ${login.body.token}` };
  }
  const createLead = (auth: string, phone: string) => request(api.app).post('/api/leads').set('Authorization', auth).send({ phone });

  it('reads local numbers of an es-MX agency as Mexican', async () => {
    const { auth } = await agencyWithLocale('es-MX');
    const { body } = await createLead(auth, '55 1234 5678').expect(201);
    expect(body.phone).toBe('+525512345678');
    expect((await request(api.app).get('/api/tenant').set('Authorization', auth).expect(200)).body.settings.defaultCountry).toBe('MX');
  });

  it('keeps reading local numbers of an es-AR agency as Argentine', async () => {
    const { auth } = await agencyWithLocale('es-AR');
    const { body } = await createLead(auth, '011 15 2345-6789').expect(201);
    expect(body.phone).toBe('+5491123456789');
    expect((await request(api.app).get('/api/tenant').set('Authorization', auth).expect(200)).body.settings.defaultCountry).toBe('AR');
  });

  it('lets the agency name another country than its locale', async () => {
    const { auth } = await agencyWithLocale('es-MX');
    await request(api.app).patch('/api/tenant').set('Authorization', auth).send({ settings: { defaultCountry: 'CL' } }).expect(200);
    const { body } = await createLead(auth, '9 8765 4321').expect(201);
    expect(body.phone).toBe('+56987654321');
  });
});
