import { hashPassword } from '../../domain/passwords';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import type { UserRole } from '../../prisma/generated/client';
import { tenantContext } from '../../prisma/tenant-context';
import { assertMayManage, withoutSecrets } from './user-rules';
import type { CreateUser } from './user-types';

/** Invites a user to the agency in context with a role and an initial password; `actingRole` as in assertMayManage. */
export async function inviteUser({ db }: { db: Database }, actingRole: UserRole | undefined, body: CreateUser) {
  assertMayManage(actingRole, [body.role]);
  const { password, ...fields } = body;
  const passwordHash = await hashPassword(password);
  return db.forCurrentTenant(async (tx) => {
    const created = await tx.user.create({ data: { ...fields, passwordHash, tenantId: tenantContext.require('create user').tenantId } });
    await recordAudit(tx, { action: 'create', entity: 'User', entityId: created.id, after: withoutSecrets(created) });
    return created;
  });
}
