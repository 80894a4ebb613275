import { z } from 'zod';
import { SEND_STATES } from '../../workflows/send-progress';
import { LeadOrigin, LeadStage, PropertyOperation, PropertyType } from '../../prisma/generated/enums';
import { pageOf, pageQuery, sortParam } from '../http/pagination';
import { currency, isoDate, listParam, money, optionalText, tag, text } from '../http/schemas';

/** What a lead is looking for: shared by the CRM API and the intake endpoint. */
export const searchCriteria = {
  searchZone: optionalText(120),
  searchType: z.enum(PropertyType).nullable().optional(),
  searchOperation: z.enum(PropertyOperation).nullable().optional(),
  budgetMin: money.nullable().optional(),
  budgetMax: money.nullable().optional(),
  budgetCurrency: currency.nullable().optional(),
  roomsMin: z.number().int().min(0).max(50).nullable().optional(),
};

const leadFields = {
  name: optionalText(160),
  phone: z.string().trim().max(32).nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  dni: z.string().trim().max(24).nullable().optional(),
  stage: z.enum(LeadStage).optional(),
  tags: z.array(tag).max(30).optional(),
  assignedAgentId: z.uuid().nullable().optional(),
  notes: optionalText(5_000),
  ...searchCriteria,
};

function budgetInOrder(lead: { budgetMin?: number | null; budgetMax?: number | null }) {
  return lead.budgetMin == null || lead.budgetMax == null || lead.budgetMin <= lead.budgetMax;
}
const budgetIssue = { message: 'must not exceed budgetMax', path: ['budgetMin'] };

export const createLeadBody = z
  .strictObject({
    ...leadFields,
    origin: z.enum(LeadOrigin).default('MANUAL'),
    sourceDetails: z.record(z.string().max(60), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).optional(),
  })
  .refine((lead) => lead.phone || lead.email || lead.dni, { message: 'give at least a phone, an e-mail or a DNI', path: ['phone'] })
  .refine(budgetInOrder, budgetIssue);

export const updateLeadBody = z
  .strictObject({ ...leadFields, optOut: z.boolean().optional() })
  .refine((lead) => Object.keys(lead).length > 0, { message: 'send at least one field to change' })
  .refine(budgetInOrder, budgetIssue);

export const LEAD_SORT_FIELDS = ['createdAt', 'updatedAt'] as const;

export const listLeadsQuery = z.strictObject({
  stage: listParam(z.enum(LeadStage)).optional(),
  origin: listParam(z.enum(LeadOrigin)).optional(),
  tag: tag.optional(),
  zone: text(120).optional(),
  assignedAgentId: z.union([z.uuid(), z.literal('none')]).optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  q: text(100).optional(),
  sort: sortParam(LEAD_SORT_FIELDS),
  ...pageQuery,
});

export type CreateLeadBody = z.output<typeof createLeadBody>;
export type UpdateLeadBody = z.output<typeof updateLeadBody>;
export type ListLeadsQuery = z.output<typeof listLeadsQuery>;

export const leadSchema = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  dni: z.string().nullable(),
  origin: z.enum(LeadOrigin),
  stage: z.enum(LeadStage),
  tags: z.array(z.string()),
  assignedAgentId: z.uuid().nullable(),
  searchZone: z.string().nullable(),
  searchType: z.enum(PropertyType).nullable(),
  searchOperation: z.enum(PropertyOperation).nullable(),
  budgetMin: z.number().nullable(),
  budgetMax: z.number().nullable(),
  budgetCurrency: z.string().nullable(),
  roomsMin: z.number().nullable(),
  optOut: z.boolean(),
  optOutAt: z.iso.datetime().nullable(),
  notes: z.string().nullable(),
  sourceDetails: z.unknown(),
  lastInboundAt: z.iso.datetime().nullable(),
  lastContactAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const noteBody = z.strictObject({ text: text(5_000) });
export const eventsQuery = z.strictObject({ ...pageQuery });

export const leadEventSchema = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  type: z.string(),
  origin: z.enum(LeadOrigin).nullable(),
  actorId: z.uuid().nullable(),
  payload: z.unknown(),
  createdAt: z.iso.datetime(),
});
export const leadEventPageSchema = pageOf(leadEventSchema);
export const noteAddedSchema = z.object({ ok: z.literal(true) });
/** A send handed to its workflow: follow it by workflow id; the request id makes a retry safe. */
export const sendAcceptedSchema = z.object({ workflowId: z.string(), requestId: z.string() });

export const sendParams = z.strictObject({ id: z.uuid(), requestId: z.uuid() });

export const sendProgressSchema = z.object({
  state: z.enum(SEND_STATES),
  /** Why it failed (the provider's words) or was skipped (a skip reason such as `outside_service_window`). */
  reason: z.string().optional(),
  /** A failure's code: the provider's (`131026`) or Astor's category (`auth`, `voice_generation`, `channel_not_configured`). */
  code: z.string().optional(),
});
