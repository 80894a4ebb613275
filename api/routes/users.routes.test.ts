import request from 'supertest';
import { createStaffedTenant, platformBearer, startTestApi, type TestApi } from '../../testing/api-harness';

describe('users, roles and API keys', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const call = (method: 'get' | 'post' | 'patch' | 'delete' | 'put', path: string, auth: string, body?: object) =>
    request(api.app)[method](`/api${path}`).set('Authorization', auth).send(body ?? {});
  const newUser = (role: string) => ({ email: `User-${Math.random().toString(36).slice(2)}@Example.com`, name: 'Nuevo', role, password: 'a long enough password' });

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Users');
  });
  afterAll(() => api.close());

  it('lets an admin add an agent who can then sign in, and never shows password hashes', async () => {
    const input = newUser('AGENT');
    const { body } = await call('post', '/users', staff.admin.auth, input).expect(201);
    expect(body).toMatchObject({ email: input.email.toLowerCase(), role: 'AGENT', active: true });
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|scrypt/);
    await request(api.app).post('/api/auth/login').send({ email: input.email, password: input.password }).expect(200);
    const list = await call('get', '/users', staff.agent.auth).expect(200);
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|scrypt/);
  });

  it('keeps owners in the hands of owners', async () => {
    await call('post', '/users', staff.admin.auth, newUser('OWNER')).expect(403);
    await call('patch', `/users/${staff.agent.id}`, staff.admin.auth, { role: 'OWNER' }).expect(403);
    await call('patch', `/users/${staff.owner.id}`, staff.admin.auth, { name: 'Renamed' }).expect(403);
    await call('post', '/users', staff.agent.auth, newUser('AGENT')).expect(403);
  });

  it('refuses to leave the agency without an active owner', async () => {
    const { body } = await call('patch', `/users/${staff.owner.id}`, staff.owner.auth, { role: 'ADMIN' }).expect(409);
    expect(body.detail).toMatch(/at least one active owner/);
  });

  it('answers 409 naming the field for an e-mail already in use in the agency', async () => {
    const input = newUser('AGENT');
    await call('post', '/users', staff.admin.auth, input).expect(201);
    const { body } = await call('post', '/users', staff.admin.auth, { ...input, email: input.email.toUpperCase() }).expect(409);
    expect(body.errors.map((error: { path: string }) => error.path)).toContain('email');
  });

  it('signs a deactivated user out at once', async () => {
    const local = await createStaffedTenant(api.db, 'Deactivation');
    await call('get', '/me', local.agent.auth).expect(200);
    await call('delete', `/users/${local.agent.id}`, local.admin.auth).expect(204);
    await call('get', '/me', local.agent.auth).expect(401);
    expect((await call('get', `/users/${local.agent.id}`, local.admin.auth).expect(200)).body.active).toBe(false);
  });

  it('lets agents set their own availability', async () => {
    const { body } = await call('put', '/me/availability', staff.agent.auth, { availability: 'AVAILABLE' }).expect(200);
    expect(body).toMatchObject({ id: staff.agent.id, availability: 'AVAILABLE' });
    await call('put', '/me/availability', staff.agent.auth, { availability: 'SLEEPING' }).expect(400);
  });

  it('shows an API key once, keeps only its hash, lets it create leads, and stops it when revoked', async () => {
    const { body: created } = await call('post', '/api-keys', staff.admin.auth, { name: 'Landing' }).expect(201);
    expect(created.key).toMatch(/^ast_k_[0-9a-f]{12}_/);
    const list = await call('get', '/api-keys', staff.admin.auth).expect(200);
    // The secret is what follows `ast_k_<12 hex>_`; it may itself contain underscores.
    expect(JSON.stringify(list.body)).not.toContain(created.key.slice('ast_k_'.length + 13));
    const relay = (body: object) => request(api.app).post('/api/leads').set('X-Api-Key', created.key).send(body);
    await relay({ phone: '+5491180000001', origin: 'LANDING' }).expect(201);
    const used = (await call('get', '/api-keys', staff.admin.auth).expect(200)).body.items.find((item: { id: string }) => item.id === created.id);
    expect(used.lastUsedAt).not.toBeNull();
    await request(api.app).get('/api/users').set('X-Api-Key', created.key).expect(403);
    await call('delete', `/api-keys/${created.id}`, staff.admin.auth).expect(204);
    await relay({ phone: '+5491180000002' }).expect(401);
    await call('get', '/api-keys', staff.agent.auth).expect(403);
  });

  it('records every change in the audit log, readable by owners and admins only', async () => {
    await call('patch', '/tenant', staff.owner.auth, { settings: { slaMinutes: 9 } }).expect(200);
    const { body } = await call('get', '/audit-log?entity=Tenant', staff.admin.auth).expect(200);
    expect(body.items[0]).toMatchObject({ action: 'update', actorId: staff.owner.id, after: { settings: { slaMinutes: 9 } } });
    await call('get', '/audit-log', staff.agent.auth).expect(403);
    const users = await call('get', '/audit-log?entity=User', staff.admin.auth).expect(200);
    expect(JSON.stringify(users.body)).not.toMatch(/a long enough password|scrypt\$/);
  });
});

describe('platform tenants and per-agency rate limits', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ requestsPerMinute: () => 5 });
  });
  afterAll(() => api.close());

  it('lets a superadmin create an agency with its owner, and deactivating it stops its users', async () => {
    const superadmin = await platformBearer(api.db);
    const slug = `nueva-${Date.now()}`;
    const owner = { email: `owner@${slug}.test`, name: 'Dueña', password: 'a long enough password' };
    const { body: tenant } = await request(api.app).post('/api/platform/tenants').set('Authorization', superadmin).send({ name: 'Nueva', slug, owner }).expect(201);
    const login = await request(api.app).post('/api/auth/login').send({ email: owner.email, password: owner.password }).expect(200);
    await request(api.app).get('/api/me').set('Authorization', `Bearer ${login.body.token}`).expect(200);
    await request(api.app).post('/api/platform/tenants').set('Authorization', superadmin).send({ name: 'Dup', slug, owner }).expect(409);
    await request(api.app).patch(`/api/platform/tenants/${tenant.id}`).set('Authorization', superadmin).send({ active: false }).expect(200);
    await request(api.app).get('/api/me').set('Authorization', `Bearer ${login.body.token}`).expect(401);
  });

  it('answers 429 with Retry-After once an agency spends its budget, without slowing other agencies', async () => {
    const [busy, quiet] = [await createStaffedTenant(api.db, 'Busy'), await createStaffedTenant(api.db, 'Quiet')];
    for (let i = 0; i < 5; i += 1) await request(api.app).get('/api/leads').set('Authorization', busy.agent.auth).expect(200);
    const refused = await request(api.app).get('/api/leads').set('Authorization', busy.admin.auth).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.type).toBe('application/problem+json');
    await request(api.app).get('/api/leads').set('Authorization', quiet.agent.auth).expect(200);
  });
});
