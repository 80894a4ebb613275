import { AppError } from '../../domain/app-error';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import { instantOfIso } from '../../domain/time-zone';
import type { TenantTx } from '../../prisma/client';
import type { VisitStatus } from '../../prisma/generated/client';
import { VISIT_PARTIES } from '../../prisma/repositories/visit-parties';
import { tenantContext } from '../../prisma/tenant-context';
import { workflowStart, type CommittedStarts } from '../../temporal/committed-starts';
import { visitChangedSignal, type VisitWorkflowInput } from '../../workflows/visit.contract';
import { visitWorkflow } from '../../workflows/visit.workflow';
import { assertAssignableAgent } from '../users/user-checks';

export const UPCOMING: VisitStatus[] = ['SCHEDULED', 'CONFIRMED'];

export const unprocessable = (path: string, message: string, code: string) => new AppError('unprocessable', `The ${path} ${message}`, { fields: [{ path, message, code }], es: `El campo ${path} no es válido` });
export const VISIT_STATUS_ES: Record<VisitStatus, string> = { SCHEDULED: 'agendada', CONFIRMED: 'confirmada', DONE: 'realizada', CANCELLED: 'cancelada', NO_SHOW: 'a la que no se asistió' };

export async function findVisit(tx: TenantTx, id: string) {
  const visit = await tx.visit.findUnique({ where: { id }, include: VISIT_PARTIES });
  if (!visit) throw new AppError('not_found', 'No such visit in this agency');
  return visit;
}

export async function futureInstant(tx: TenantTx, value: string): Promise<Date> {
  const { timeZone } = await tx.tenant.findUniqueOrThrow({ where: { id: tenantContext.require('visit time').tenantId }, select: { timeZone: true } });
  const at = new Date(instantOfIso(value, timeZone));
  if (at.getTime() <= Date.now()) throw unprocessable('scheduledAt', 'is in the past', 'in_the_past');
  return at;
}

export async function assertReferences(tx: TenantTx, refs: { leadId?: string; propertyId?: string | null; agentId?: string | null }): Promise<void> {
  if (refs.leadId && !(await tx.lead.findUnique({ where: { id: refs.leadId }, select: { id: true } }))) throw unprocessable('leadId', 'is not a lead of this agency', 'unknown_lead');
  if (refs.propertyId && !(await tx.property.findUnique({ where: { id: refs.propertyId }, select: { id: true } }))) {
    throw unprocessable('propertyId', 'is not in this agency’s catalogue', 'unknown_property');
  }
  if (refs.agentId) await assertAssignableAgent(tx, refs.agentId, 'agentId');
}

/** Records the signal to the visit's workflow (starting it if needed), sent once the change commits. */
export const visitChanged = (starts: CommittedStarts, tx: TenantTx, tenantId: string, visitId: string) => {
  const input: VisitWorkflowInput = { tenantId, visitId };
  return starts.record(
    tx,
    tenantId,
    workflowStart(visitWorkflow, {
      workflowId: workflowIds.visit(tenantId, visitId),
      args: [input],
      signal: { definition: visitChangedSignal, args: [] },
      searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [visitId] },
    }),
  );
};

