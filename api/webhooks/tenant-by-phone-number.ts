import type { Database } from '../../prisma/client';

/**
 * Which tenant owns a WhatsApp phone_number_id, through the narrow SECURITY DEFINER lookup (the
 * webhook runs before any tenant is known). Answers are cached briefly: a re-pointed number takes
 * effect within the TTL.
 */
export function tenantByPhoneNumberId(db: Database, ttlMs = 30_000) {
  const cache = new Map<string, { tenantId: string | null; expiresAt: number }>();
  return async (phoneNumberId: string): Promise<string | null> => {
    const hit = cache.get(phoneNumberId);
    if (hit && hit.expiresAt > Date.now()) return hit.tenantId;
    const rows = await db.prisma.$queryRaw<{ tenant_id: string | null }[]>`SELECT astor_tenant_for_phone_number_id(${phoneNumberId}) AS tenant_id`;
    const tenantId = rows[0]?.tenant_id ?? null;
    cache.set(phoneNumberId, { tenantId, expiresAt: Date.now() + ttlMs });
    return tenantId;
  };
}
