import { z } from 'zod';
import { Plan } from '../../prisma/generated/enums';
import { tenantSettingsSchema } from '../../domain/tenant-settings';
import { text } from '../http/schemas';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes').refine((value) => !['www', 'api', 'app', 't'].includes(value), 'is reserved');
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as America/Argentina/Buenos_Aires');
const locale = z.enum(['es-AR', 'es-CL', 'es-MX', 'es-UY', 'es-PE', 'es-CO', 'es', 'en']);

const profile = {
  name: text(120),
  contactName: text(120).nullable().optional(),
  contactEmail: z.email().max(254).nullable().optional(),
  contactPhone: z.string().trim().max(32).nullable().optional(),
  timeZone: timeZone.optional(),
  locale: locale.optional(),
};

/** What an agency's owner or admin may change about their agency. */
export const updateTenantProfileBody = z
  .strictObject({ ...profile, name: profile.name.optional(), settings: tenantSettingsSchema.partial().optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });

export const createTenantBody = z.strictObject({
  ...profile,
  slug,
  plan: z.enum(Plan).default('BASIC'),
  owner: z.strictObject({ email: z.email().max(254).transform((email) => email.toLowerCase()), name: text(120), password: z.string().min(10).max(200) }),
});

export const updateTenantBody = z
  .strictObject({ ...profile, name: profile.name.optional(), plan: z.enum(Plan).optional(), active: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });
