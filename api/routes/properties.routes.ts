import type { Client } from '@temporalio/client';
import type { Database, TenantTx } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import { tenantContext } from '../../prisma/tenant-context';
import { findPropertyPage } from '../../prisma/repositories/property-list';
import { AppError } from '../http/errors';
import { pageOf, type CursorFor } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';
import { createPropertyBody, listPropertiesQuery, propertySchema, updatePropertyBody } from './properties.schemas';
import { propertyAlerts } from './property-alerts';
import { propertyView } from './property-view';

const STAFF = ['OWNER', 'ADMIN', 'AGENT'] as const;
const MANAGERS = ['OWNER', 'ADMIN'] as const;

export function propertyNotFound(): AppError {
  return new AppError('not_found', 'No such property in this agency');
}

async function findProperty(tx: TenantTx, id: string) {
  const property = await tx.property.findUnique({ where: { id } });
  if (!property) throw propertyNotFound();
  return property;
}

export function propertyRoutes({ db, temporal, taskQueue, cursorFor }: { db: Database; temporal: Client; taskQueue: string; cursorFor: CursorFor }): RouteSpec[] {
  const alerts = propertyAlerts({ db, temporal, taskQueue });
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
        const property = await db.forCurrentTenant(async (tx) => {
          const tenantId = tenantContext.require('create property').tenantId;
          const created = await tx.property.create({ data: { ...body, tenantId } });
          await recordAudit(tx, { action: 'create', entity: 'Property', entityId: created.id, after: created });
          await alerts.listed(tenantId, created);
          return created;
        });
        return propertyView(property);
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
        const property = await db.forCurrentTenant(async (tx) => {
          const before = await findProperty(tx, params.id);
          const after = await tx.property.update({ where: { id: params.id }, data: body });
          await recordAudit(tx, { action: 'update', entity: 'Property', entityId: params.id, before, after });
          await alerts.changed(after.tenantId, before, after);
          return { before, after };
        });
        await alerts.withdrawnIfLeftMarket(property.before, property.after);
        return propertyView(property.after);
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
