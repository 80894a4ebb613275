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

/** Appends to a lead's timeline; the actor comes from the context (user, API key, workflow). */
export async function recordLeadEvent(
  tx: TenantTx,
  event: { leadId: string; type: LeadEventType; origin?: LeadOrigin; payload?: Prisma.InputJsonObject },
): Promise<void> {
  const context = tenantContext.require('recordLeadEvent');
  await tx.event.create({
    data: {
      tenantId: context.tenantId,
      leadId: event.leadId,
      type: event.type,
      origin: event.origin ?? null,
      actorId: context.actor.type === 'user' ? (context.actor.id ?? null) : null,
      payload: { ...event.payload, actorType: context.actor.type },
    },
  });
}
