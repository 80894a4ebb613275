import type { Client } from '@temporalio/client';
import type { Database } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import { findPropertyPage } from '../../prisma/repositories/property-list';
import { pageOf, type CursorFor } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { findProperty } from '../../services/properties/find-property';
import { addProperty } from '../../services/properties/add-property';
import { changeProperty } from '../../services/properties/change-property';
import { STAFF , MANAGERS } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { createPropertyBody, listPropertiesQuery, propertySchema, updatePropertyBody } from '../contracts/properties.schemas';
import type { CommittedStarts } from '../../temporal/committed-starts';
import { propertyAlerts } from '../../services/properties/property-alerts';
import { propertyView } from '../views/property-view';


export function propertyRoutes({ db, temporal, starts, cursorFor }: { db: Database; temporal: Client; starts: CommittedStarts; cursorFor: CursorFor }): RouteSpec[] {
  const alerts = propertyAlerts({ db, temporal, starts });
  return [
    route({
      method: 'get',
      path: '/properties',
      summary: 'The catalogue, filtered by operation, type, zone, price range, rooms and status',
      tag: 'properties',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      query: listPropertiesQuery,
      response: pageOf(propertySchema),
      async handler({ query }) {
        const { sort, limit, cursor, ...filter } = query;
        const pages = cursorFor('properties', sort);
        const rows = await db.forCurrentTenant((tx) => findPropertyPage(tx, filter, sort, limit, pages.read(cursor)));
        return pages.page(rows, limit, (row) => (sort.field === 'price' ? row.price.toNumber() : row.createdAt), propertyView);
      },
    }),
    route({
      method: 'post',
      path: '/properties',
      summary: 'Add a property to the catalogue; an available one alerts the leads it fits (when the agency’s rule is on)',
      tag: 'properties',
      access: { scope: 'tenant', roles: MANAGERS, apiKey: true },
      body: createPropertyBody,
      response: propertySchema,
      status: 201,
      async handler({ body }) {
        return propertyView(await addProperty({ db, starts, alerts }, body));
      },
    }),
    route({
      method: 'get',
      path: '/properties/:id',
      summary: 'One property',
      tag: 'properties',
      access: { scope: 'tenant', roles: STAFF, apiKey: true },
      params: idParams,
      response: propertySchema,
      async handler({ params }) {
        return propertyView(await db.forCurrentTenant((tx) => findProperty(tx, params.id)));
      },
    }),
    route({
      method: 'patch',
      path: '/properties/:id',
      summary: 'Change a property (price, status, photos…); a lower price alerts interested leads, leaving the market stops its alerts',
      tag: 'properties',
      access: { scope: 'tenant', roles: MANAGERS, apiKey: true },
      params: idParams,
      body: updatePropertyBody,
      response: propertySchema,
      async handler({ params, body }) {
        return propertyView(await changeProperty({ db, starts, alerts }, params.id, body));
      },
    }),
    route({
      method: 'delete',
      path: '/properties/:id',
      summary: 'Remove a property from the catalogue (refused while visits reference it)',
      tag: 'properties',
      access: { scope: 'tenant', roles: MANAGERS },
      params: idParams,
      status: 204,
      async handler({ params }) {
        await db.forCurrentTenant(async (tx) => {
          const before = await findProperty(tx, params.id);
          await tx.property.delete({ where: { id: params.id } });
          await recordAudit(tx, { action: 'delete', entity: 'Property', entityId: params.id, before });
        });
      },
    }),
  ];
}
