import request from 'supertest';
import { workflowIds } from '../../domain/temporal-contracts';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { adminQuery, testSecretBox } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { startWhatsAppWebStack } from '../../testing/whatsapp-web-harness';

const TOKEN = 'EAAGm0PX4ZCpsBAKZBx9FzTESTTOKEN0001';

describe('WhatsApp channel settings', () => {
  let api: TestApi;
  let fake: FakeWhatsAppCloud;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const phoneNumberId = String(1_000_000_000 + Math.floor(Math.random() * 1e8));
  const put = (auth: string, body: object) => request(api.app).put('/api/channels/whatsapp').set('Authorization', auth).send(body);
  const probe = (auth: string) => request(api.app).post('/api/channels/whatsapp/test').set('Authorization', auth).send({});

  beforeAll(async () => {
    fake = await startFakeWhatsAppCloud({ numbers: [{ phoneNumberId, accessToken: TOKEN, displayPhoneNumber: '+54 11 4000-1234', appSecret: 'unused-app-secret' }] });
    api = await startTestApi({ env: { WHATSAPP_GRAPH_URL: fake.baseUrl } });
    staff = await createStaffedTenant(api.db, 'Channel');
  });
  afterAll(async () => {
    await fake.stop();
    await api.close();
  });

  it('needs the token the first time', async () => {
    const { body } = await put(staff.admin.auth, { apiType: 'BUSINESS_API', phoneNumberId }).expect(400);
    expect(body.errors[0].path).toBe('accessToken');
  });

  it('stores the token encrypted and never shows it again, not even in the audit log', async () => {
    const { body, text } = await put(staff.admin.auth, { apiType: 'BUSINESS_API', phoneNumberId, accessToken: TOKEN }).expect(200);
    expect(body).toMatchObject({ configured: true, phoneNumberId, accessToken: 'EAAG…0001', status: 'PENDING' });
    expect(text).not.toContain(TOKEN);
    const stored = await adminQuery<{ encryptedConfig: string }>(`SELECT "encryptedConfig" FROM "TenantIntegration" WHERE "tenantId" = $1`, [staff.tenant.id]);
    expect(stored[0]!.encryptedConfig).not.toContain(TOKEN.slice(4, 20));
    const audit = await request(api.app).get('/api/audit-log?entity=WhatsAppChannel').set('Authorization', staff.owner.auth).expect(200);
    expect(JSON.stringify(audit.body)).not.toContain(TOKEN);
    expect((await request(api.app).get('/api/channels/whatsapp').set('Authorization', staff.admin.auth).expect(200)).text).not.toContain(TOKEN);
  });

  it('schedules the hourly sync with Meta (templates, quality, messaging limit) once the number has its business account', async () => {
    const schedule = api.temporal.schedule.getHandle(workflowIds.templateSyncSchedule(staff.tenant.id));
    await expect(schedule.describe()).rejects.toThrow();
    await put(staff.admin.auth, { apiType: 'BUSINESS_API', phoneNumberId, businessAccountId: '102938475610', accessToken: TOKEN }).expect(200);
    expect((await schedule.describe()).spec.intervals).toMatchObject([{ every: 3_600_000 }]);
    await schedule.delete();
  });

  it("tests the connection against Meta and reports Meta's own reason when it fails", async () => {
    expect((await probe(staff.admin.auth).expect(200)).body).toEqual({ ok: true, displayPhoneNumber: '+54 11 4000-1234', verifiedName: 'Fake Business', qualityRating: 'GREEN', messagingLimitTier: 'TIER_2K' });
    expect((await request(api.app).get('/api/channels/whatsapp').set('Authorization', staff.admin.auth)).body).toMatchObject({ status: 'CONNECTED', health: 'HEALTHY' });
    await put(staff.admin.auth, { apiType: 'BUSINESS_API', phoneNumberId, accessToken: 'EAAGwrongwrongwrongwrong' }).expect(200);
    const failed = await probe(staff.admin.auth).expect(200);
    expect(failed.body).toMatchObject({ ok: false, category: 'auth', code: '190', reason: expect.stringContaining('Invalid OAuth access token') });
    expect((await request(api.app).get('/api/channels/whatsapp').set('Authorization', staff.admin.auth)).body).toMatchObject({ status: 'ERROR', health: 'UNHEALTHY' });
  });

  it('keeps one number with one agency, and settings with owners and admins', async () => {
    const other = await createStaffedTenant(api.db, 'Other channel');
    await put(other.owner.auth, { apiType: 'BUSINESS_API', phoneNumberId, accessToken: TOKEN }).expect(409);
    await put(staff.agent.auth, { apiType: 'BUSINESS_API', phoneNumberId, accessToken: TOKEN }).expect(403);
    await request(api.app).get('/api/channels/whatsapp').set('Authorization', staff.agent.auth).expect(403);
  });

  it('disconnects the number and forgets the token', async () => {
    const local = await createStaffedTenant(api.db, 'Disconnect');
    await put(local.admin.auth, { apiType: 'BUSINESS_API', phoneNumberId: '5550001112223', accessToken: TOKEN }).expect(200);
    await request(api.app).delete('/api/channels/whatsapp').set('Authorization', local.admin.auth).expect(204);
    expect((await request(api.app).get('/api/channels/whatsapp').set('Authorization', local.admin.auth)).body).toEqual({ configured: false });
    expect(await adminQuery(`SELECT 1 FROM "TenantIntegration" WHERE "tenantId" = $1`, [local.tenant.id])).toHaveLength(0);
  });
});

