import type { Database } from '../../prisma/client';
import type { Prisma } from '../../prisma/generated/client';
import type { CommittedStarts } from '../../temporal/committed-starts';
import { route, type RouteSpec } from '../http/route';
import { STAFF } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { createVisitBody, listVisitsQuery, updateVisitBody, visitSchema } from '../contracts/visits.schemas';
import { visitView } from '../views/visit-view';
import { VISIT_PARTIES } from '../../prisma/repositories/visit-parties';
import { bookVisit } from '../../services/visits/book-visit';
import { changeVisit } from '../../services/visits/change-visit';
import { findVisit } from '../../services/visits/visit-rules';

/** Visits to properties; each one's confirmation, reminder and follow-up run in its own workflow. */
export function visitRoutes({ db, starts }: { db: Database; starts: CommittedStarts }): RouteSpec[] {
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
        return visitView(await bookVisit({ db, starts }, body));
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
        return visitView(await changeVisit({ db, starts }, params.id, body));
      },
    }),
  ];
}
