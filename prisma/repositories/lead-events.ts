import type { TenantTx } from '../client';
import type { LeadOrigin, Prisma } from '../generated/client';
import { tenantContext } from '../tenant-context';

export type LeadEventType =
  | 'lead.created'
  | 'lead.updated'
  | 'lead.stage_changed'
  | 'lead.assigned'
  | 'lead.opted_out'
  | 'lead.contact_merged'
  | 'note'
  | (string & {});

export interface LeadEventInput {
  leadId: string;
  type: LeadEventType;
  origin?: LeadOrigin;
  payload?: Prisma.InputJsonObject;
}

/** Timeline rows stamped with the context's tenant and actor (user, API key, workflow). */
function eventRows(events: LeadEventInput[]): Prisma.EventCreateManyInput[] {
  const context = tenantContext.require('recordLeadEvent');
  return events.map((event) => ({
    tenantId: context.tenantId,
    leadId: event.leadId,
    type: event.type,
    origin: event.origin ?? null,
    actorId: context.actor.type === 'user' ? (context.actor.id ?? null) : null,
    payload: { ...event.payload, actorType: context.actor.type },
  }));
}

/** Appends to a lead's timeline. */
export async function recordLeadEvent(tx: TenantTx, event: LeadEventInput): Promise<void> {
  await tx.event.create({ data: eventRows([event])[0]! });
}

/** Appends many timeline entries in one statement (campaign batches). */
export async function recordLeadEvents(tx: TenantTx, events: LeadEventInput[]): Promise<void> {
  if (events.length > 0) await tx.event.createMany({ data: eventRows(events) });
}
