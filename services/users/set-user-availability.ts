import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import type { AgentAvailability } from '../../prisma/generated/client';
import { findUser } from './user-rules';

/** Sets a user's availability for conversation assignment. */
export async function setUserAvailability({ db }: { db: Database }, userId: string, availability: AgentAvailability) {
  return db.forCurrentTenant(async (tx) => {
    const before = await findUser(tx, userId);
    const after = await tx.user.update({ where: { id: userId }, data: { availability } });
    await recordAudit(tx, { action: 'update', entity: 'User', entityId: after.id, before: { availability: before.availability }, after: { availability: after.availability } });
    return after;
  });
}
