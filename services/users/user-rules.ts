import { AppError } from '../../domain/app-error';
import type { TenantTx } from '../../prisma/client';
import type { User, UserRole } from '../../prisma/generated/client';

/** A user without their tenant and password hash: what the API shows and the audit log keeps. */
export function withoutSecrets({ tenantId: _tenantId, passwordHash: _passwordHash, ...user }: User) {
  return user;
}

export async function findUser(tx: TenantTx, id: string): Promise<User> {
  const user = await tx.user.findUnique({ where: { id } });
  if (!user) throw new AppError('not_found', 'No such user in this agency');
  return user;
}

/**
 * Only an owner (or the platform) may create, change or promote owners. `actingRole` is the role of
 * the user making the change, undefined when the caller is not a user.
 */
export function assertMayManage(actingRole: UserRole | undefined, roles: (UserRole | undefined)[]): void {
  if (actingRole && actingRole !== 'OWNER' && roles.includes('OWNER')) {
    throw new AppError('forbidden', 'Only an owner may manage owners');
  }
}

export async function assertKeepsAnOwner(tx: TenantTx, user: User, change: { role?: UserRole; active?: boolean }): Promise<void> {
  const losesOwner = user.role === 'OWNER' && user.active && ((change.role && change.role !== 'OWNER') || change.active === false);
  if (!losesOwner) return;
  const owners = await tx.user.count({ where: { role: 'OWNER', active: true } });
  if (owners <= 1) throw new AppError('conflict', 'The agency must keep at least one active owner', { es: 'La inmobiliaria debe conservar al menos un dueño activo' });
}
