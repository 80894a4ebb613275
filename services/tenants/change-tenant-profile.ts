import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { tenantContext } from '../../prisma/tenant-context';
import { refuseUnusableTemplates } from '../templates/template-refusal';
import { applySettingsChange, tenantRecord } from './tenant-record';
import type { UpdateTenantProfile } from './tenant-types';

/** Changes the profile and settings of the agency in context; the templates its settings name must be usable. */
export async function changeTenantProfile({ db }: { db: Database }, body: UpdateTenantProfile) {
  const { settings, ...profile } = body;
  return db.forCurrentTenant(async (tx) => {
    const id = tenantContext.require('change tenant profile').tenantId;
    const templates = (['welcomeTemplate', 'followUpTemplate'] as const).flatMap((field) => {
      const ref = settings?.[field];
      return ref ? [{ path: `settings.${field}`, ...ref }] : [];
    });
    await refuseUnusableTemplates(tx, templates);
    const before = await tx.tenant.findUniqueOrThrow({ where: { id } });
    const changed = settings ? { settings: applySettingsChange(before.settings, settings) } : {};
    const after = await tx.tenant.update({ where: { id }, data: { ...profile, ...changed } });
    await recordAudit(tx, { action: 'update', entity: 'Tenant', entityId: id, before: tenantRecord(before), after: tenantRecord(after) });
    return after;
  });
}
