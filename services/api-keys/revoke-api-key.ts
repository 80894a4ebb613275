import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { apiKeyNotFound, apiKeyRecord } from './api-key-record';

/** Revokes an API key at once; revoking one already revoked changes nothing. */
export async function revokeApiKey({ db }: { db: Database }, apiKeyId: string): Promise<void> {
  await db.forCurrentTenant(async (tx) => {
    const before = await tx.apiKey.findUnique({ where: { id: apiKeyId } });
    if (!before) throw apiKeyNotFound();
    if (before.revokedAt) return;
    const after = await tx.apiKey.update({ where: { id: apiKeyId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { action: 'revoke', entity: 'ApiKey', entityId: apiKeyId, before: apiKeyRecord(before), after: apiKeyRecord(after) });
  });
}
