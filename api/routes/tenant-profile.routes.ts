import type { Database } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import type { Prisma } from '../../prisma/generated/client';
import { route, type RouteSpec } from '../http/route';
import { tenantSchema, updateTenantProfileBody, type TenantSettingsChange } from '../contracts/tenants.schemas';
import { refuseUnusableTemplates } from '../../services/templates/template-refusal';
import { storedSettings, tenantView } from '../views/tenant-view';

/** The stored settings with the keys the change names replaced, and within automations the rules it names. */
function applySettingsChange(stored: Prisma.JsonValue, change: TenantSettingsChange): Prisma.InputJsonObject {
  const current = storedSettings(stored);
  const automations = change.automations && { ...storedSettings(current.automations), ...change.automations };
  return { ...current, ...change, ...(automations ? { automations } : {}) };
}

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
          const changed = settings ? { settings: applySettingsChange(before.settings, settings) } : {};
          const after = await tx.tenant.update({ where: { id }, data: { ...profile, ...changed } });
          await recordAudit(tx, { action: 'update', entity: 'Tenant', entityId: id, before: tenantView(before), after: tenantView(after) });
          return tenantView(after);
        });
      },
    }),
  ];
}
