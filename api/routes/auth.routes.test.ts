import request from 'supertest';
import type { Client } from '@temporalio/client';
import { hashPassword } from '../../domain/passwords';
import type { Database } from '../../prisma/client';
import { connectTemporal, createTestTenant, createTestUser, openDatabase, silentLogger, testConfig, testSecretBox } from '../../testing/harness';
import { bearerFor, idleInbox, platformBearer, testWebhookInbox } from '../../testing/api-harness';
import { createApp } from '../server';

describe('sign-in and sessions', () => {
  let db: Database;
  let temporal: Client;
  let app: ReturnType<typeof createApp>;
  let tenant: { id: string; slug: string };
  let other: { id: string; slug: string };
  let admin: Awaited<ReturnType<typeof createTestUser>>;

  beforeAll(async () => {
    db = openDatabase();
    temporal = await connectTemporal();
    app = createApp({ config: testConfig({ BASE_DOMAIN: 'astor.test' }), db, temporal, logger: silentLogger, inbox: idleInbox(), secrets: testSecretBox(), webhookInbox: testWebhookInbox() });
    [tenant, other] = [await createTestTenant(db, 'Auth'), await createTestTenant(db, 'Other')];
    admin = await createTestUser(db, tenant.id, 'ADMIN');
  });

  afterAll(async () => {
    await temporal.connection.close();
    await db.disconnect();
  });

  afterEach(() => jest.restoreAllMocks());

  /** A sign-in from a client address (the app trusts X-Forwarded-For from loopback, as behind its proxy). */
  const login = (from: string, body: object) => request(app).post('/api/auth/login').set('X-Forwarded-For', from).send(body);

  /** Moves the clock the throttle reads forward and holds it there, instead of sleeping through its delays. */
  function advanceClock(ms: number): void {
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + ms);
  }

  /** One e-mail with a user, and the same password, in two agencies. */
  async function userOfTwoAgencies(password: string) {
    const email = `shared-${Math.random().toString(36).slice(2)}@example.com`;
    const passwordHash = await hashPassword(password);
    for (const agency of [tenant, other]) {
      await db.inTenant(agency.id, (tx) => tx.user.create({ data: { tenantId: agency.id, email, name: 'Shared', role: 'AGENT', passwordHash } }));
    }
    return { email, password };
  }

  it('issues a bearer token and an httpOnly cookie that both identify the user', async () => {
    const login = await request(app).post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    expect(login.headers['set-cookie']?.[0]).toMatch(/^astor_session=ast_s_.+; .*HttpOnly/);
    const viaBearer = await request(app).get('/api/me').set('Authorization', `Bearer ${login.body.token}`).expect(200);
    const viaCookie = await request(app).get('/api/me').set('Cookie', login.headers['set-cookie']![0]!.split(';')[0]!).expect(200);
    expect(viaBearer.body.user).toMatchObject({ email: admin.email, role: 'ADMIN' });
    expect(viaCookie.body.tenant).toMatchObject({ id: tenant.id, slug: tenant.slug });
  });

  it('answers a wrong password, an unknown e-mail and an e-mail of several agencies alike', async () => {
    const shared = await userOfTwoAgencies('shared secret phrase');
    // Alike but for each answer's own request id.
    const answers = [
      await login('192.0.2.10', { email: admin.email, password: 'not the password' }),
      await login('192.0.2.10', { email: 'ghost@example.com', password: 'not the password' }),
      await login('192.0.2.10', { email: shared.email, password: 'not the password' }),
    ].map(({ status, type, headers, body: { requestId, ...body } }) => ({ status, type, retryAfter: headers['retry-after'], body, hasRequestId: typeof requestId === 'string' }));
    expect(answers[0]).toMatchObject({ status: 401, type: 'application/problem+json', body: { detail: 'E-mail or password is incorrect' }, hasRequestId: true });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('asks an e-mail of several agencies for the agency only once its password matched', async () => {
    const shared = await userOfTwoAgencies('shared secret phrase');
    const ambiguous = await login('192.0.2.11', shared).expect(422);
    expect(ambiguous.body.detail).toMatch(/several agencies/);
    const signedIn = await login('192.0.2.11', { ...shared, tenant: other.slug }).expect(200);
    expect(signedIn.body.principal).toEqual({ kind: 'user', tenantId: other.id });
  });

  it('refuses a session whose agency does not match the path prefix or the subdomain', async () => {
    const { body } = await request(app).post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    await request(app).get(`/t/${tenant.slug}/api/me`).set('Authorization', `Bearer ${body.token}`).expect(200);
    await request(app).get(`/t/${other.slug}/api/me`).set('Authorization', `Bearer ${body.token}`).expect(404);
    await request(app).get('/api/me').set('Host', `${other.slug}.astor.test`).set('Authorization', `Bearer ${body.token}`).expect(404);
    await request(app).get(`/t/${tenant.slug}/api/me`).set('Host', `${other.slug}.astor.test`).set('Authorization', `Bearer ${body.token}`).expect(403);
  });

  it('ends the session on logout', async () => {
    const { body } = await request(app).post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    await request(app).post('/api/auth/logout').set('Authorization', `Bearer ${body.token}`).expect(204);
    await request(app).get('/api/me').set('Authorization', `Bearer ${body.token}`).expect(401);
  });

  it('makes an address that keeps failing for an account wait longer after each failure, and forgets it on success', async () => {
    const victim = await createTestUser(db, tenant.id, 'AGENT');
    const attacker = '198.51.100.66';
    for (let i = 0; i < 5; i++) await login(attacker, { email: victim.email, password: 'bad password' }).expect(401);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const blocked = await login(attacker, { email: victim.email, password: victim.password }).expect(429);
      waits.push(Number(blocked.headers['retry-after']));
      advanceClock(waits[i]! * 1000);
      await login(attacker, { email: victim.email, password: 'bad password' }).expect(401);
    }
    expect(waits).toEqual([1, 2, 4]);
    advanceClock(8000);
    await login(attacker, { email: victim.email, password: victim.password }).expect(200);
    await login(attacker, { email: victim.email, password: 'bad password' }).expect(401);
    await login(attacker, { email: victim.email, password: victim.password }).expect(200);
  });

  it('does not stop the victim signing in from another address while an attacker is being slowed', async () => {
    const victim = await createTestUser(db, tenant.id, 'AGENT');
    for (let i = 0; i < 6; i++) await login('203.0.113.7', { email: victim.email, password: 'guess number one' });
    const blocked = await login('203.0.113.7', { email: victim.email, password: victim.password }).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await login('198.51.100.20', { email: victim.email, password: victim.password }).expect(200);
  });

  describe('refuses a common password, naming the field in English and Spanish', () => {
    const common = 'Password123';
    type Send = (language: string) => Promise<request.Response>;

    const signUp: Send = async (language) => {
      const slug = `common-${Math.random().toString(36).slice(2)}`;
      const owner = { email: `owner@${slug}.test`, name: 'Dueña', password: common };
      return request(app).post('/api/platform/tenants').set('Authorization', await platformBearer(db)).set('Accept-Language', language).send({ name: 'Común', slug, owner });
    };
    const addUser: Send = async (language) => {
      const user = { email: `new-${Math.random().toString(36).slice(2)}@example.com`, name: 'Nueva', role: 'AGENT', password: common };
      return request(app).post('/api/users').set('Authorization', await bearerFor(db, admin)).set('Accept-Language', language).send(user);
    };
    const changePassword: Send = async (language) => {
      const agent = await createTestUser(db, tenant.id, 'AGENT');
      return request(app).patch(`/api/users/${agent.id}`).set('Authorization', await bearerFor(db, admin)).set('Accept-Language', language).send({ password: common });
    };

    it.each([
      ['at agency sign-up', 'owner.password', signUp],
      ['when an agency adds a user', 'password', addUser],
      ['when a password is changed', 'password', changePassword],
    ])('%s', async (_where, field, send) => {
      const english = await send('en');
      expect(english.status).toBe(400);
      expect(english.type).toBe('application/problem+json');
      expect(english.body.errors).toEqual([{ path: field, message: 'is too common: choose one that is harder to guess', code: 'custom' }]);
      const spanish = await send('es');
      expect(spanish.status).toBe(400);
      expect(spanish.body.errors).toEqual([{ path: field, message: 'es demasiado común: elegí una más difícil de adivinar', code: 'custom' }]);
    });

    it('and one of blanks only', async () => {
      const user = { email: `blank-${Math.random().toString(36).slice(2)}@example.com`, name: 'Blanca', role: 'AGENT', password: ' '.repeat(12) };
      const { body } = await request(app).post('/api/users').set('Authorization', await bearerFor(db, admin)).set('Accept-Language', 'es').send(user).expect(400);
      expect(body.errors).toEqual([{ path: 'password', message: 'no puede tener solo espacios', code: 'custom' }]);
    });
  });

  it.each([
    ['malformed JSON', (r: request.Test) => r.set('Content-Type', 'application/json').send('{"email":'), 400],
    ['a form body', (r: request.Test) => r.type('form').send('email=a@b.c&password=x'), 415],
    ['an unknown field', (r: request.Test) => r.send({ email: 'a@b.c', password: 'x', admin: true }), 400],
    ['a non-email', (r: request.Test) => r.send({ email: "' OR 1=1 --", password: 'x' }), 400],
    ['an oversize body', (r: request.Test) => r.send({ email: 'a@b.c', password: 'x'.repeat(2_000_000) }), 413],
  ])('answers %s with a problem, never a 500', async (_name, send, status) => {
    const response = await send(request(app).post('/api/auth/login'));
    expect(response.status).toBe(status);
    expect(response.type).toBe('application/problem+json');
  });

  it('answers 401 to a tenant route without credentials, and to a forged token', async () => {
    await request(app).get('/api/me').expect(401);
    await request(app).get('/api/me').set('Authorization', 'Bearer ast_s_forged').expect(401);
  });
});
