import { z } from 'zod';
import { IntegrationHealth, IntegrationProvider } from '../../prisma/generated/enums';

/** "Probar conexión" (services/integrations/provider-probe.ts): the provider's answer, or its own reason for refusing. */
export function probeOutcomeSchema<Success extends z.ZodObject>(success: Success) {
  return z.discriminatedUnion('ok', [
    success.extend({ ok: z.literal(true) }),
    z.object({ ok: z.literal(false), category: z.string(), reason: z.string(), code: z.string().optional() }),
  ]);
}

/** A stored provider connection: its secret never appears, only masked. */
export const integrationStateShape = {
  provider: z.enum(IntegrationProvider),
  active: z.boolean(),
  health: z.enum(IntegrationHealth),
  lastCheckedAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
};

const voiceSettings = z.strictObject({
  stability: z.number().min(0).max(1).optional(),
  similarity_boost: z.number().min(0).max(1).optional(),
  style: z.number().min(0).max(1).optional(),
  use_speaker_boost: z.boolean().optional(),
  speed: z.number().min(0.7).max(1.2).optional(),
});

export const elevenLabsBody = z.strictObject({
  /** Required the first time; omit it later to keep the stored key. */
  apiKey: z.string().trim().min(16).max(200).optional(),
  voiceId: z.string().trim().regex(/^[A-Za-z0-9_-]{3,64}$/, 'is the voice id from ElevenLabs'),
  modelId: z.string().trim().regex(/^[a-z0-9_]{3,64}$/).default('eleven_multilingual_v2'),
  voiceSettings: voiceSettings.optional(),
  active: z.boolean().default(true),
});

export const elevenLabsSchema = z.object({ ...integrationStateShape, apiKey: z.string(), voiceId: z.string(), modelId: z.string().optional(), voiceSettings: voiceSettings.optional() });

export const elevenLabsStateSchema = z.discriminatedUnion('configured', [elevenLabsSchema.extend({ configured: z.literal(true) }), z.object({ configured: z.literal(false) })]);

export const elevenLabsProbeSchema = probeOutcomeSchema(z.object({ characterCount: z.number(), characterLimit: z.number() }));

export const metaLeadsBody = z.strictObject({
  /** Required the first time; omit it later to keep the stored token. */
  accessToken: z.string().trim().min(20).max(1_000).optional(),
  pageIds: z
    .array(z.string().trim().regex(/^\d{5,25}$/, 'is the numeric id of a Facebook page'))
    .min(1)
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, 'lists a page twice'),
  active: z.boolean().default(true),
});

const metaLeadsShape = { active: z.boolean(), health: z.enum(IntegrationHealth), lastCheckedAt: z.iso.datetime().nullable(), lastError: z.string().nullable(), accessToken: z.string(), pageIds: z.array(z.string()) };
export const metaLeadsSchema = z.object({ configured: z.literal(true), ...metaLeadsShape });
export const metaLeadsStateSchema = z.discriminatedUnion('configured', [metaLeadsSchema, z.object({ configured: z.literal(false) })]);
export const metaLeadsProbeSchema = probeOutcomeSchema(z.object({ pages: z.array(z.object({ id: z.string(), name: z.string() })) }));

const flowId = z.string().trim().regex(/^[\w:.-]{1,120}$/, 'is the flow id the platform shows (e.g. content20240101000000_000001)');

export const botPlatformBody = z.strictObject({
  /** Required the first time; omit it later to keep the stored key. */
  apiKey: z.string().trim().min(8).max(300).optional(),
  handoffTag: z.string().trim().min(1).max(60).default('astor_agente'),
  resumeFlow: flowId.nullable().default(null),
  active: z.boolean().default(true),
});

/** The inbound token is shown whole only when first issued or rotated, masked otherwise. */
const inboundEndpoint = { inboundUrl: z.string(), inboundToken: z.string() };
export const botPlatformSchema = z.object({ configured: z.literal(true), ...integrationStateShape, apiKey: z.string(), handoffTag: z.string(), resumeFlow: z.string().nullable(), ...inboundEndpoint });
export const botPlatformStateSchema = z.discriminatedUnion('configured', [botPlatformSchema, z.object({ configured: z.literal(false), inboundUrl: z.string() })]);
export const inboundTokenSchema = z.object(inboundEndpoint);
/** What the platform reports about the account; fields differ between ManyChat and UChat. */
export const botPlatformProbeSchema = probeOutcomeSchema(z.object({}).catchall(z.union([z.string(), z.number()])));
