import { z } from 'zod';
import { Plan } from '../../prisma/generated/enums';
import { automationRulesSchema } from '../../domain/automations';
import { newPassword } from '../../domain/password-policy';
import { SUPPORTED_DEFAULT_COUNTRIES } from '../../domain/phone';
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
/** A locale per country phones may default to, so an agency's locale can give it its phone country. */
const locale = z.enum([...SUPPORTED_DEFAULT_COUNTRIES.map((country) => `es-${country}` as const), 'en-US', 'es', 'en']);

type Change<Field extends z.ZodType> = z.ZodOptional<Field extends z.ZodDefault<infer Inner extends z.ZodType> ? Inner : Field>;

/**
 * Each field optional and without its default. zod fills an absent key's default even under
 * .partial(), and a change must name only what it changes, or it would reset every other setting.
 */
function changeOf<Shape extends Record<string, z.ZodType>>(shape: Shape): { [Key in keyof Shape]: Change<Shape[Key]> } {
  const fields = Object.entries(shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field).optional()]);
  return Object.fromEntries(fields) as { [Key in keyof Shape]: Change<Shape[Key]> };
}

/** The settings an update names; automations likewise name only the rules they replace. */
export const tenantSettingsChange = z.strictObject({
  ...changeOf(tenantSettingsSchema.shape),
  automations: z.strictObject(changeOf(automationRulesSchema.shape)).optional(),
});
export type TenantSettingsChange = z.output<typeof tenantSettingsChange>;

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
  .strictObject({ ...profile, name: profile.name.optional(), settings: tenantSettingsChange.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });

export const createTenantBody = z.strictObject({
  ...profile,
  slug,
  plan: z.enum(Plan).default('BASIC'),
  owner: z.strictObject({ email: z.email().max(254).transform((email) => email.toLowerCase()), name: text(120), password: newPassword }),
});

export const updateTenantBody = z
  .strictObject({ ...profile, name: profile.name.optional(), plan: z.enum(Plan).optional(), active: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });

/** An agency as the API shows it (api/views/tenant-view.ts): the settings in effect, never its contact-key salt. */
export const tenantSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  contactPhone: z.string().nullable(),
  plan: z.enum(Plan),
  active: z.boolean(),
  settings: tenantSettingsSchema,
  timeZone: z.string(),
  locale: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const tenantListSchema = z.object({ items: z.array(tenantSchema) });
