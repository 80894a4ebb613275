import { z } from 'zod';
import { VisitStatus } from '../../prisma/generated/enums';
import { isoDate, listParam, optionalText, uuid } from '../http/schemas';

/** A local time in the agency's time zone (2026-12-01T10:00) or an instant with offset. */
const when = z.iso.datetime({ local: true }).or(z.iso.datetime({ offset: true }));

export const createVisitBody = z.strictObject({
  leadId: uuid,
  propertyId: uuid.optional(),
  agentId: uuid.optional(),
  scheduledAt: when,
  notes: optionalText(2_000),
});

export const updateVisitBody = z
  .strictObject({
    scheduledAt: when.optional(),
    status: z.enum(VisitStatus).optional(),
    propertyId: uuid.nullable().optional(),
    agentId: uuid.nullable().optional(),
    notes: optionalText(2_000),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one field to change');

export const listVisitsQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  leadId: uuid.optional(),
  agentId: uuid.optional(),
  status: listParam(z.enum(VisitStatus)).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const visitSchema = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  lead: z.object({ name: z.string().nullable(), phone: z.string().nullable() }),
  propertyId: z.uuid().nullable(),
  property: z.object({ title: z.string(), address: z.string().nullable(), zone: z.string() }).nullable(),
  agentId: z.uuid().nullable(),
  scheduledAt: z.string(),
  status: z.enum(VisitStatus),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
