import { createHash } from 'node:crypto';
import type { SecretBox } from '../domain/secret-box';
import type { Database } from '../prisma/client';
import { loadIntegrationConfig } from '../prisma/repositories/integration-secrets';
import { createIntegrationOutcomes } from '../integrations/integration-outcomes';
import { ElevenLabsClient, type ElevenLabsConfig, type VoiceSettings } from '../integrations/elevenlabs/client';
import { ProviderError } from '../integrations/provider-error';
import { audioContentType, VOICE_NOTE_CONTENT_TYPE } from '../integrations/media-store/media-keys';
import type { MediaStore } from '../integrations/media-store/media-store';
import { pcm16kToOggOpus } from './voice/opus-encoder';
import type { ChannelRegistry } from '../integrations/channel-registry';
import type { Channel } from '../prisma/generated/enums';
import { recordLeadEvent } from '../prisma/repositories/lead-events';

export interface SpeechInput {
  tenantId: string;
  text: string;
  /** Defaults to the agency's configured voice and model. */
  voiceId?: string;
  modelId?: string;
  languageCode?: string;
}

/** Raw PCM from ElevenLabs, encoded here to Ogg/Opus: the format WhatsApp plays as a voice note. */
const OUTPUT_FORMAT = 'pcm_16000';
const STORED_FORMAT = `${OUTPUT_FORMAT}>ogg_opus`;

/** Same text, voice, model, settings and format: same audio, never paid for twice. */
export function speechKey(parts: { text: string; voiceId: string; modelId: string; languageCode?: string; voiceSettings?: VoiceSettings }): string {
  const canonical = JSON.stringify([parts.text, parts.voiceId, parts.modelId, parts.languageCode ?? null, parts.voiceSettings ?? null, STORED_FORMAT]);
  return `${createHash('sha256').update(canonical).digest('hex')}.ogg`;
}

export function createVoiceActivities({ db, secrets, elevenLabsUrl, audioStore, channels }: { db: Database; secrets: SecretBox; elevenLabsUrl: string; audioStore: MediaStore; channels: ChannelRegistry }) {
  const outcomes = createIntegrationOutcomes(db);
  return {
    /** Uploads cached audio to the agency's channel; the media id is what the send then refers to. */
    async uploadVoiceMedia(input: { tenantId: string; audioKey: string; channel?: Channel }): Promise<{ mediaId: string }> {
      const audio = await audioStore.get(input.audioKey);
      if (!audio) throw new ProviderError('astor', 'not_found', `Audio ${input.audioKey} is not in the store`).toApplicationFailure();
      const channel = await channels.forTenant(input.tenantId, input.channel).catch((error: unknown) => {
        throw error instanceof ProviderError ? error.toApplicationFailure() : error;
      });
      try {
        return await channel.uploadMedia(audio, audioContentType(input.audioKey), input.audioKey);
      } catch (error) {
        throw error instanceof ProviderError ? error.toApplicationFailure() : error;
      }
    },

    /** Where a sent message stands now (delivery statuses arrive through webhooks). */
    async messageStatusOf(input: { tenantId: string; messageId: string }): Promise<{ status: string; errorCode: string | null; errorMessage: string | null }> {
      return db.inTenant(input.tenantId, (tx) => tx.message.findUniqueOrThrow({ where: { id: input.messageId }, select: { status: true, errorCode: true, errorMessage: true } }));
    },

    /** The outcome on the lead's timeline, with the audio's key so the note can be played in the CRM. */
    async recordVoiceOutcome(input: { tenantId: string; leadId: string; purpose: string; outcome: string; messageId?: string; reason?: string; code?: string; audioKey?: string }): Promise<void> {
      const { messageId, reason, code, audioKey } = input;
      const payload = { purpose: input.purpose, ...(messageId ? { messageId } : {}), ...(reason ? { reason } : {}), ...(code ? { code } : {}), ...(audioKey ? { audioKey } : {}) };
      await db.inTenant(input.tenantId, (tx) => recordLeadEvent(tx, { leadId: input.leadId, type: `voice.${input.outcome}`, payload }));
    },

    /**
     * Text to speech with the agency's ElevenLabs voice, cached by content key. A bad key marks the
     * integration unhealthy and fails at once; quota and concurrency limits are retried by Temporal.
     */
    async synthesizeSpeech(input: SpeechInput): Promise<{ audioKey: string; cached: boolean; contentType: string }> {
      const integration = await db.inTenant(input.tenantId, (tx) => loadIntegrationConfig<ElevenLabsConfig>(tx, secrets, 'ELEVENLABS'));
      if (!integration) throw new ProviderError('elevenlabs', 'invalid_request', 'ElevenLabs is not configured for this agency').toApplicationFailure();
      const { config } = integration;
      const request = { text: input.text, voiceId: input.voiceId ?? config.voiceId, modelId: input.modelId ?? config.modelId ?? 'eleven_multilingual_v2', languageCode: input.languageCode, voiceSettings: config.voiceSettings };
      const audioKey = speechKey(request);
      if (await audioStore.has(audioKey)) return { audioKey, cached: true, contentType: VOICE_NOTE_CONTENT_TYPE };
      try {
        const speech = await new ElevenLabsClient({ baseUrl: elevenLabsUrl, apiKey: config.apiKey }).textToSpeech(request.voiceId, request, OUTPUT_FORMAT);
        // Retrying would pay for the words again, so an empty answer fails instead.
        if (speech.audio.byteLength < 2) throw new ProviderError('elevenlabs', 'invalid_request', 'ElevenLabs answered with no audio');
        await outcomes.succeeded(input.tenantId, 'ELEVENLABS');
        await audioStore.put(audioKey, await pcm16kToOggOpus(speech.audio));
        return { audioKey, cached: false, contentType: VOICE_NOTE_CONTENT_TYPE };
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        await outcomes.failed(input.tenantId, 'ELEVENLABS', error);
        throw error.toApplicationFailure();
      }
    },
  };
}

export type VoiceActivities = ReturnType<typeof createVoiceActivities>;
