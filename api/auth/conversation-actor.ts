import { AppError } from '../../domain/app-error';
import type { Actor } from '../../workflows/conversation.contract';
import type { Principal } from './principal';

/** Who works a conversation: only agency users, admins with the right to take any. */
export function actorOf(principal: Principal | undefined): Actor {
  if (principal?.kind !== 'user') throw new AppError('forbidden', 'Only agency users work conversations');
  return { userId: principal.userId, isAdmin: principal.role !== 'AGENT' };
}
