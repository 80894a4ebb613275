import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import type { Actor } from '../../prisma/tenant-context';
import { tenantNotFound, tenantRecord } from './tenant-record';
import type { UpdateTenant } from './tenant-types';

/** Changes an agency's profile or plan, or deactivates it, as a platform superadmin (`actor`). */
export async function changeTenant({ db }: { db: Database }, tenantId: string, body: UpdateTenant, actor: Actor) {
  const before = await db.prisma.tenant.findUnique({ where: { id: tenantId } });
  if (!before) throw tenantNotFound();
  return db.inTenant(
    tenantId,
    async (tx) => {
      const after = await tx.tenant.update({ where: { id: tenantId }, data: body });
      await recordAudit(tx, { action: 'update', entity: 'Tenant', entityId: tenantId, before: tenantRecord(before), after: tenantRecord(after) });
      return after;
    },
    actor,
  );
}
