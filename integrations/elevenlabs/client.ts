import { parseJsonOr, providerFetch, unreachable } from '../provider-http';
import { elevenLabsError, type ElevenLabsErrorBody } from './errors';

/** What an agency stores (encrypted) to speak with its ElevenLabs voice. */
export interface ElevenLabsConfig {
  apiKey: string;
  voiceId: string;
  modelId?: string;
  voiceSettings?: VoiceSettings;
}

export interface VoiceSettings {
  stability?: number;
  similarity_boost?: number;
  style?: number;
  use_speaker_boost?: boolean;
  speed?: number;
}

export interface SpeechRequest {
  text: string;
  modelId: string;
  languageCode?: string;
  voiceSettings?: VoiceSettings;
  seed?: number;
}

export interface Voice {
  voice_id: string;
  name: string;
  labels?: Record<string, string>;
}

export const OUTPUT_FORMATS = ['mp3_22050_32', 'mp3_44100_128', 'mp3_44100_192', 'pcm_16000', 'pcm_44100', 'ulaw_8000', 'opus_48000_64'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A thin client of ElevenLabs' text-to-speech API (the official SDK is not needed for three calls). */
export class ElevenLabsClient {
  constructor(private readonly options: { baseUrl: string; apiKey: string; fetch?: typeof fetch; timeoutMs?: number }) {}

  async textToSpeech(voiceId: string, request: SpeechRequest, outputFormat: OutputFormat = 'mp3_44100_128'): Promise<{ audio: Uint8Array; contentType: string; characters: number }> {
    const body = {
      text: request.text,
      model_id: request.modelId,
      ...(request.languageCode ? { language_code: request.languageCode } : {}),
      ...(request.voiceSettings ? { voice_settings: request.voiceSettings } : {}),
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
    };
    const { bytes, headers } = await this.call('POST', `/v1/text-to-speech/${encodeURIComponent(voiceId)}?output_format=${outputFormat}`, body);
    return { audio: bytes, contentType: headers.get('content-type') ?? 'audio/mpeg', characters: request.text.length };
  }

  async listVoices(): Promise<Voice[]> {
    return (await this.json<{ voices: Voice[] }>('/v1/voices')).voices;
  }

  /** Subscription usage; a cheap call that proves the key works. */
  getUser(): Promise<{ subscription: { character_count: number; character_limit: number; tier?: string } }> {
    return this.json('/v1/user');
  }

  private async json<T>(path: string): Promise<T> {
    return JSON.parse(Buffer.from((await this.call('GET', path)).bytes).toString('utf8')) as T;
  }

  /** One request, its body read in full under the same timeout; failures come out as ProviderError. */
  private call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ bytes: Uint8Array; headers: Headers }> {
    return providerFetch(
      `${this.options.baseUrl.replace(/\/$/, '')}${path}`,
      { method, headers: { 'xi-api-key': this.options.apiKey, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined },
      {
        provider: 'elevenlabs',
        timeoutMs: this.options.timeoutMs ?? 60_000,
        fetch: this.options.fetch,
        onFailure: unreachable('elevenlabs', 'ElevenLabs'),
        read: (response, bytes) => {
          if (response.ok) return { bytes, headers: response.headers };
          throw elevenLabsError(response.status, parseJsonOr<ElevenLabsErrorBody>(bytes, (text) => ({ detail: text.slice(0, 200) })), response.headers.get('retry-after'), this.options.apiKey);
        },
      },
    );
  }
}
