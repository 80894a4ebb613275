import type { TenantTx } from '../../prisma/client';
import { AppError } from '../../domain/app-error';

/** Leads and conversations may only be assigned to an active user of the same agency. */
export async function assertAssignableAgent(tx: TenantTx, userId: string, field = 'assignedAgentId'): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { active: true } });
  if (!user?.active) {
    throw new AppError('unprocessable', 'The assignee is not an active user of this agency', { es: 'La persona asignada no es un usuario activo de esta inmobiliaria',
      fields: [{ path: field, message: 'is not an active user of this agency', code: 'unknown_user' }],
    });
  }
}
