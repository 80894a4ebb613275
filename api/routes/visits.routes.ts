import type { Client } from '@temporalio/client';
import { workflowIds, workflowNames, signals, SEARCH_ATTRIBUTES } from '../../domain/temporal-contracts';
import { instantOfIso } from '../../domain/time-zone';
import type { Database, TenantTx } from '../../prisma/client';
import type { Prisma, VisitStatus } from '../../prisma/generated/client';
import { recordAudit } from '../../prisma/audit-log';
import { recordLeadEvent } from '../../prisma/repositories/lead-events';
import { tenantContext } from '../../prisma/tenant-context';
import type { VisitWorkflowInput } from '../../workflows/visit.contract';
import { AppError } from '../http/errors';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';
import { assertAssignableAgent } from './users.checks';
import { createVisitBody, listVisitsQuery, updateVisitBody, visitSchema } from './visits.schemas';
import { VISIT_PARTIES, visitView } from './visit-view';

const STAFF = ['OWNER', 'ADMIN', 'AGENT'] as const;
const UPCOMING: VisitStatus[] = ['SCHEDULED', 'CONFIRMED'];

const unprocessable = (path: string, message: string, code: string) => new AppError('unprocessable', `The ${path} ${message}`, { fields: [{ path, message, code }], es: `El campo ${path} no es válido` });
const VISIT_STATUS_ES: Record<VisitStatus, string> = { SCHEDULED: 'agendada', CONFIRMED: 'confirmada', DONE: 'realizada', CANCELLED: 'cancelada', NO_SHOW: 'a la que no se asistió' };

async function findVisit(tx: TenantTx, id: string) {
  const visit = await tx.visit.findUnique({ where: { id }, include: VISIT_PARTIES });
  if (!visit) throw new AppError('not_found', 'No such visit in this agency');
  return visit;
}

async function futureInstant(tx: TenantTx, value: string): Promise<Date> {
  const { timeZone } = await tx.tenant.findUniqueOrThrow({ where: { id: tenantContext.require('visit time').tenantId }, select: { timeZone: true } });
  const at = new Date(instantOfIso(value, timeZone));
  if (at.getTime() <= Date.now()) throw unprocessable('scheduledAt', 'is in the past', 'in_the_past');
  return at;
}

async function assertReferences(tx: TenantTx, refs: { leadId?: string; propertyId?: string | null; agentId?: string | null }): Promise<void> {
  if (refs.leadId && !(await tx.lead.findUnique({ where: { id: refs.leadId }, select: { id: true } }))) throw unprocessable('leadId', 'is not a lead of this agency', 'unknown_lead');
  if (refs.propertyId && !(await tx.property.findUnique({ where: { id: refs.propertyId }, select: { id: true } }))) {
    throw unprocessable('propertyId', 'is not in this agency’s catalogue', 'unknown_property');
  }
  if (refs.agentId) await assertAssignableAgent(tx, refs.agentId, 'agentId');
}

