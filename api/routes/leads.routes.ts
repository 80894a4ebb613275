import type { Database } from '../../prisma/client';
import { findLeadPage } from '../../prisma/repositories/lead-list';
import { pageOf, type CursorFor } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { leadNotFound } from '../../services/leads/lead-not-found';
import { STAFF } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { leadView } from '../views/lead-view';
import { createLeadBody, leadSchema, listLeadsQuery, updateLeadBody } from '../contracts/leads.schemas';
import { addLead } from '../../services/leads/add-lead';
import { changeLead } from '../../services/leads/change-lead';
import { removeLead } from '../../services/leads/remove-lead';
import { eraseLead } from '../../services/leads/erase-lead';
import { inboundMediaStore, voiceAudioStore } from '../../integrations/media-store/media-store';
import { contactKeysFromDatabase } from '../../temporal/contact-keys';
import type { ApiDependencies } from '../server';


export function leadRoutes({ db, cursorFor, temporal, config, logger }: Pick<ApiDependencies, 'temporal' | 'config' | 'logger'> & { db: Database; cursorFor: CursorFor }): RouteSpec[] {
  const erasure = { db, temporal, logger, contactKeys: contactKeysFromDatabase(db), media: { inbound: inboundMediaStore(config), voice: voiceAudioStore(config) } };
  return [
    route({
      method: 'get',
      path: '/leads',
      summary: 'List leads with filters, free-text search, sorting and cursor pagination',
      tag: 'leads',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      query: listLeadsQuery,
      response: pageOf(leadSchema),
      async handler({ query, req }) {
        const { sort, limit, cursor, ...filter } = query;
        const pages = cursorFor('leads', sort);
        const rows = await findLeadPage(db, req.tenant!.id, filter, sort, limit, pages.read(cursor));
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
        return leadView(await addLead({ db }, body, req.tenant!.settings));
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
        return leadView(await changeLead({ db }, params.id, body, req.tenant!.settings));
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
        await removeLead({ db }, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/leads/:id/erasure',
      summary: 'Erase a person on request, for good: the lead, its conversations, messages, voice notes, media, raw deliveries and workflow histories; the audit log keeps who erased it, without the personal data',
      tag: 'leads',
      access: { scope: 'tenant', roles: ['OWNER'] },
      params: idParams,
      status: 204,
      async handler({ params }) {
        await eraseLead(erasure, params.id);
      },
    }),
  ];
}
