import { z } from 'zod';
import { hashPassword } from '../../domain/passwords';
import type { Database } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import { platformActor } from '../auth/principal';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';
import { createTenantBody, tenantListSchema, tenantSchema, updateTenantBody } from '../contracts/tenants.schemas';
import { tenantView } from '../views/tenant-view';

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
        const { owner, ...profile } = body;
        const passwordHash = await hashPassword(owner.password);
        const tenant = await db.prisma.tenant.create({ data: profile });
        await db.inTenant(
          tenant.id,
          async (tx) => {
            const user = await tx.user.create({ data: { tenantId: tenant.id, email: owner.email, name: owner.name, role: 'OWNER', passwordHash } });
            await recordAudit(tx, { action: 'create', entity: 'Tenant', entityId: tenant.id, after: { ...tenantView(tenant), ownerId: user.id } });
          },
          platformActor(principal, req.ip),
        );
        return tenantView(tenant);
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
        if (!tenant) throw new AppError('not_found', 'No such agency');
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
        const before = await db.prisma.tenant.findUnique({ where: { id: params.id } });
        if (!before) throw new AppError('not_found', 'No such agency');
        return db.inTenant(
          params.id,
          async (tx) => {
            const after = await tx.tenant.update({ where: { id: params.id }, data: body });
            await recordAudit(tx, { action: 'update', entity: 'Tenant', entityId: params.id, before: tenantView(before), after: tenantView(after) });
            return tenantView(after);
          },
          platformActor(principal, req.ip),
        );
      },
    }),
  ];
}
