import type { Database } from '../../prisma/client';
import { leadsForProperty, propertiesForLead } from '../../prisma/repositories/matching';
import { route, type RouteSpec } from '../http/route';
import { STAFF } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { leadView } from '../views/lead-view';
import { leadNotFound } from '../../services/leads/lead-not-found';
import { leadMatchesSchema, matchesQuery, propertyMatchesSchema } from '../contracts/properties.schemas';
import { propertyNotFound } from '../../services/properties/find-property';
import { propertyView } from '../views/property-view';


export function matchRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/leads/:id/matches',
      summary: 'Available properties that fit what the lead is looking for, ranked with reasons',
      tag: 'matching',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      params: idParams,
      query: matchesQuery,
      response: propertyMatchesSchema,
      async handler({ params, query }) {
        return db.forCurrentTenant(async (tx) => {
          const lead = await tx.lead.findUnique({ where: { id: params.id } });
          if (!lead) throw leadNotFound();
          const matches = await propertiesForLead(tx, lead, query.limit);
          return { items: matches.map(({ item, match }) => ({ ...match, property: propertyView(item) })) };
        });
      },
    }),
    route({
      method: 'get',
      path: '/properties/:id/matches',
      summary: 'Leads whose search this property fits, ranked with reasons',
      tag: 'matching',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      params: idParams,
      query: matchesQuery,
      response: leadMatchesSchema,
      async handler({ params, query }) {
        return db.forCurrentTenant(async (tx) => {
          const property = await tx.property.findUnique({ where: { id: params.id } });
          if (!property) throw propertyNotFound();
          const matches = await leadsForProperty(tx, property, query.limit);
          return { items: matches.map(({ item, match }) => ({ ...match, lead: leadView(item) })) };
        });
      },
    }),
  ];
}
