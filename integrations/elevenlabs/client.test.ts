import { ProviderError } from '../provider-error';
import { ElevenLabsClient } from './client';
import { startFakeElevenLabs, type FakeElevenLabs } from './testing/fake-server';

const KEY = 'sk_test_astor_0123456789abcdef';
const request = { text: 'Hola Marta, te confirmo la visita de mañana a las 10.', modelId: 'eleven_multilingual_v2', languageCode: 'es' };
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ProviderError);

describe('ElevenLabsClient against the loopback API', () => {
  let fake: FakeElevenLabs;
  const client = (apiKey = KEY, timeoutMs?: number) => new ElevenLabsClient({ baseUrl: fake.baseUrl, apiKey, timeoutMs });
  const speak = (text: string) => client().textToSpeech('voz-rioplatense', { ...request, text });

  beforeAll(async () => {
    fake = await startFakeElevenLabs({ keys: [{ apiKey: KEY, characterLimit: 500 }, { apiKey: 'sk_small', characterLimit: 10 }], maxConcurrent: 1, latencyMs: 50 });
  });
  afterAll(() => fake.stop());

  it('turns text into MP3 audio, the same input giving the same bytes', async () => {
    const [a, b] = [await client().textToSpeech('voz-rioplatense', request), await client().textToSpeech('voz-rioplatense', request)];
    expect(a.contentType).toBe('audio/mpeg');
    expect(a.characters).toBe(request.text.length);
    expect(Array.from(a.audio.slice(0, 2))).toEqual([0xff, 0xfb]);
    expect(Buffer.from(a.audio).equals(Buffer.from(b.audio))).toBe(true);
    expect(fake.generations()).toHaveLength(2);
  });

  it('answers pcm_16000 with raw 16-bit mono samples, about as long as the text takes to say', async () => {
    const speech = await client().textToSpeech('voz-rioplatense', request, 'pcm_16000');
    expect(speech.contentType).toMatch(/^audio\/pcm/);
    const seconds = speech.audio.byteLength / 2 / 16_000;
    expect(seconds).toBeGreaterThan(request.text.length / 25);
    expect(seconds).toBeLessThan(request.text.length / 10);
  });

  it('gives other audio when the text, settings, seed or format change', async () => {
    const base = Buffer.from((await client().textToSpeech('voz-rioplatense', { ...request, text: 'Hola' })).audio);
    const variants = [
      await client().textToSpeech('voz-rioplatense', { ...request, text: 'Holá' }),
      await client().textToSpeech('voz-rioplatense', { ...request, text: 'Hola', voiceSettings: { stability: 0.4, speed: 1.1 } }),
      await client().textToSpeech('voz-rioplatense', { ...request, text: 'Hola', seed: 7 }),
      await client().textToSpeech('voz-rioplatense', { ...request, text: 'Hola' }, 'mp3_22050_32'),
    ];
    for (const variant of variants) expect(Buffer.from(variant.audio).equals(base)).toBe(false);
  });

  it('lists voices and reports usage as a cheap key check', async () => {
    expect((await client().listVoices())[0]).toMatchObject({ voice_id: 'voz-rioplatense' });
    const { subscription } = await client().getUser();
    expect(subscription.character_limit).toBe(500);
    expect(subscription.character_count).toBe(fake.generations().reduce((sum, generation) => sum + generation.text.length, 0));
  });

  it.each([
    ['a wrong key', 'auth', 'invalid_api_key', () => client('sk_wrong').getUser()],
    ['an unknown voice', 'not_found', 'voice_not_found', () => client().textToSpeech('nope', request)],
    ['an empty text', 'invalid_request', 'validation_error', () => speak(' ')],
    ['an unknown model', 'invalid_request', 'validation_error', () => client().textToSpeech('voz-rioplatense', { ...request, modelId: 'eleven_v9' })],
    ['an unknown output format', 'invalid_request', 'validation_error', () => client().textToSpeech('voz-rioplatense', request, 'mp3_8000_8' as never)],
    ['an exhausted quota', 'invalid_request', 'quota_exceeded', () => client('sk_small').textToSpeech('voz-rioplatense', request)],
  ] as const)('maps %s to %s, failing fast', async (_label, category, code, call) => {
    const error = await failure(call());
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ category, retryable: false, details: expect.objectContaining({ code }) });
    expect(error!.message).not.toContain('sk_');
  });

  it('names what a 422 found wrong, as FastAPI lists it', async () => {
    const error = await failure(client().textToSpeech('voz-rioplatense', { ...request, text: '', modelId: 'eleven_v9' }, 'wav' as never));
    expect(error!.message).toBe('elevenlabs: Field required; Invalid output format; Model not found');
    expect(error!.details.httpStatus).toBe(422);
  });

  it('does not count a refused request against the quota', async () => {
    const before = (await client().getUser()).subscription.character_count;
    await failure(client().textToSpeech('nope', request));
    await failure(speak(' '));
    expect((await client().getUser()).subscription.character_count).toBe(before);
  });

  it('retries concurrency limits: a second request in flight gets 429', async () => {
    const results = await Promise.all([failure(speak('uno')), failure(speak('dos'))]);
    expect(results.filter(Boolean)).toEqual([expect.objectContaining({ category: 'rate_limit', retryable: true, details: expect.objectContaining({ code: 'too_many_concurrent_requests' }) })]);
  });

  it('retries a busy system, keeping its Retry-After', async () => {
    fake.failNext(1, { httpStatus: 429, status: 'system_busy', message: 'Our services are experiencing high traffic.', retryAfterSeconds: 3 });
    expect(await failure(speak('hola'))).toMatchObject({ category: 'rate_limit', retryable: true, details: { code: 'system_busy', httpStatus: 429, retryAfterSeconds: 3 } });
  });

  it('retries 5xx answers, timeouts and an unreachable API as temporary', async () => {
    fake.failNext(1, { httpStatus: 500 });
    expect(await failure(speak('hola'))).toMatchObject({ category: 'temporary', retryable: true, details: { httpStatus: 500 } });
    fake.failNext(1, 'hang');
    expect(await failure(client(KEY, 150).getUser())).toMatchObject({ category: 'temporary', message: 'elevenlabs: ElevenLabs timed out' });
    expect(await failure(new ElevenLabsClient({ baseUrl: 'http://127.0.0.1:9', apiKey: KEY }).getUser())).toMatchObject({ category: 'temporary', message: 'elevenlabs: ElevenLabs could not be reached' });
  });

  it('masks the key when ElevenLabs quotes it back', async () => {
    fake.failNext(1, { httpStatus: 401, status: 'invalid_api_key', message: `Invalid API key: ${KEY}` });
    expect(await failure(client().getUser())).toMatchObject({ category: 'auth', message: 'elevenlabs: Invalid API key: sk_t…cdef' });
  });
});
