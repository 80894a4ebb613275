import { ProviderError } from '../provider-error';
import { ElevenLabsClient } from './client';
import { startFakeElevenLabs, type FakeElevenLabs } from './fake-server';

const KEY = 'sk_test_astor_0123456789abcdef';
const request = { text: 'Hola Marta, te confirmo la visita de mañana a las 10.', modelId: 'eleven_multilingual_v2', languageCode: 'es' };

describe('ElevenLabsClient against the loopback API', () => {
  let fake: FakeElevenLabs;
  const client = (apiKey = KEY) => new ElevenLabsClient({ baseUrl: fake.baseUrl, apiKey });
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ProviderError);

  beforeAll(async () => {
    fake = await startFakeElevenLabs({ keys: [{ apiKey: KEY, characterLimit: 500 }, { apiKey: 'sk_small', characterLimit: 10 }], maxConcurrent: 1, latencyMs: 50 });
  });
  afterAll(() => fake.stop());

  it('turns text into MP3 audio, the same input giving the same bytes', async () => {
    const [a, b] = [await client().textToSpeech('voz-rioplatense', request), await client().textToSpeech('voz-rioplatense', request)];
    expect(a.contentType).toBe('audio/mpeg');
    expect(Array.from(a.audio.slice(0, 2))).toEqual([0xff, 0xfb]);
    expect(Buffer.from(a.audio).equals(Buffer.from(b.audio))).toBe(true);
    expect(fake.generations()).toHaveLength(2);
  });

  it('lists voices and reports usage as a cheap key check', async () => {
    expect((await client().listVoices())[0]).toMatchObject({ voice_id: 'voz-rioplatense' });
    expect((await client().getUser()).subscription.character_limit).toBe(500);
  });

  it.each([
    ['a wrong key', 'auth', () => client('sk_wrong').getUser()],
    ['an unknown voice', 'not_found', () => client().textToSpeech('nope', request)],
    ['an empty text', 'invalid_request', () => client().textToSpeech('voz-rioplatense', { ...request, text: ' ' })],
    ['an exhausted quota', 'invalid_request', () => client('sk_small').textToSpeech('voz-rioplatense', request)],
  ] as const)('maps %s to %s, failing fast', async (_label, category, call) => {
    const error = await failure(call());
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ category, retryable: false });
    expect(error!.message).not.toContain('sk_');
  });

  it('retries concurrency limits: a second request in flight gets 429', async () => {
    const results = await Promise.all([failure(client().textToSpeech('voz-rioplatense', { ...request, text: 'uno' })), failure(client().textToSpeech('voz-rioplatense', { ...request, text: 'dos' }))]);
    expect(results.filter(Boolean)).toEqual([expect.objectContaining({ category: 'rate_limit', retryable: true, details: expect.objectContaining({ code: 'too_many_concurrent_requests' }) })]);
  });

  it('treats an unreachable API as temporary', async () => {
    expect(await failure(new ElevenLabsClient({ baseUrl: 'http://127.0.0.1:9', apiKey: KEY }).getUser())).toMatchObject({ category: 'temporary' });
  });
});
