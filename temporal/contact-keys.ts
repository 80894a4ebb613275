import { createHmac } from 'node:crypto';
import type { Database } from '../prisma/client';

/**
 * Pseudonymous keys for contacts (phone numbers, platform subscriber ids) wherever Temporal keeps
 * them outside PostgreSQL: workflow ids and the AstorEntityId search attribute. The key is
 * HMAC-SHA256 under the agency's own `Tenant.contactKeySalt`, base64url, cut to 22 characters
 * (132 bits): stable for a contact (so signal-with-start keeps finding the same workflow), the same
 * for a phone's lead intake and its conversations (an operator searching one finds both), and not
 * reversible or comparable across agencies without the salt. The salt never rotates: a new one
 * would orphan every running workflow's id, which is why ASTOR_SECRETS_KEYS (rotated) is not used.
 */
export function contactKey(salt: Uint8Array, contact: string): string {
  return createHmac('sha256', salt).update(contact, 'utf8').digest('base64url').slice(0, 22);
}

/** An agency's salt, read from wherever the caller reaches PostgreSQL. */
export type SaltSource = (tenantId: string) => Promise<Uint8Array>;

export interface ContactKeys {
  of(tenantId: string, contact: string): Promise<string>;
}

/** Salts are cached for the life of the process: they never change, and the relay asks on every hand-off. */
export function contactKeys(load: SaltSource): ContactKeys {
  const salts = new Map<string, Promise<Uint8Array>>();
  const saltOf = (tenantId: string) => {
    let salt = salts.get(tenantId);
    if (!salt) {
      salt = load(tenantId);
      salts.set(tenantId, salt);
      // A failed read (database down) is not remembered: the next hand-off reads again.
      salt.catch(() => salts.delete(tenantId));
    }
    return salt;
  };
  return {
    async of(tenantId, contact) {
      return contactKey(await saltOf(tenantId), contact);
    },
  };
}

function present(tenantId: string, salt: Uint8Array | undefined): Uint8Array {
  if (!salt) throw new Error(`No agency ${tenantId}: it has no contact-key salt`);
  return salt;
}

/** Through Prisma, for the API and activities (Tenant is a global model). */
export function contactKeysFromDatabase(db: Database): ContactKeys {
  return contactKeys(async (tenantId) => present(tenantId, (await db.prisma.tenant.findUnique({ where: { id: tenantId }, select: { contactKeySalt: true } }))?.contactKeySalt));
}

/** Through plain SQL, for the outbox relay's own pool. */
export function contactKeysFromSql(query: (text: string, values: unknown[]) => Promise<{ rows: { contactKeySalt: Buffer }[] }>): ContactKeys {
  return contactKeys(async (tenantId) => present(tenantId, (await query('SELECT "contactKeySalt" FROM "Tenant" WHERE id = $1', [tenantId])).rows[0]?.contactKeySalt));
}
