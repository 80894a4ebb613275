import type { VisitWithParties } from '../../prisma/repositories/visit-parties';

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
