import { hashPassword } from '../../domain/passwords';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import type { UserRole } from '../../prisma/generated/client';
import { assertKeepsAnOwner, assertMayManage, findUser, withoutSecrets } from './user-rules';
import type { UpdateUser } from './user-types';

/**
 * Changes a user's name, role, capacity, availability or password, or deactivates them; the agency
 * keeps an active owner, and a deactivated user or a new password signs them out everywhere.
 */
export async function changeUser({ db }: { db: Database }, actingRole: UserRole | undefined, userId: string, change: UpdateUser) {
  const { password, ...fields } = change;
  const user = await db.forCurrentTenant(async (tx) => {
    const before = await findUser(tx, userId);
    assertMayManage(actingRole, [before.role, fields.role]);
    await assertKeepsAnOwner(tx, before, fields);
    const after = await tx.user.update({ where: { id: userId }, data: { ...fields, ...(password ? { passwordHash: await hashPassword(password) } : {}) } });
    await recordAudit(tx, { action: fields.active === false ? 'deactivate' : 'update', entity: 'User', entityId: userId, before: withoutSecrets(before), after: { ...withoutSecrets(after), passwordChanged: Boolean(password) } });
    return after;
  });
  if (!user.active || password) await db.prisma.authSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
  return user;
}
