import { z } from 'zod';
import { createLogger, type Logger } from './logger';
import { automationRulesSchema } from './automations';
import { SUPPORTED_DEFAULT_COUNTRIES } from './phone';

const templateRef = z.strictObject({ name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and _'), language: z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'such as es or es_AR') });

type DefaultCountry = (typeof SUPPORTED_DEFAULT_COUNTRIES)[number];

/** Agencies created before locales existed were all Argentine. */
const FALLBACK_COUNTRY: DefaultCountry = 'AR';

/** Per-agency operating settings, stored in Tenant.settings and read by routing and intake. */
export const tenantSettingsSchema = z.strictObject({
  /**
   * For phones written without +. No schema default: an agency that never chose one gets its locale's
   * country when read (readTenantSettings), and a partial update must not store a guess as a choice.
   */
  defaultCountry: z.enum(SUPPORTED_DEFAULT_COUNTRIES).optional(),
  assignmentPolicy: z.enum(['ROUND_ROBIN', 'LEAST_OPEN']).default('ROUND_ROBIN'),
  /** Real agency minimums: the workflow tests run these timers on Temporal's clock instead of asking for shorter ones. */
  slaMinutes: z.number().min(1).max(24 * 60).default(5),
  inactivityCloseHours: z.number().min(1).max(24 * 30).default(24),
  botEnabled: z.boolean().default(true),
  handoffKeywords: z.array(z.string().trim().min(1).max(40)).max(30).default(['asesor', 'humano', 'agente']),
  followUpHours: z.number().min(1).max(24 * 14).default(24),
  maxFollowUps: z.number().int().min(0).max(5).default(2),
  /** Approved WhatsApp templates for new leads from forms and for reminders to silent leads. */
  welcomeTemplate: templateRef.nullable().default(null),
  followUpTemplate: templateRef.nullable().default(null),
  /** At most `messages` marketing templates per lead in any `days` days, across campaigns; null: no cap. */
  marketingCap: z.strictObject({ messages: z.number().int().min(1).max(100), days: z.number().int().min(1).max(90) }).nullable().default(null),
  /** Visit confirmations, reminders and follow-ups; new-listing and price-drop alerts. */
  automations: automationRulesSchema.default(automationRulesSchema.parse({})),
});

export type TenantSettings = Omit<z.output<typeof tenantSettingsSchema>, 'defaultCountry'> & { defaultCountry: DefaultCountry };

/** The region of a locale (es-MX → MX) when phones may default to it; none for es, en or es-419. */
export function countryOfLocale(locale: string | null | undefined): DefaultCountry | undefined {
  let region: string | undefined;
  try {
    region = locale ? new Intl.Locale(locale).region : undefined;
  } catch {
    return undefined;
  }
  return SUPPORTED_DEFAULT_COUNTRIES.find((country) => country === region);
}

/**
 * Settings as stored may predate newer keys or carry retired ones: read them leniently with defaults.
 * The default country is the one the settings name, else the region of the agency's locale.
 */
export function readTenantSettings(stored: unknown, locale?: string | null, logger: Pick<Logger, 'warn'> = settingsLogger()): TenantSettings {
  const known: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((stored as Record<string, unknown>) ?? {})) {
    const field = tenantSettingsSchema.shape[key as keyof typeof tenantSettingsSchema.shape];
    if (!field) continue;
    const parsed = field.safeParse(value);
    const issue = parsed.error?.issues[0];
    // Where and how it is wrong, never the value: settings may carry names and other personal text.
    if (parsed.success) known[key] = value;
    else logger.warn('stored tenant setting is invalid: using its default', { key, path: issue?.path.join('.'), code: issue?.code });
  }
  const settings = tenantSettingsSchema.parse(known);
  return { ...settings, defaultCountry: settings.defaultCountry ?? countryOfLocale(locale) ?? FALLBACK_COUNTRY };
}

let sharedLogger: Logger | undefined;
function settingsLogger(): Logger {
  sharedLogger ??= createLogger('tenant-settings');
  return sharedLogger;
}

/** API requests per minute an agency may make, by plan. */
export const REQUESTS_PER_MINUTE_BY_PLAN = { BASIC: 600, PRO: 2_400, ENTERPRISE: 12_000 } as const;
