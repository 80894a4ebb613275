import type { Database } from '../../prisma/client';
import { route, type RouteSpec } from '../http/route';
import { tenantSchema, updateTenantProfileBody } from '../contracts/tenants.schemas';
import { changeTenantProfile } from '../../services/tenants/change-tenant-profile';
import { tenantView } from '../views/tenant-view';

export function tenantProfileRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/tenant',
      summary: 'The agency the request acts in: profile and operating settings',
      tag: 'tenant',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'] },
      response: tenantSchema,
      async handler({ req }) {
        return tenantView(await db.prisma.tenant.findUniqueOrThrow({ where: { id: req.tenant!.id } }));
      },
    }),
    route({
      method: 'patch',
      path: '/tenant',
      summary: 'Change the agency profile and settings (assignment policy, SLA, default country…)',
      tag: 'tenant',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN'] },
      body: updateTenantProfileBody,
      response: tenantSchema,
      async handler({ body }) {
        return tenantView(await changeTenantProfile({ db }, body));
      },
    }),
  ];
}
