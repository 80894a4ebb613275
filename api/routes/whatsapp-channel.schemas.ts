import { z } from 'zod';

export const putWhatsAppChannelBody = z.strictObject({
  apiType: z.literal('BUSINESS_API'),
  phoneNumberId: z.string().regex(/^\d{6,20}$/, 'is the numeric Phone number ID from Meta (not the phone number itself)'),
  businessAccountId: z.string().regex(/^\d{6,20}$/, 'is the numeric WhatsApp Business Account ID').nullable().optional(),
  displayPhoneNumber: z.string().trim().max(32).nullable().optional(),
  /** Required the first time; omit it later to keep the stored token. */
  accessToken: z.string().trim().min(20, 'looks too short for a Meta access token').max(1_000).optional(),
  fallbackToWeb: z.boolean().default(false),
});
