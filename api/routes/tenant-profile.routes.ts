import type { Database } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import { readTenantSettings } from '../../domain/tenant-settings';
import { route, type RouteSpec } from '../http/route';
import { updateTenantProfileBody } from './tenants.schemas';
import { refuseUnusableTemplates } from './template-refusal';
import { tenantView } from './tenant-view';

export function tenantProfileRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/tenant',
      summary: 'The agency the request acts in: profile and operating settings',
      tag: 'tenant',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'] },
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
      async handler({ body, req }) {
        const id = req.tenant!.id;
        const { settings, ...profile } = body;
        return db.forCurrentTenant(async (tx) => {
          const templates = (['welcomeTemplate', 'followUpTemplate'] as const).flatMap((field) => {
            const ref = settings?.[field];
            return ref ? [{ path: `settings.${field}`, ...ref }] : [];
          });
          await refuseUnusableTemplates(tx, templates);
          const before = await tx.tenant.findUniqueOrThrow({ where: { id } });
          const merged = settings ? { ...readTenantSettings(before.settings), ...settings } : undefined;
          const after = await tx.tenant.update({ where: { id }, data: { ...profile, ...(merged ? { settings: merged } : {}) } });
          await recordAudit(tx, { action: 'update', entity: 'Tenant', entityId: id, before: tenantView(before), after: tenantView(after) });
          return tenantView(after);
        });
      },
    }),
  ];
}
