import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { OUTPUT_FORMATS, type Voice } from '../client';

/** A failure the next authenticated calls answer with (`detail.status` is ElevenLabs' code), or 'hang' for a call never answered. */
export type FakeElevenLabsFailure = { httpStatus: number; status?: string; message?: string; retryAfterSeconds?: number } | 'hang';

interface FakeKey {
  apiKey: string;
  characterLimit?: number;
  voices?: Voice[];
}

const MODELS = new Set(['eleven_multilingual_v2', 'eleven_turbo_v2_5', 'eleven_flash_v2_5', 'eleven_v3']);
const DEFAULT_VOICES: Voice[] = [{ voice_id: 'voz-rioplatense', name: 'Valentina', labels: { accent: 'argentine', language: 'es' } }];

const detail = (res: Response, httpStatus: number, status: string, message: string) => res.status(httpStatus).json({ detail: { status, message } });

/** Deterministic stand-in audio: an MPEG frame header then bytes derived from the request, so equal input gives equal audio. */
function fakeMp3(seed: string): Buffer {
  const body = createHash('sha256').update(seed).digest();
  return Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), ...Array.from({ length: 32 }, () => body)]);
}

/**
 * Deterministic stand-in speech as raw 16-bit little-endian mono PCM (the `pcm_<rate>` formats):
 * a tone with a little noise, about as long as the text would take to say.
 */
function fakePcm(seed: string, sampleRate: number, characters: number): Buffer {
  const digest = createHash('sha256').update(seed).digest();
  const samples = Math.round(Math.min(60, Math.max(0.5, characters * 0.065)) * sampleRate);
  const pitch = 120 + digest[0]!;
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) pcm.writeInt16LE(Math.round(6_000 * Math.sin((2 * Math.PI * pitch * i) / sampleRate) + 8 * (digest[i % digest.length]! - 128)), i * 2);
  return pcm;
}

/**
 * A loopback ElevenLabs: `xi-api-key` auth, voices, subscription usage, text-to-speech with
 * character quotas (401 quota_exceeded), a concurrency limit (429 too_many_concurrent_requests),
 * FastAPI-style 422 validation errors, fault injection, and a count of generations so tests can
 * prove caching.
 */
export async function startFakeElevenLabs(options: { keys: FakeKey[]; maxConcurrent?: number; latencyMs?: number }) {
  const keys = new Map(options.keys.map((key) => [key.apiKey, { ...key, used: 0 }]));
  const generations: { voiceId: string; text: string; modelId: string }[] = [];
  const failures: FakeElevenLabsFailure[] = [];
  let inFlight = 0;

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use((req, res, next) => {
    const key = keys.get(req.header('xi-api-key') ?? '');
    if (!key) return detail(res, 401, 'invalid_api_key', 'Invalid API key');
    res.locals.key = key;
    const failure = failures.shift();
    if (failure === 'hang') return;
    if (failure) return detail(failure.retryAfterSeconds ? res.set('Retry-After', String(failure.retryAfterSeconds)) : res, failure.httpStatus, failure.status ?? 'internal_server_error', failure.message ?? 'Something went wrong');
    next();
  });

  app.get('/v1/voices', (_req, res) => {
    res.json({ voices: (res.locals.key as FakeKey).voices ?? DEFAULT_VOICES });
  });

  app.get('/v1/user', (_req, res) => {
    const key = res.locals.key as FakeKey & { used: number };
    res.json({ subscription: { tier: 'creator', character_count: key.used, character_limit: key.characterLimit ?? 100_000 } });
  });

  app.post('/v1/text-to-speech/:voiceId', async (req: Request, res: Response) => {
    const key = res.locals.key as FakeKey & { used: number };
    const body = (req.body ?? {}) as { text?: unknown; model_id?: unknown; voice_settings?: unknown; language_code?: unknown; seed?: unknown };
    const format = String(req.query.output_format ?? 'mp3_44100_128');
    const problems = [
      ...(typeof body.text === 'string' && body.text.trim() ? [] : [{ loc: ['body', 'text'], msg: 'Field required', type: 'missing' }]),
      ...(OUTPUT_FORMATS.includes(format as never) ? [] : [{ loc: ['query', 'output_format'], msg: 'Invalid output format', type: 'enum' }]),
      ...(body.model_id === undefined || MODELS.has(String(body.model_id)) ? [] : [{ loc: ['body', 'model_id'], msg: 'Model not found', type: 'value_error' }]),
    ];
    if (problems.length) return res.status(422).json({ detail: problems });
    if (!((key.voices ?? DEFAULT_VOICES).some((voice) => voice.voice_id === req.params.voiceId))) return detail(res, 404, 'voice_not_found', `A voice with the voice_id ${String(req.params.voiceId)} was not found.`);
    const text = String(body.text);
    if (key.used + text.length > (key.characterLimit ?? 100_000)) return detail(res, 401, 'quota_exceeded', 'This request exceeds your quota remaining.');
    if (inFlight >= (options.maxConcurrent ?? 2)) return detail(res, 429, 'too_many_concurrent_requests', 'Too many concurrent requests for your plan.');
    inFlight += 1;
    try {
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      key.used += text.length;
      generations.push({ voiceId: String(req.params.voiceId), text, modelId: String(body.model_id ?? 'eleven_multilingual_v2') });
      const seed = JSON.stringify([req.params.voiceId, text, body.model_id, body.voice_settings, body.language_code, body.seed, format]);
      if (format.startsWith('pcm_')) res.type('audio/pcm').send(fakePcm(seed, Number(format.slice(4)), text.length));
      else res.type('audio/mpeg').send(fakeMp3(seed));
    } finally {
      inFlight -= 1;
    }
  });

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    generations: () => [...generations],
    failNext: (count: number, failure: FakeElevenLabsFailure) => failures.push(...Array.from({ length: count }, () => failure)),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeElevenLabs = Awaited<ReturnType<typeof startFakeElevenLabs>>;
