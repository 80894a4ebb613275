import { Strategy as LocalStrategy } from 'passport-local';
import type { Database } from '../../prisma/client';
import { verifyPassword } from '../../domain/passwords';
import type { SessionOwner } from './sessions';

export type LoginResult = { ok: true; owner: SessionOwner } | { ok: false; reason: 'invalid' | 'ambiguous' };

// Verifying against a real hash when the account does not exist keeps timing from revealing accounts.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

type Candidate = { tenant_id: string; user_id: string; password_hash: string };

async function candidatesFor(db: Database, email: string, tenantSlug?: string): Promise<Candidate[]> {
  const candidates = await db.prisma.$queryRaw<Candidate[]>`SELECT * FROM astor_login_candidates(${email})`;
  if (!tenantSlug) return candidates;
  const tenant = await db.prisma.tenant.findUnique({ where: { slug: tenantSlug }, select: { id: true } });
  return candidates.filter((candidate) => candidate.tenant_id === tenant?.id);
}

/**
 * Checks an e-mail and password against platform admins, then the users of the named agency, or of
 * every agency the e-mail belongs to. The agency is asked for only once the password has matched, so a
 * wrong password, an unknown e-mail and an e-mail of several agencies all answer 'invalid' after a hash
 * (one per candidate, run side by side so the wait stays close to that of one).
 */
export async function verifyCredentials(db: Database, email: string, password: string, tenantSlug?: string): Promise<LoginResult> {
  if (!tenantSlug) {
    const admin = await db.prisma.platformAdmin.findUnique({ where: { email: email.toLowerCase() } });
    if (admin) return (await verifyPassword(password, admin.passwordHash)) ? { ok: true, owner: { platformAdminId: admin.id } } : { ok: false, reason: 'invalid' };
  }
  const candidates = await candidatesFor(db, email, tenantSlug);
  const hashes = candidates.length > 0 ? candidates.map((candidate) => candidate.password_hash) : [DUMMY_HASH];
  const valid = await Promise.all(hashes.map((hash) => verifyPassword(password, hash)));
  const matched = candidates.filter((_candidate, index) => valid[index]);
  if (matched.length === 0) return { ok: false, reason: 'invalid' };
  const active = await db.prisma.tenant.findMany({ where: { id: { in: matched.map((user) => user.tenant_id) }, active: true }, select: { id: true } });
  const users = matched.filter((user) => active.some((tenant) => tenant.id === user.tenant_id));
  if (users.length > 1) return { ok: false, reason: 'ambiguous' };
  const user = users[0];
  return user ? { ok: true, owner: { tenantId: user.tenant_id, userId: user.user_id } } : { ok: false, reason: 'invalid' };
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
