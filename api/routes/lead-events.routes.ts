import type { Database } from '../../prisma/client';
import { afterKeyset, keysetOrderBy } from '../../prisma/repositories/keyset';
import type { CursorFor } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { STAFF } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { eventsQuery, leadEventPageSchema, noteAddedSchema, noteBody } from '../contracts/leads.schemas';
import { leadNotFound } from '../../services/leads/lead-not-found';
import { addLeadNote } from '../../services/leads/add-lead-note';

const NEWEST_FIRST = { field: 'createdAt', direction: 'desc' } as const;

export function leadEventRoutes({ db, cursorFor }: { db: Database; cursorFor: CursorFor }): RouteSpec[] {
  const pages = cursorFor('lead-events', NEWEST_FIRST);
  return [
    route({
      method: 'get',
      path: '/leads/:id/events',
      summary: "The lead's timeline, newest first: changes, notes, messages, campaign touches",
      tag: 'leads',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      params: idParams,
      query: eventsQuery,
      response: leadEventPageSchema,
      async handler({ params, query }) {
        const after = pages.read(query.cursor);
        const rows = await db.forCurrentTenant(async (tx) => {
          if (!(await tx.lead.findUnique({ where: { id: params.id }, select: { id: true } }))) throw leadNotFound();
          const where = { leadId: params.id };
          return tx.event.findMany({
            where: after ? { AND: [where, afterKeyset(NEWEST_FIRST, after)] } : where,
            orderBy: keysetOrderBy(NEWEST_FIRST),
            take: query.limit + 1,
          });
        });
        return pages.page(rows, query.limit, (row) => row.createdAt, ({ tenantId: _tenantId, ...event }) => event);
      },
    }),
    route({
      method: 'post',
      path: '/leads/:id/notes',
      summary: "Add a note to the lead's timeline",
      tag: 'leads',
      access: { scope: 'tenant', roles: STAFF },
      params: idParams,
      body: noteBody,
      status: 201,
      response: noteAddedSchema,
      async handler({ params, body }) {
        await addLeadNote({ db }, params.id, body);
        return { ok: true };
      },
    }),
  ];
}
