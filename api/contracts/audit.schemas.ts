import { z } from 'zod';
import { pageOf, pageQuery } from '../http/pagination';
import { isoDate, text } from '../http/schemas';

export const auditQuery = z.strictObject({
  entity: text(60).optional(),
  entityId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  action: text(40).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...pageQuery,
});

export const auditEntrySchema = z.object({
  id: z.uuid(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export const auditPageSchema = pageOf(auditEntrySchema);
