import { Strategy as LocalStrategy } from 'passport-local';
import type { Database } from '../../prisma/client';
import { verifyPassword } from '../../domain/passwords';
import type { SessionOwner } from './sessions';

export type LoginResult = { ok: true; owner: SessionOwner } | { ok: false; reason: 'invalid' | 'ambiguous' };

// Verifying against a real hash when the account does not exist keeps timing from revealing accounts.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Checks an e-mail and password against platform admins, then the users of the named (or only) agency. */
export async function verifyCredentials(db: Database, email: string, password: string, tenantSlug?: string): Promise<LoginResult> {
  if (!tenantSlug) {
    const admin = await db.prisma.platformAdmin.findUnique({ where: { email: email.toLowerCase() } });
    if (admin) return (await verifyPassword(password, admin.passwordHash)) ? { ok: true, owner: { platformAdminId: admin.id } } : { ok: false, reason: 'invalid' };
  }
  const candidates = await db.prisma.$queryRaw<{ tenant_id: string; user_id: string; password_hash: string }[]>`
    SELECT * FROM astor_login_candidates(${email})`;
  let matching = candidates;
  if (tenantSlug) {
    const tenant = await db.prisma.tenant.findUnique({ where: { slug: tenantSlug }, select: { id: true, active: true } });
    matching = tenant?.active ? candidates.filter((candidate) => candidate.tenant_id === tenant.id) : [];
  }
  if (matching.length > 1) return { ok: false, reason: 'ambiguous' };
  const user = matching[0];
  const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !valid) return { ok: false, reason: 'invalid' };
  const tenant = await db.prisma.tenant.findUnique({ where: { id: user.tenant_id }, select: { active: true } });
  return tenant?.active ? { ok: true, owner: { tenantId: user.tenant_id, userId: user.user_id } } : { ok: false, reason: 'invalid' };
}

/** The passport-local strategy; the agency comes from the body, the `/t/:slug` prefix or the subdomain. */
export function localStrategy(db: Database, tenantSlugOf: (req: import('express').Request) => string | undefined): LocalStrategy {
  return new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false }, (req, email, password, done) => {
    verifyCredentials(db, email, password, tenantSlugOf(req)).then(
      (result) => (result.ok ? done(null, result.owner) : done(null, false, { message: result.reason })),
      (error: unknown) => done(error),
    );
  });
}
