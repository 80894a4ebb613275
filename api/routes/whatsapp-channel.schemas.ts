import { z } from 'zod';

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