/** Visits to properties; each one's confirmation, reminder and follow-up run in its own workflow. */
export function visitRoutes({ db, temporal, taskQueue }: { db: Database; temporal: Client; taskQueue: string }): RouteSpec[] {
  /** Tells the visit's workflow (starting it if needed) before the change commits: a failed hand-off undoes the change. */
  async function notifyWorkflow(tenantId: string, visitId: string): Promise<void> {
    const input: VisitWorkflowInput = { tenantId, visitId };
    await temporal.workflow.signalWithStart(workflowNames.visit, {
      workflowId: workflowIds.visit(tenantId, visitId),
      taskQueue,
      args: [input],
      signal: signals.visitChanged,
      signalArgs: [],
      searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [visitId] },
    });
  }

  return [
    route({
      method: 'get',
      path: '/visits',
      summary: 'Visits in a time range (soonest first), by lead, agent or status',
      tag: 'visits',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      query: listVisitsQuery,
      response: visitSchema.array(),
      async handler({ query }) {
        const where: Prisma.VisitWhereInput = {
          ...(query.from || query.to ? { scheduledAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
          ...(query.leadId ? { leadId: query.leadId } : {}),
          ...(query.agentId ? { agentId: query.agentId } : {}),
          ...(query.status ? { status: { in: query.status } } : {}),
        };
        const visits = await db.forCurrentTenant((tx) => tx.visit.findMany({ where, include: VISIT_PARTIES, orderBy: [{ scheduledAt: 'asc' }, { id: 'asc' }], take: query.limit }));
        return visits.map(visitView);
      },
    }),
    route({
      method: 'post',
      path: '/visits',
      summary: 'Book a visit; the lead gets the agency’s confirmation and, later, its reminder and follow-up',
      tag: 'visits',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      body: createVisitBody,
      response: visitSchema,
      status: 201,
      async handler({ body }) {
        return db.forCurrentTenant(async (tx) => {
          await assertReferences(tx, body);
          const tenantId = tenantContext.require('book visit').tenantId;
          const scheduledAt = await futureInstant(tx, body.scheduledAt);
          const visit = await tx.visit.create({ data: { ...body, tenantId, scheduledAt, notes: body.notes ?? null }, include: VISIT_PARTIES });
          await recordLeadEvent(tx, { leadId: visit.leadId, type: 'visit.scheduled', payload: { visitId: visit.id, scheduledAt: scheduledAt.toISOString(), propertyId: visit.propertyId } });
          await recordAudit(tx, { action: 'create', entity: 'Visit', entityId: visit.id, after: visit });
          await notifyWorkflow(tenantId, visit.id);
          return visitView(visit);
        });
      },
    }),
    route({
      method: 'get',
      path: '/visits/:id',
      summary: 'One visit',
      tag: 'visits',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      params: idParams,
      response: visitSchema,
      async handler({ params }) {
        return visitView(await db.forCurrentTenant((tx) => findVisit(tx, params.id)));
      },
    }),
    route({
      method: 'patch',
      path: '/visits/:id',
      summary: 'Move, confirm, cancel or close a visit; moving it re-sends the confirmation, cancelling stops its messages',
      tag: 'visits',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      params: idParams,
      body: updateVisitBody,
      response: visitSchema,
      async handler({ params, body }) {
        return db.forCurrentTenant(async (tx) => {
          const before = await findVisit(tx, params.id);
          const moving = body.scheduledAt !== undefined;
          if ((moving || (body.status && UPCOMING.includes(body.status))) && !UPCOMING.includes(before.status)) {
            throw new AppError('conflict', `A ${before.status.toLowerCase()} visit cannot be ${moving ? 'moved' : 'reopened'}; book a new one`, {
              es: `Una visita ${VISIT_STATUS_ES[before.status]} no se puede ${moving ? 'mover' : 'reabrir'}; agendá una nueva`,
            });
          }
          await assertReferences(tx, body);
          const scheduledAt = moving ? await futureInstant(tx, body.scheduledAt!) : undefined;
          const after = await tx.visit.update({ where: { id: params.id }, data: { ...body, ...(scheduledAt ? { scheduledAt } : {}) }, include: VISIT_PARTIES });
          const statusChanged = after.status !== before.status;
          const rescheduled = after.scheduledAt.getTime() !== before.scheduledAt.getTime();
          if (statusChanged || rescheduled) {
            await recordLeadEvent(tx, {
              leadId: after.leadId,
              type: rescheduled ? 'visit.rescheduled' : `visit.${after.status.toLowerCase()}`,
              payload: { visitId: after.id, scheduledAt: after.scheduledAt.toISOString(), status: after.status },
            });
          }
          await recordAudit(tx, { action: 'update', entity: 'Visit', entityId: after.id, before, after });
          if (statusChanged || rescheduled) await notifyWorkflow(after.tenantId, after.id);
          return visitView(after);
        });
      },
    }),
  ];
}
