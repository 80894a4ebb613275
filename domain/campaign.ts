import { z } from 'zod';
import { LeadOrigin, LeadStage, PropertyOperation, PropertyType } from '../prisma/generated/enums';
import { isTimeZone } from './time-zone';
import { TEMPLATE_VARIABLES, unknownVariables } from './template-variables';

/**
 * What a campaign is: who it reaches (a saved filter over leads), what it says, when it runs and
 * how fast. Stored as JSON on the campaign and read back through these same schemas.
 */
const words = (max: number) => z.string().trim().min(1).max(max);
/** Text with `{{…}}` placeholders, refused when it names a variable this context cannot fill. */
export const textWithVariables = (max: number, known: readonly string[] = TEMPLATE_VARIABLES) =>
  words(max).superRefine((value, context) => {
    const unknown = unknownVariables(value, known);
    if (unknown.length > 0) context.addIssue({ code: 'custom', message: `unknown variables: ${unknown.join(', ')}; use ${known.join(', ')}` });
  });
const list = <T extends z.ZodType>(item: T, max = 20) => z.array(item).min(1).max(max);
const amount = z.number().finite().nonnegative().max(1e12);

export const audienceSchema = z
  .strictObject({
    stages: list(z.enum(LeadStage)).optional(),
    origins: list(z.enum(LeadOrigin)).optional(),
    /** Leads with any of these tags. */
    tags: list(z.string().trim().toLowerCase().min(1).max(40)).optional(),
    zones: list(words(120)).optional(),
    propertyTypes: list(z.enum(PropertyType)).optional(),
    operation: z.enum(PropertyOperation).optional(),
    /** Leads whose budget range overlaps this one. */
    budget: z.strictObject({ min: amount.optional(), max: amount.optional(), currency: z.string().regex(/^[A-Z]{3}$/).optional() }).optional(),
    /** Days since Astor last wrote or heard from the lead; never contacted counts as long ago. */
    lastContact: z.strictObject({ olderThanDays: z.number().int().min(0).max(3650).optional(), withinDays: z.number().int().min(1).max(3650).optional() }).optional(),
    /** Leads interested in (or matched to) any of these properties. */
    propertyIds: list(z.uuid(), 50).optional(),
  })
  .refine((audience) => !audience.budget || audience.budget.min === undefined || audience.budget.max === undefined || audience.budget.min <= audience.budget.max, {
    message: 'min must not exceed max',
    path: ['budget', 'min'],
  });
export type Audience = z.infer<typeof audienceSchema>;

export const templateNameSchema = z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and _ as approved by Meta');
export const templateLanguageSchema = z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a language code such as es or es_AR');

export const campaignContentSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('template'),
    name: templateNameSchema,
    language: templateLanguageSchema,
    /** Values for the template's {{1}}, {{2}}, ... in order; each may use Astor variables. */
    variables: z.array(textWithVariables(1_000)).max(20).default([]),
    /** The property that {{property.…}} variables describe. */
    propertyId: z.uuid().optional(),
  }),
  /** Free text reaches only leads who wrote within 24 hours (WhatsApp rule); the rest are skipped. */
  z.strictObject({ kind: z.literal('text'), body: textWithVariables(4_096) }),
  z.strictObject({ kind: z.literal('property_cards'), propertyIds: list(z.uuid(), 3), intro: textWithVariables(1_024).optional() }),
  /** A voice note generated per lead with the agency's ElevenLabs voice. */
  z.strictObject({ kind: z.literal('voice'), script: textWithVariables(1_000) }),
]);
export type CampaignContent = z.infer<typeof campaignContentSchema>;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time such as 21:00');
export const quietHoursSchema = z.strictObject({ start: clock, end: clock });

const when = z.iso.datetime({ local: true }).or(z.iso.datetime({ offset: true }));
export const DAYS_OF_WEEK = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

/** Every day, on some weekdays or on a day of the month, at a local time; each run takes the audience anew. */
const recurringSchema = z
  .strictObject({
    kind: z.literal('recurring'),
    frequency: z.enum(['daily', 'weekly', 'monthly']),
    time: clock,
    daysOfWeek: list(z.enum(DAYS_OF_WEEK), 7).optional(),
    /** Up to 28, so every month has the day. */
    dayOfMonth: z.number().int().min(1).max(28).optional(),
    /** No runs after this local time (or instant). */
    until: when.optional(),
  })
  .superRefine((schedule, context) => {
    if (schedule.frequency === 'weekly' && !schedule.daysOfWeek) context.addIssue({ code: 'custom', path: ['daysOfWeek'], message: 'a weekly campaign needs its days of the week' });
    if (schedule.frequency === 'monthly' && schedule.dayOfMonth === undefined) context.addIssue({ code: 'custom', path: ['dayOfMonth'], message: 'a monthly campaign needs its day of the month' });
  });
export type RecurringSchedule = z.infer<typeof recurringSchema>;

export const scheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('now') }),
  /** A local time in the agency's time zone (2026-12-01T10:00) or an instant with offset. */
  z.strictObject({ kind: z.literal('at'), at: when }),
  recurringSchema,
]);
export type CampaignSchedule = z.infer<typeof scheduleSchema>;

export const timeZoneSchema = z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Argentina/Buenos_Aires');

/** Meta's default throughput per phone number; numbers can be upgraded to 1,000/s. */
export const DEFAULT_MESSAGES_PER_SECOND = 80;
export const MAX_MESSAGES_PER_SECOND = 1_000;
