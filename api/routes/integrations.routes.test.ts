import { startFakeElevenLabs, type FakeElevenLabs } from '../../integrations/elevenlabs/testing/fake-server';
import { createLogger } from '../../domain/logger';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, recordingCaller, startTestApi, type TestApi } from '../../testing/api-harness';

const KEY = 'sk_elevenlabs_agency_secret_42';

describe('ElevenLabs settings', () => {
  let api: TestApi;
  let fake: FakeElevenLabs;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  const logLines: string[] = [];
  const { call, responses } = recordingCaller(() => api, () => staff.admin.auth);

  beforeAll(async () => {
    fake = await startFakeElevenLabs({ keys: [{ apiKey: KEY, characterLimit: 10_000 }] });
    api = await startTestApi({ env: { ELEVENLABS_API_URL: fake.baseUrl }, logger: createLogger('api', 'debug', (line) => logLines.push(line)) });
    staff = await createStaffedTenant(api.db, 'Voice settings');
  });
  afterAll(async () => {
    await fake.stop();
    await api.close();
  });

  it('saves the key encrypted, shows it masked, and tests the connection with the provider', async () => {
    expect((await call('put', '/integrations/elevenlabs', { voiceId: 'voz-rioplatense' })).status).toBe(400);
    const saved = await call('put', '/integrations/elevenlabs', { apiKey: KEY, voiceId: 'voz-rioplatense', voiceSettings: { stability: 0.5 } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ apiKey: 'sk_e…t_42', voiceId: 'voz-rioplatense', modelId: 'eleven_multilingual_v2', health: 'UNKNOWN' });
    expect((await call('post', '/integrations/elevenlabs/test')).body).toEqual({ ok: true, characterCount: 0, characterLimit: 10_000 });
    expect((await call('get', '/integrations/elevenlabs')).body).toMatchObject({ configured: true, health: 'HEALTHY', apiKey: 'sk_e…t_42' });
    expect((await call('put', '/integrations/elevenlabs', { voiceId: 'voz-rioplatense', modelId: 'eleven_turbo_v2_5' })).body).toMatchObject({ modelId: 'eleven_turbo_v2_5', health: 'HEALTHY' });
  });

  it("reports the provider's reason for a bad key and marks the integration unhealthy", async () => {
    await call('put', '/integrations/elevenlabs', { apiKey: 'sk_elevenlabs_revoked_000000', voiceId: 'voz-rioplatense' });
    expect((await call('post', '/integrations/elevenlabs/test')).body).toEqual({ ok: false, category: 'auth', code: 'invalid_api_key', reason: 'elevenlabs: Invalid API key' });
    expect((await call('get', '/integrations/elevenlabs')).body).toMatchObject({ health: 'UNHEALTHY', lastError: 'elevenlabs: Invalid API key' });
    expect((await call('post', '/integrations/elevenlabs/test', {}, staff.agent.auth)).status).toBe(403);
  });

  it('never lets a key out: not in responses, audit entries, logs or the database in clear', async () => {
    responses.push((await call('get', '/audit-log?entity=TenantIntegration', undefined, staff.owner.auth)).text);
    const stored = await adminQuery<{ encryptedConfig: string }>(`SELECT "encryptedConfig" FROM "TenantIntegration" WHERE "tenantId" = $1`, [staff.tenant.id]);
    for (const secret of [KEY, 'sk_elevenlabs_revoked_000000']) {
      expect(responses.filter((text) => text.includes(secret))).toEqual([]);
      expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
      expect(stored.filter((row) => row.encryptedConfig.includes(secret))).toEqual([]);
    }
    expect((await call('delete', '/integrations/elevenlabs')).status).toBe(204);
    expect((await call('get', '/integrations/elevenlabs')).body).toEqual({ configured: false });
  });
});
