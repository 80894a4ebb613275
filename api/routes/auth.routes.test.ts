import request from 'supertest';
import type { Client } from '@temporalio/client';
import type { Database } from '../../prisma/client';
import { connectTemporal, createTestTenant, createTestUser, openDatabase, silentLogger, testConfig, testSecretBox } from '../../testing/harness';
import { idleInbox, testWebhookInbox } from '../../testing/api-harness';
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

  it('issues a bearer token and an httpOnly cookie that both identify the user', async () => {
    const login = await request(app).post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    expect(login.headers['set-cookie']?.[0]).toMatch(/^astor_session=ast_s_.+; .*HttpOnly/);
    const viaBearer = await request(app).get('/api/me').set('Authorization', `Bearer ${login.body.token}`).expect(200);
    const viaCookie = await request(app).get('/api/me').set('Cookie', login.headers['set-cookie']![0]!.split(';')[0]!).expect(200);
    expect(viaBearer.body.user).toMatchObject({ email: admin.email, role: 'ADMIN' });
    expect(viaCookie.body.tenant).toMatchObject({ id: tenant.id, slug: tenant.slug });
  });

  it('refuses a wrong password with 401 and does not say whether the account exists', async () => {
    const wrong = await request(app).post('/api/auth/login').send({ email: admin.email, password: 'nope' }).expect(401);
    const unknown = await request(app).post('/api/auth/login').send({ email: 'ghost@example.com', password: 'nope' }).expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.type).toBe('application/problem+json');
  });

  it('refuses a session whose agency does not match the path prefix or the subdomain', async () => {
    const { body } = await request(app).post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    await request(app).get(`/t/${tenant.slug}/api/me`).set('Authorization', `Bearer ${body.token}`).expect(200);
    await request(app).get(`/t/${other.slug}/api/me`).set('Authorization', `Bearer ${body.token}`).expect(403);
    await request(app).get('/api/me').set('Host', `${other.slug}.astor.test`).set('Authorization', `Bearer ${body.token}`).expect(403);
    await request(app).get(`/t/${tenant.slug}/api/me`).set('Host', `${other.slug}.astor.test`).set('Authorization', `Bearer ${body.token}`).expect(403);
  });

  it('ends the session on logout', async () => {
    const { body } = await request(app).post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    await request(app).post('/api/auth/logout').set('Authorization', `Bearer ${body.token}`).expect(204);
    await request(app).get('/api/me').set('Authorization', `Bearer ${body.token}`).expect(401);
  });

  it('throttles repeated failures for an account with 429 and Retry-After', async () => {
    const victim = await createTestUser(db, tenant.id, 'AGENT');
    for (let i = 0; i < 5; i++) await request(app).post('/api/auth/login').send({ email: victim.email, password: 'bad' }).expect(401);
    const blocked = await request(app).post('/api/auth/login').send({ email: victim.email, password: victim.password }).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
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
