import { z } from 'zod';
import type { Database } from '../../prisma/client';
import { platformActor } from '../auth/principal';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';
import { createTenantBody, tenantListSchema, tenantSchema, updateTenantBody } from '../contracts/tenants.schemas';
import { tenantView } from '../views/tenant-view';
import { createTenant } from '../../services/tenants/create-tenant';
import { changeTenant } from '../../services/tenants/change-tenant';
import { tenantNotFound } from '../../services/tenants/tenant-record';

const PLATFORM = { scope: 'platform' } as const;

/** Agencies as the platform's superadmins manage them. */
export function tenantRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/platform/tenants',
      summary: 'All agencies (superadmin)',
      tag: 'platform',
      access: PLATFORM,
      query: z.strictObject({ active: z.enum(['true', 'false']).transform((value) => value === 'true').optional() }),
      response: tenantListSchema,
      async handler({ query }) {
        const tenants = await db.prisma.tenant.findMany({ where: query, orderBy: { name: 'asc' } });
        return { items: tenants.map(tenantView) };
      },
    }),
    route({
      method: 'post',
      path: '/platform/tenants',
      summary: 'Create an agency with its first owner (superadmin)',
      tag: 'platform',
      access: PLATFORM,
      body: createTenantBody,
      status: 201,
      response: tenantSchema,
      async handler({ body, principal, req }) {
        return tenantView(await createTenant({ db }, body, platformActor(principal, req.ip)));
      },
    }),
    route({
      method: 'get',
      path: '/platform/tenants/:id',
      summary: 'One agency (superadmin)',
      tag: 'platform',
      access: PLATFORM,
      params: idParams,
      response: tenantSchema,
      async handler({ params }) {
        const tenant = await db.prisma.tenant.findUnique({ where: { id: params.id } });
        if (!tenant) throw tenantNotFound();
        return tenantView(tenant);
      },
    }),
    route({
      method: 'patch',
      path: '/platform/tenants/:id',
      summary: 'Change an agency: profile, plan, or deactivate it (its users and keys stop working at once)',
      tag: 'platform',
      access: PLATFORM,
      params: idParams,
      body: updateTenantBody,
      response: tenantSchema,
      async handler({ params, body, principal, req }) {
        return tenantView(await changeTenant({ db }, params.id, body, platformActor(principal, req.ip)));
      },
    }),
  ];
}
