import { z } from 'zod';
import { IntegrationHealth, WhatsAppApiType, WhatsAppChannelStatus } from '../../prisma/generated/enums';
import { probeOutcomeSchema } from './integrations.schemas';
import { QUALITY_RATINGS } from '../../domain/messaging-limit';

export const putWhatsAppChannelBody = z.strictObject({
  /** Given, the tenant sends through this number from now on; left out, the chosen channel type is kept. */
  apiType: z.literal('BUSINESS_API').optional(),
  phoneNumberId: z.string().regex(/^\d{6,20}$/, 'is the numeric Phone number ID from Meta (not the phone number itself)'),
  businessAccountId: z.string().regex(/^\d{6,20}$/, 'is the numeric WhatsApp Business Account ID').nullable().optional(),
  displayPhoneNumber: z.string().trim().max(32).nullable().optional(),
  /** Required the first time; omit it later to keep the stored token. */
  accessToken: z.string().trim().min(20, 'looks too short for a Meta access token').max(1_000).optional(),
  fallbackToWeb: z.boolean().optional(),
});

/** Which channel the tenant's WhatsApp messages go out through, and whether the Web session backs the Business API up. */
export const putWhatsAppModeBody = z.strictObject({
  apiType: z.enum(['BUSINESS_API', 'WHATSAPP_WEB']),
  fallbackToWeb: z.boolean(),
});

export const whatsAppChannelSchema = z.discriminatedUnion('configured', [
  z.object({
    configured: z.literal(true),
    id: z.uuid(),
    apiType: z.enum(WhatsAppApiType),
    phoneNumberId: z.string().nullable(),
    businessAccountId: z.string().nullable(),
    displayPhoneNumber: z.string().nullable(),
    webSessionId: z.string().nullable(),
    fallbackToWeb: z.boolean(),
    messagesPerSecond: z.number().int(),
    sendWindowEnd: z.iso.datetime().nullable(),
    /** Meta's messaging limit and quality as last told; GET /channels/whatsapp/capacity adds what the last 24 h used. */
    messagingLimitTier: z.string().nullable(),
    qualityRating: z.enum(QUALITY_RATINGS).nullable(),
    qualityEvent: z.string().nullable(),
    messagingLimitUpdatedAt: z.iso.datetime().nullable(),
    status: z.enum(WhatsAppChannelStatus),
    /** Masked. */
    accessToken: z.string().nullable(),
    health: z.enum(IntegrationHealth),
    lastCheckedAt: z.iso.datetime().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  }),
  z.object({ configured: z.literal(false) }),
]);

export const whatsAppProbeSchema = probeOutcomeSchema(
  z.object({ displayPhoneNumber: z.string(), verifiedName: z.string().nullable(), qualityRating: z.string().nullable(), messagingLimitTier: z.string().nullable() }),
);

export const webSessionSchema = z.object({
  status: z.enum(['NONE', 'STARTING', 'SCAN_QR', 'CONNECTED', 'DISCONNECTED']),
  /** The paired phone (E.164 digits) once connected. */
  phone: z.string().nullable(),
  /** The QR code to scan, as an image data URL, while the bridge shows one. */
  qrImage: z.string().nullable(),
});

export const messagingCapacitySchema = z.object({
  /** Meta's name for the business portfolio's messaging limit (TIER_250, TIER_2K... TIER_UNLIMITED); null until Meta tells it. */
  tier: z.string().nullable(),
  /** Unique users business-initiated messages may reach per rolling 24 h; null when unlimited (a new portfolio's 250 until the tier is known). */
  limit: z.number().int().nullable(),
  /** Unique users business-initiated messages (templates outside the service window) reached in the rolling last 24 h. */
  usedLast24h: z.number().int(),
  /** Null when unlimited. */
  remaining: z.number().int().nullable(),
  qualityRating: z.enum(QUALITY_RATINGS).nullable(),
  /** The last phone_number_quality_update event Meta sent (UPGRADE, DOWNGRADE, FLAGGED...). */
  qualityEvent: z.string().nullable(),
  /** When Meta last told the tier or the quality. */
  updatedAt: z.iso.datetime().nullable(),
});
