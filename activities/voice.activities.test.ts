import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../prisma/client';
import { saveIntegrationConfig } from '../prisma/repositories/integration-secrets';
import { createTestTenant, openDatabase, testSecretBox } from '../testing/harness';
import { startFakeElevenLabs, type FakeElevenLabs } from '../integrations/elevenlabs/testing/fake-server';
import { LocalMediaStore } from '../integrations/media-store/media-store';
import { createVoiceActivities } from './voice.activities';

describe('synthesizeSpeech', () => {
  let db: Database;
  let fake: FakeElevenLabs;
  let store: LocalMediaStore;
  let synthesize: ReturnType<typeof createVoiceActivities>['synthesizeSpeech'];
  const tenantWith = async (config?: object) => {
    const tenant = await createTestTenant(db, 'Voice');
    if (config) await db.inTenant(tenant.id, (tx) => saveIntegrationConfig(tx, testSecretBox(), 'ELEVENLABS', config as Record<string, unknown>));
    return tenant.id;
  };

  beforeAll(async () => {
    db = openDatabase();
    fake = await startFakeElevenLabs({ keys: [{ apiKey: 'sk_agency_key_0001' }] });
    store = new LocalMediaStore(mkdtempSync(path.join(os.tmpdir(), 'astor-voice-')));
    synthesize = createVoiceActivities({ db, secrets: testSecretBox(), elevenLabsUrl: fake.baseUrl, audioStore: store, channels: { forTenant: () => Promise.reject(new Error('not used')) } }).synthesizeSpeech;
  });
  afterAll(async () => {
    await fake.stop();
    await db.disconnect();
  });

  it('generates a message once and serves the same words from the cache afterwards', async () => {
    const tenantId = await tenantWith({ apiKey: 'sk_agency_key_0001', voiceId: 'voz-rioplatense' });
    const text = `Hola Marta, te esperamos mañana ${Date.now()}`;
    const first = await synthesize({ tenantId, text });
    const second = await synthesize({ tenantId, text });
    expect(first.cached).toBe(false);
    expect(second).toEqual({ ...first, cached: true });
    expect(fake.generations().filter((generation) => generation.text === text)).toHaveLength(1);
    expect((await store.get(first.audioKey))?.length).toBeGreaterThan(100);
    expect((await synthesize({ tenantId, text: `${text}!` })).audioKey).not.toBe(first.audioKey);
  });

  it('stores an Ogg/Opus voice note encoded from the raw PCM it asks ElevenLabs for', async () => {
    const tenantId = await tenantWith({ apiKey: 'sk_agency_key_0001', voiceId: 'voz-rioplatense' });
    const { audioKey, contentType } = await synthesize({ tenantId, text: `Nota de voz ${Date.now()}` });
    expect(contentType).toBe('audio/ogg; codecs=opus');
    expect(audioKey).toMatch(/^[0-9a-f]{64}\.ogg$/);
    const audio = Buffer.from((await store.get(audioKey))!);
    expect(audio.toString('latin1', 0, 4)).toBe('OggS');
    expect(audio.toString('latin1', 28, 36)).toBe('OpusHead');
  });

  it('leaves concurrency and busy limits to Temporal’s retries, without blaming the key', async () => {
    const tenantId = await tenantWith({ apiKey: 'sk_agency_key_0001', voiceId: 'voz-rioplatense' });
    for (const status of ['too_many_concurrent_requests', 'system_busy']) {
      fake.failNext(1, { httpStatus: 429, status, message: 'Slow down' });
      const error = await synthesize({ tenantId, text: `Hola ${status}` }).catch((failure: unknown) => failure);
      expect(error).toMatchObject({ nonRetryable: false, type: 'Provider.rate_limit' });
    }
    const health = await db.inTenant(tenantId, (tx) => tx.tenantIntegration.findFirstOrThrow({ select: { health: true } }));
    expect(health.health).not.toBe('UNHEALTHY');
  });

  it('fails at once with a clear reason when the ElevenLabs quota is spent, keeping the key healthy', async () => {
    const tenantId = await tenantWith({ apiKey: 'sk_agency_key_0001', voiceId: 'voz-rioplatense' });
    fake.failNext(1, { httpStatus: 401, status: 'quota_exceeded', message: 'This request exceeds your quota remaining.' });
    const error = await synthesize({ tenantId, text: 'Hola cuota' }).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ nonRetryable: true, message: 'elevenlabs: This request exceeds your quota remaining.', details: [expect.objectContaining({ code: 'quota_exceeded' })] });
    const health = await db.inTenant(tenantId, (tx) => tx.tenantIntegration.findFirstOrThrow({ select: { health: true } }));
    expect(health.health).not.toBe('UNHEALTHY');
  });

  it('fails fast on a bad key and marks the integration unhealthy', async () => {
    const tenantId = await tenantWith({ apiKey: 'sk_revoked_key_0000', voiceId: 'voz-rioplatense' });
    const error = await synthesize({ tenantId, text: 'Hola' }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).not.toContain('sk_revoked');
    const health = await db.inTenant(tenantId, (tx) => tx.tenantIntegration.findFirstOrThrow({ select: { health: true } }));
    expect(health.health).toBe('UNHEALTHY');
  });

  it('says so when the agency has not configured ElevenLabs', async () => {
    const tenantId = await tenantWith();
    await expect(synthesize({ tenantId, text: 'Hola' })).rejects.toMatchObject({ nonRetryable: true, message: expect.stringContaining('not configured') });
  });
});
