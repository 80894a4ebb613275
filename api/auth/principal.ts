import type { UserRole } from '../../prisma/generated/enums';

/** The authenticated caller of a request. */
export type Principal =
  | { kind: 'user'; userId: string; tenantId: string; role: UserRole; sessionId: string }
  | { kind: 'api_key'; apiKeyId: string; tenantId: string }
  | { kind: 'platform_admin'; adminId: string; sessionId: string };

/** The audit actor of a platform superadmin's request. */
export function platformActor(principal: Principal | undefined, ip: string | undefined) {
  return { type: 'platform_admin' as const, id: principal?.kind === 'platform_admin' ? principal.adminId : undefined, ip };
}
