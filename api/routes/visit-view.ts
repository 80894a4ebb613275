import type { Lead, Property, Visit } from '../../prisma/generated/client';

export type VisitWithParties = Visit & { lead: Pick<Lead, 'name' | 'phone'>; property: Pick<Property, 'title' | 'address' | 'zone'> | null };

export const VISIT_PARTIES = { lead: { select: { name: true, phone: true } }, property: { select: { title: true, address: true, zone: true } } } as const;

export function visitView(visit: VisitWithParties) {
  return {
    id: visit.id,
    leadId: visit.leadId,
    lead: { name: visit.lead.name, phone: visit.lead.phone },
    propertyId: visit.propertyId,
    property: visit.property,
    agentId: visit.agentId,
    scheduledAt: visit.scheduledAt.toISOString(),
    status: visit.status,
    notes: visit.notes,
    createdAt: visit.createdAt.toISOString(),
    updatedAt: visit.updatedAt.toISOString(),
  };
}