describe('WhatsApp Web session settings', () => {
  let stack: Awaited<ReturnType<typeof startWhatsAppWebStack>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const call = (method: 'get' | 'post' | 'put' | 'delete', path: string, auth = staff.admin.auth) => request(stack.api.app)[method](`/api/channels/whatsapp${path}`).set('Authorization', auth);
  const sessionOf = async (tenantId: string) => (await adminQuery<{ webSessionId: string | null }>(`SELECT "webSessionId" FROM "WhatsAppChannel" WHERE "tenantId" = $1`, [tenantId]))[0]?.webSessionId ?? null;

  beforeAll(async () => {
    stack = await startWhatsAppWebStack();
    staff = await createStaffedTenant(stack.api.db, 'Web settings');
  });
  afterAll(() => stack.stop());

  it('starts one session per agency with a QR code to scan, keeping its webhook secret encrypted and out of every answer', async () => {
    expect((await call('get', '/web-session').expect(200)).body).toEqual({ status: 'NONE', phone: null, qrImage: null });
    const started = await call('post', '/web-session').send({}).expect(200);
    expect(started.body).toEqual({ status: 'SCAN_QR', phone: null, qrImage: expect.stringMatching(/^data:image\//) });
    const session = (await sessionOf(staff.tenant.id))!;
    expect((await call('post', '/web-session').send({}).expect(200)).body.status).toBe('SCAN_QR');
    expect(await sessionOf(staff.tenant.id)).toBe(session);
    const other = await createStaffedTenant(stack.api.db, 'Other web');
    await call('post', '/web-session', other.owner.auth).send({}).expect(200);
    expect(await sessionOf(other.tenant.id)).not.toBe(session);

    const [stored] = await adminQuery<{ encryptedConfig: string }>(`SELECT "encryptedConfig" FROM "TenantIntegration" WHERE "tenantId" = $1 AND provider = 'WHATSAPP_WEB'`, [staff.tenant.id]);
    const { webhookSecret } = (await stack.api.db.inTenant(staff.tenant.id, (tx) => loadIntegrationConfig<{ webhookSecret: string }>(tx, testSecretBox(), 'WHATSAPP_WEB')))!.config;
    expect(stored!.encryptedConfig).not.toContain(webhookSecret);
    const shown = [started.text, (await call('get', '').expect(200)).text, JSON.stringify((await request(stack.api.app).get('/api/audit-log?entity=WhatsAppChannel').set('Authorization', staff.owner.auth).expect(200)).body)];
    for (const text of shown) expect(text).not.toContain(webhookSecret);
  });

  it('shows the connected phone once the QR code is scanned', async () => {
    stack.bridge.scan((await sessionOf(staff.tenant.id))!, '5491144440000');
    expect((await call('get', '/web-session').expect(200)).body).toEqual({ status: 'CONNECTED', phone: '5491144440000', qrImage: null });
  });

  it('switches between the Business API and WhatsApp Web, refusing a Business API without a number', async () => {
    const refused = await call('put', '/mode').send({ apiType: 'BUSINESS_API', fallbackToWeb: true }).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const invalid = await call('put', '/mode').send({ apiType: 'SMS', fallbackToWeb: 'yes' }).expect(400);
    expect(invalid.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['apiType', 'fallbackToWeb']);
    expect((await call('put', '/mode').send({ apiType: 'WHATSAPP_WEB', fallbackToWeb: false }).expect(200)).body).toMatchObject({ configured: true, apiType: 'WHATSAPP_WEB', fallbackToWeb: false });
  });

  it('keeps the session settings with owners and admins', async () => {
    for (const [method, path] of [['get', '/web-session'], ['post', '/web-session'], ['delete', '/web-session'], ['put', '/mode']] as const) await call(method, path, staff.agent.auth).send({}).expect(403);
  });

  it('answers 503 when the bridge is down, 429 when it asks to slow down', async () => {
    stack.bridge.failNext(1, { httpStatus: 502, code: 'internal' });
    expect((await call('get', '/web-session').expect(503)).headers['content-type']).toContain('application/problem+json');
    stack.bridge.failNext(1, { httpStatus: 429, code: 'rate_limited', retryAfterSeconds: 7 });
    expect((await call('get', '/web-session').expect(429)).headers['retry-after']).toBe('7');
  });

  it('logs the session out of the bridge and forgets it and its secret', async () => {
    const session = (await sessionOf(staff.tenant.id))!;
    await call('delete', '/web-session').expect(204);
    expect(stack.bridge.session(session)?.status).toBe('DISCONNECTED');
    expect(await sessionOf(staff.tenant.id)).toBeNull();
    expect(await adminQuery(`SELECT 1 FROM "TenantIntegration" WHERE "tenantId" = $1 AND provider = 'WHATSAPP_WEB'`, [staff.tenant.id])).toHaveLength(0);
    expect((await call('get', '/web-session').expect(200)).body.status).toBe('NONE');
    await call('delete', '/web-session').expect(404);
  });
});
