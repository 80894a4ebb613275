import type { TenantTx } from '../client';
import type { Lead, Prisma } from '../generated/client';
import { recordAudit } from '../audit-log';
import { tenantContext } from '../tenant-context';
import { recordLeadEvent } from './lead-events';

export class DuplicateLeadError extends Error {
  constructor(
    readonly field: 'phone' | 'dni',
    readonly existingLeadId: string,
  ) {
    super(`A lead with this ${field} already exists`);
    this.name = 'DuplicateLeadError';
  }
}

export type LeadData = Omit<Prisma.LeadUncheckedCreateInput, 'tenantId' | 'id' | 'createdAt' | 'updatedAt'>;

/** The lead that already owns this phone or DNI in the tenant, if any (phone and DNI are normalised by the caller). */
export async function findDuplicate(tx: TenantTx, contact: { phone?: string | null; dni?: string | null }, excludeId?: string): Promise<DuplicateLeadError | undefined> {
  for (const field of ['phone', 'dni'] as const) {
    const value = contact[field];
    if (!value) continue;
    const existing = await tx.lead.findFirst({ where: { [field]: value, ...(excludeId ? { id: { not: excludeId } } : {}) }, select: { id: true } });
    if (existing) return new DuplicateLeadError(field, existing.id);
  }
  return undefined;
}

/** `eventPayload` adds to the `lead.created` timeline entry (e.g. the submission that created it). */
export async function createLead(tx: TenantTx, data: LeadData, eventPayload: Prisma.InputJsonObject = {}): Promise<Lead> {
  const duplicate = await findDuplicate(tx, data);
  if (duplicate) throw duplicate;
  const lead = await tx.lead.create({ data: { ...data, tenantId: tenantContext.require('createLead').tenantId } });
  await recordLeadEvent(tx, { leadId: lead.id, type: 'lead.created', origin: lead.origin, payload: { ...eventPayload, stage: lead.stage } });
  await recordAudit(tx, { action: 'create', entity: 'Lead', entityId: lead.id, after: lead });
  return lead;
}

function changedFields(before: Lead, after: Lead): string[] {
  return (Object.keys(after) as (keyof Lead)[]).filter((key) => key !== 'updatedAt' && JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/** Applies a change, writing the timeline events it implies and the audit entry. Undefined when the lead is not in this tenant. */
export async function updateLead(tx: TenantTx, id: string, patch: Prisma.LeadUncheckedUpdateInput & { phone?: string | null; dni?: string | null }): Promise<Lead | undefined> {
  const before = await tx.lead.findUnique({ where: { id } });
  if (!before) return undefined;
  const duplicate = await findDuplicate(tx, { phone: patch.phone, dni: patch.dni }, id);
  if (duplicate) throw duplicate;
  const after = await tx.lead.update({ where: { id }, data: patch });
  const changed = changedFields(before, after);
  if (changed.length === 0) return after;
  if (before.stage !== after.stage) await recordLeadEvent(tx, { leadId: id, type: 'lead.stage_changed', payload: { from: before.stage, to: after.stage } });
  if (before.assignedAgentId !== after.assignedAgentId) {
    await recordLeadEvent(tx, { leadId: id, type: 'lead.assigned', payload: { from: before.assignedAgentId, to: after.assignedAgentId } });
  }
  if (!before.optOut && after.optOut) await recordLeadEvent(tx, { leadId: id, type: 'lead.opted_out', payload: {} });
  const other = changed.filter((field) => !['stage', 'assignedAgentId', 'optOut', 'optOutAt'].includes(field));
  if (other.length > 0) await recordLeadEvent(tx, { leadId: id, type: 'lead.updated', payload: { fields: other } });
  await recordAudit(tx, { action: 'update', entity: 'Lead', entityId: id, before, after });
  return after;
}

export async function deleteLead(tx: TenantTx, id: string): Promise<boolean> {
  const before = await tx.lead.findUnique({ where: { id } });
  if (!before) return false;
  await tx.lead.delete({ where: { id } });
  await recordAudit(tx, { action: 'delete', entity: 'Lead', entityId: id, before });
  return true;
}
