import type { Database } from '../../prisma/client';
import { findLeadPage } from '../../prisma/repositories/lead-list';
import { createLead, deleteLead, updateLead } from '../../prisma/repositories/leads.repository';
import { asConflict } from '../../services/leads/lead-conflict';
import { pageOf, type CursorFor } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { leadNotFound } from '../../services/leads/lead-not-found';
import { STAFF } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { normalizeContact } from '../../services/leads/lead-contact';
import { leadView } from '../views/lead-view';
import { createLeadBody, leadSchema, listLeadsQuery, updateLeadBody } from '../contracts/leads.schemas';
import { assertAssignableAgent } from '../../services/users/user-checks';


export function leadRoutes({ db, cursorFor }: { db: Database; cursorFor: CursorFor }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/leads',
      summary: 'List leads with filters, free-text search, sorting and cursor pagination',
      tag: 'leads',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      query: listLeadsQuery,
      response: pageOf(leadSchema),
      async handler({ query }) {
        const { sort, limit, cursor, ...filter } = query;
        const pages = cursorFor('leads', sort);
        const rows = await db.forCurrentTenant((tx) => findLeadPage(tx, filter, sort, limit, pages.read(cursor)));
        return pages.page(rows, limit, (row) => row[sort.field], leadView);
      },
    }),
    route({
      method: 'post',
      path: '/leads',
      summary: 'Create a lead; a phone or DNI that already belongs to a lead of the agency is a 409 naming it',
      tag: 'leads',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      body: createLeadBody,
      response: leadSchema,
      status: 201,
      async handler({ body, req }) {
        const data = normalizeContact(body, req.tenant!.settings);
        const lead = await asConflict(
          db.forCurrentTenant(async (tx) => {
            if (data.assignedAgentId) await assertAssignableAgent(tx, data.assignedAgentId);
            return createLead(tx, data);
          }),
        );
        return leadView(lead);
      },
    }),
    route({
      method: 'get',
      path: '/leads/:id',
      summary: 'One lead',
      tag: 'leads',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      params: idParams,
      response: leadSchema,
      async handler({ params }) {
        const lead = await db.forCurrentTenant((tx) => tx.lead.findUnique({ where: { id: params.id } }));
        if (!lead) throw leadNotFound();
        return leadView(lead);
      },
    }),
    route({
      method: 'patch',
      path: '/leads/:id',
      summary: 'Change a lead: contact, stage, tags, assignment, search criteria, opt-out',
      tag: 'leads',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      params: idParams,
      body: updateLeadBody,
      response: leadSchema,
      async handler({ params, body, req }) {
        const data = normalizeContact(body, req.tenant!.settings);
        const lead = await asConflict(
          db.forCurrentTenant(async (tx) => {
            if (data.assignedAgentId) await assertAssignableAgent(tx, data.assignedAgentId);
            const optOutAt = data.optOut === undefined ? undefined : data.optOut ? new Date() : null;
            return updateLead(tx, params.id, { ...data, ...(optOutAt !== undefined ? { optOutAt } : {}) });
          }),
        );
        if (!lead) throw leadNotFound();
        return leadView(lead);
      },
    }),
    route({
      method: 'delete',
      path: '/leads/:id',
      summary: 'Delete a lead with its timeline, conversations and messages',
      tag: 'leads',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN'] },
      params: idParams,
      status: 204,
      async handler({ params }) {
        if (!(await db.forCurrentTenant((tx) => deleteLead(tx, params.id)))) throw leadNotFound();
      },
    }),
  ];
}
