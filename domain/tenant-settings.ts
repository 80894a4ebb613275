import { z } from 'zod';
import { automationRulesSchema } from './automations';
import { SUPPORTED_DEFAULT_COUNTRIES } from './phone';

const templateRef = z.strictObject({ name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and _'), language: z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'such as es or es_AR') });

/** Per-agency operating settings, stored in Tenant.settings and read by routing and intake. */
export const tenantSettingsSchema = z.strictObject({
  defaultCountry: z.enum(SUPPORTED_DEFAULT_COUNTRIES).default('AR'),
  assignmentPolicy: z.enum(['ROUND_ROBIN', 'LEAST_OPEN']).default('ROUND_ROBIN'),
  /** Fractions are allowed (0.5 = 30 s) so short SLAs can be rehearsed. */
  slaMinutes: z.number().min(0.05).max(24 * 60).default(5),
  inactivityCloseHours: z.number().min(0.001).max(24 * 30).default(24),
  botEnabled: z.boolean().default(true),
  handoffKeywords: z.array(z.string().trim().min(1).max(40)).max(30).default(['asesor', 'humano', 'agente']),
  followUpHours: z.number().min(0.001).max(24 * 14).default(24),
  maxFollowUps: z.number().int().min(0).max(5).default(2),
  /** Approved WhatsApp templates for new leads from forms and for reminders to silent leads. */
  welcomeTemplate: templateRef.nullable().default(null),
  followUpTemplate: templateRef.nullable().default(null),
  /** Visit confirmations, reminders and follow-ups; new-listing and price-drop alerts. */
  automations: automationRulesSchema.default(automationRulesSchema.parse({})),
});

export type TenantSettings = z.output<typeof tenantSettingsSchema>;

/** Settings as stored may predate newer keys or carry retired ones: read them leniently with defaults. */
export function readTenantSettings(stored: unknown): TenantSettings {
  const known = Object.fromEntries(Object.entries((stored as Record<string, unknown>) ?? {}).filter(([key]) => key in tenantSettingsSchema.shape));
  const parsed = tenantSettingsSchema.safeParse(known);
  return parsed.success ? parsed.data : tenantSettingsSchema.parse({});
}

/** API requests per minute an agency may make, by plan. */
export const REQUESTS_PER_MINUTE_BY_PLAN = { BASIC: 600, PRO: 2_400, ENTERPRISE: 12_000 } as const;
