import { z } from 'zod';
import { audienceSchema, campaignContentSchema, MAX_MESSAGES_PER_SECOND, quietHoursSchema, scheduleSchema } from '../../domain/campaign';
import { CampaignStatus, CampaignType, RecipientStatus } from '../../prisma/generated/enums';
import { billedCostSchema, costEstimateSchema } from '../../domain/pricing/campaign-cost';
import { pageQuery } from '../http/pagination';
import { listParam, text } from '../http/schemas';

const throttle = z.number().int().min(1).max(MAX_MESSAGES_PER_SECOND);

const campaignFields = {
  name: text(160),
  type: z.enum(CampaignType),
  audience: audienceSchema.default({}),
  content: campaignContentSchema,
  schedule: scheduleSchema.default({ kind: 'now' }),
  /** Messages per second; defaults to the sending number's limit (80/s unless upgraded). */
  throttlePerSecond: throttle.nullable().optional(),
  /** The most leads the campaign reaches, the first of the audience in its order; null: all of them. */
  maxRecipients: z.number().int().positive().max(1_000_000).nullable().optional(),
  quietHours: quietHoursSchema.nullable().optional(),
};

export const createCampaignBody = z.strictObject(campaignFields);
export const updateCampaignBody = z.strictObject(campaignFields).partial();
export const throttleBody = z.strictObject({ perSecond: throttle });
export const audiencePreviewBody = z.strictObject({
  audience: audienceSchema,
  /** The content to send, for the cost estimate; without it the preview estimates nothing. */
  content: campaignContentSchema.optional(),
  /** The campaign's cap on recipients (as in its design): the preview counts and estimates only those. */
  maxRecipients: z.number().int().positive().nullable().optional(),
});
export const contentPreviewBody = z.strictObject({ leadId: z.uuid() });

export const listCampaignsQuery = z.strictObject({
  status: listParam(z.enum(CampaignStatus)).optional(),
  type: z.enum(CampaignType).optional(),
  /** The runs of a recurring campaign. */
  parentId: z.uuid().optional(),
  ...pageQuery,
});
export const listRecipientsQuery = z.strictObject({ status: listParam(z.enum(RecipientStatus)).optional(), ...pageQuery });

export const campaignSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(CampaignType),
  status: z.enum(CampaignStatus),
  statusReason: z.string().nullable(),
  audience: audienceSchema,
  content: campaignContentSchema,
  schedule: scheduleSchema,
  throttlePerSecond: z.number().nullable(),
  maxRecipients: z.number().nullable(),
  quietHours: quietHoursSchema.nullable(),
  workflowId: z.string().nullable(),
  scheduledAt: z.iso.datetime().nullable(),
  /** Set on each run of a recurring campaign. */
  parentId: z.uuid().nullable(),
  /** Set on automatic campaigns: what started them (new_listing:<propertyId>, price_drop:<propertyId>). */
  trigger: z.string().nullable(),
  launchedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** One campaign with its cost: the estimate stored at launch (null before) and what Meta's statuses reported as billable, priced with the estimate's table. */
export const campaignDetailSchema = campaignSchema.extend({
  cost: z.object({ estimated: costEstimateSchema.nullable(), billable: billedCostSchema }),
});

export const funnelSchema = z.object({
  total: z.number(),
  pending: z.number(),
  sent: z.number(),
  delivered: z.number(),
  read: z.number(),
  replied: z.number(),
  failed: z.number(),
  skipped: z.number(),
  /** Declined by Meta to protect the recipient from too much marketing (131049): neither sent nor failed. */
  declined: z.number(),
  failures: z.array(z.object({ code: z.string(), status: z.enum(['FAILED', 'SKIPPED']), description: z.string().nullable(), count: z.number() })),
});

export const progressSchema = funnelSchema.extend({
  status: z.enum(CampaignStatus),
  statusReason: z.string().nullable(),
  perSecond: z.number().nullable(),
  /** While the agency's WhatsApp messaging limit holds the rest of the campaign back: until when (ISO). */
  capacityUntil: z.string().nullable(),
  workflowId: z.string().nullable(),
});

export const reportSchema = progressSchema.extend({
  convertedToVisit: z.number(),
  rates: z.object({ delivered: z.number(), read: z.number(), replied: z.number(), convertedToVisit: z.number() }),
  launchedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  /** Sends and replies per hour (or per day past three days), in the agency's time zone. */
  timeline: z.object({ unit: z.enum(['hour', 'day']), points: z.array(z.object({ at: z.string(), sent: z.number().int(), replied: z.number().int() })) }),
});

export const recipientSchema = z.object({
  id: z.uuid(),
  seq: z.number(),
  leadId: z.uuid(),
  leadName: z.string().nullable(),
  phone: z.string(),
  status: z.enum(RecipientStatus),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  sentAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  readAt: z.iso.datetime().nullable(),
  repliedAt: z.iso.datetime().nullable(),
});

/** The rendered script and its audio as a data: URL, to play in the browser. */
export const voicePreviewSchema = z.object({ script: z.string(), audio: z.string().startsWith('data:') });
