import type { Database } from '../../prisma/client';
import type { Principal } from './principal';
import { digest, newSessionToken, parseApiKey, sameDigest } from './tokens';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type SessionOwner = { tenantId: string; userId: string } | { platformAdminId: string };

export async function createSession(db: Database, owner: SessionOwner): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.prisma.authSession.create({ data: { tokenHash: digest(token), expiresAt, ...owner } });
  return { token, expiresAt };
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db.prisma.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Finds the live session for a token, re-reading the user so a deactivated user or changed role applies at once. */
export async function principalFromSession(db: Database, token: string): Promise<Principal | undefined> {
  const session = await db.prisma.authSession.findUnique({ where: { tokenHash: digest(token) } });
  if (!session || session.revokedAt || session.expiresAt < new Date()) return undefined;
  if (session.platformAdminId) return { kind: 'platform_admin', adminId: session.platformAdminId, sessionId: session.id };
  if (!session.tenantId || !session.userId) return undefined;
  const { tenantId, userId } = session;
  const user = await db.inTenant(tenantId, (tx) => tx.user.findUnique({ where: { id: userId }, select: { role: true, active: true } }));
  const tenant = await db.prisma.tenant.findUnique({ where: { id: tenantId }, select: { active: true } });
  if (!user?.active || !tenant?.active) return undefined;
  return { kind: 'user', userId, tenantId, role: user.role, sessionId: session.id };
}

export async function principalFromApiKey(db: Database, key: string): Promise<Principal | undefined> {
  const parsed = parseApiKey(key);
  if (!parsed) return undefined;
  const rows = await db.prisma.$queryRaw<{ api_key_id: string; tenant_id: string; secret_hash: string; revoked: boolean }[]>`
    SELECT * FROM astor_api_key_by_prefix(${parsed.prefix})`;
  const row = rows[0];
  if (!row || row.revoked || !sameDigest(parsed.secret, row.secret_hash)) return undefined;
  const tenant = await db.prisma.tenant.findUnique({ where: { id: row.tenant_id }, select: { active: true } });
  if (!tenant?.active) return undefined;
  await markUsed(db, row.tenant_id, row.api_key_id);
  return { kind: 'api_key', apiKeyId: row.api_key_id, tenantId: row.tenant_id };
}

const lastMarked = new Map<string, number>();

/** Records when a key was last used; a key busy on this instance costs one write a minute, not one per request. */
async function markUsed(db: Database, tenantId: string, apiKeyId: string): Promise<void> {
  if (Date.now() - (lastMarked.get(apiKeyId) ?? 0) < 60_000) return;
  lastMarked.set(apiKeyId, Date.now());
  const minuteAgo = new Date(Date.now() - 60_000);
  await db.inTenant(tenantId, (tx) =>
    tx.apiKey.updateMany({ where: { id: apiKeyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: minuteAgo } }] }, data: { lastUsedAt: new Date() } }),
  );
}
