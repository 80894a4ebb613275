import request from 'supertest';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../activities/providers/whatsapp-cloud/fake-server';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';

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

  it("tests the connection against Meta and reports Meta's own reason when it fails", async () => {
    expect((await probe(staff.admin.auth).expect(200)).body).toEqual({ ok: true, displayPhoneNumber: '+54 11 4000-1234', verifiedName: 'Fake Business', qualityRating: 'GREEN' });
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
