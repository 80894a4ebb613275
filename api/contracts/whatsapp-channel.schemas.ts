import { z } from 'zod';
import { IntegrationHealth, WhatsAppApiType, WhatsAppChannelStatus } from '../../prisma/generated/enums';
import { probeOutcomeSchema } from './integrations.schemas';

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

export const whatsAppProbeSchema = probeOutcomeSchema(z.object({ displayPhoneNumber: z.string(), verifiedName: z.string().nullable(), qualityRating: z.string().nullable() }));

export const webSessionSchema = z.object({
  status: z.enum(['NONE', 'STARTING', 'SCAN_QR', 'CONNECTED', 'DISCONNECTED']),
  /** The paired phone (E.164 digits) once connected. */
  phone: z.string().nullable(),
  /** The QR code to scan, as an image data URL, while the bridge shows one. */
  qrImage: z.string().nullable(),
});
