import { hashPassword } from '../../domain/passwords';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import type { Actor } from '../../prisma/tenant-context';
import { tenantRecord } from './tenant-record';
import type { CreateTenant } from './tenant-types';

/** Creates an agency with its first owner; `actor` is the platform superadmin the audit entry names. */
export async function createTenant({ db }: { db: Database }, body: CreateTenant, actor: Actor) {
  const { owner, ...profile } = body;
  const passwordHash = await hashPassword(owner.password);
  const tenant = await db.prisma.tenant.create({ data: profile });
  await db.inTenant(
    tenant.id,
    async (tx) => {
      const user = await tx.user.create({ data: { tenantId: tenant.id, email: owner.email, name: owner.name, role: 'OWNER', passwordHash } });
      await recordAudit(tx, { action: 'create', entity: 'Tenant', entityId: tenant.id, after: { ...tenantRecord(tenant), ownerId: user.id } });
    },
    actor,
  );
  return tenant;
}
