import { startFakeManyChat, type FakeManyChat } from '../../integrations/manychat/testing/fake-server';
import { startFakeUChat, type FakeUChat } from '../../integrations/uchat/testing/fake-server';
import { createLogger } from '../../domain/logger';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, recordingCaller, startTestApi, type TestApi } from '../../testing/api-harness';

const MANYCHAT_KEY = '1029384756:4f3c2b1a0d9e8f7a6b5c4d3e2f1a0b9c';
const UCHAT_TOKEN = 'uchat_workspace_token_0123456789abcdef';

describe('ManyChat and UChat settings', () => {
  let api: TestApi;
  let manyChat: FakeManyChat;
  let uchat: FakeUChat;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const logLines: string[] = [];
  const { call, responses } = recordingCaller(() => api, () => staff.admin.auth);

  beforeAll(async () => {
    manyChat = await startFakeManyChat({ pages: [{ apiKey: MANYCHAT_KEY, pageId: '1029384756', name: 'Inmobiliaria Sur' }] });
    uchat = await startFakeUChat({ bots: [{ token: UCHAT_TOKEN, botId: 'bot-1', subscribers: [{ userNs: 'u1' }, { userNs: 'u2' }] }] });
    api = await startTestApi({ env: { MANYCHAT_API_URL: manyChat.baseUrl, UCHAT_API_URL: uchat.baseUrl }, logger: createLogger('api', 'debug', (line) => logLines.push(line)) });
    staff = await createStaffedTenant(api.db, 'Bot settings');
  });
  afterAll(async () => {
    await Promise.all([manyChat.stop(), uchat.stop()]);
    await api.close();
  });

  it('connects ManyChat: the key is required once, the inbound token is shown once, and the connection test asks ManyChat', async () => {
    const missing = await call('put', '/integrations/manychat', { handoffTag: 'humano' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'apiKey' })]);
    const bad = await call('put', '/integrations/manychat', { apiKey: MANYCHAT_KEY, resumeFlow: 'no spaces allowed' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('resumeFlow');

    const saved = await call('put', '/integrations/manychat', { apiKey: MANYCHAT_KEY, handoffTag: 'humano', resumeFlow: 'content20260101000000_000001' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ apiKey: '1029…0b9c', handoffTag: 'humano', health: 'UNKNOWN', inboundUrl: expect.stringMatching(/\/webhooks\/manychat$/) });
    expect(saved.body.inboundToken).toMatch(new RegExp(`^${staff.tenant.id}\\.[\\w-]{32}$`));

    const shown = await call('get', '/integrations/manychat');
    expect(shown.body).toMatchObject({ configured: true, apiKey: '1029…0b9c' });
    expect(shown.body.inboundToken).not.toBe(saved.body.inboundToken);
    expect((await call('put', '/integrations/manychat', { handoffTag: 'agente' })).body.inboundToken).not.toBe(saved.body.inboundToken);

    expect((await call('post', '/integrations/manychat/test')).body).toEqual({ ok: true, account: 'Inmobiliaria Sur' });
    expect((await call('get', '/integrations/manychat')).body.health).toBe('HEALTHY');
  });

  it("reports the platform's own reason for a bad key and marks the integration unhealthy", async () => {
    await call('put', '/integrations/manychat', { apiKey: '1029384756:revokedrevokedrevoked' });
    expect((await call('post', '/integrations/manychat/test')).body).toEqual({ ok: false, category: 'auth', reason: expect.stringContaining('Wrong token') });
    expect((await call('get', '/integrations/manychat')).body).toMatchObject({ health: 'UNHEALTHY' });
    await call('put', '/integrations/manychat', { apiKey: MANYCHAT_KEY });
  });

  it('lets an agency use one bot platform at a time, and UChat is tested against UChat', async () => {
    const refused = await call('put', '/integrations/uchat', { apiKey: UCHAT_TOKEN });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/ManyChat is the agency's bot/);
    expect((await call('put', '/integrations/manychat', { active: false })).body.active).toBe(false);
    expect((await call('put', '/integrations/uchat', { apiKey: UCHAT_TOKEN })).status).toBe(200);
    expect((await call('post', '/integrations/uchat/test')).body).toEqual({ ok: true, contacts: 2 });
    expect((await call('put', '/integrations/manychat', { active: true })).status).toBe(409);
  });

  it('issues a new inbound token on request and keeps the settings for managers only', async () => {
    const before = (await call('get', '/integrations/uchat')).body;
    const rotated = await call('post', '/integrations/uchat/inbound-token');
    expect(rotated.body.inboundToken).toMatch(new RegExp(`^${staff.tenant.id}\\.`));
    expect((await call('get', '/integrations/uchat')).body.inboundToken).not.toBe(before.inboundToken);
    for (const [method, path] of [['get', '/integrations/uchat'], ['put', '/integrations/uchat'], ['post', '/integrations/uchat/test'], ['delete', '/integrations/manychat']] as const) {
      expect((await call(method, path, {}, staff.agent.auth)).status).toBe(403);
    }
  });

  it('never lets a key or token out: not in responses after the first, audit entries, logs or the database in clear', async () => {
    const tokens = responses.map((text) => /"inboundToken":"([^"]+\.[^"]+)"/.exec(text)?.[1]).filter((token): token is string => Boolean(token));
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    responses.push((await call('get', '/audit-log?entity=TenantIntegration', undefined, staff.owner.auth)).text);
    const stored = await adminQuery<{ encryptedConfig: string }>(`SELECT "encryptedConfig" FROM "TenantIntegration" WHERE "tenantId" = $1`, [staff.tenant.id]);
    for (const secret of [MANYCHAT_KEY, UCHAT_TOKEN, ...tokens.map((token) => token.split('.')[1]!)]) {
      expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
      expect(stored.filter((row) => row.encryptedConfig.includes(secret))).toEqual([]);
    }
    for (const secret of [MANYCHAT_KEY, UCHAT_TOKEN]) expect(responses.filter((text) => text.includes(secret))).toEqual([]);
    expect((await call('delete', '/integrations/uchat')).status).toBe(204);
    expect((await call('get', '/integrations/uchat')).body).toMatchObject({ configured: false });
    expect((await call('delete', '/integrations/uchat')).status).toBe(404);
  });
});
