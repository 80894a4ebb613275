import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { tenantContext } from '../../prisma/tenant-context';
import { apiKeyRecord } from './api-key-record';

/**
 * Stores a new API key of the agency in context. The key itself is made at the HTTP edge
 * (api/auth/tokens.ts) and shown once; only its lookup prefix and the digest of its secret are kept.
 */
export async function createApiKey({ db }: { db: Database }, key: { name: string; prefix: string; secretHash: string; createdById: string | null }) {
  return db.forCurrentTenant(async (tx) => {
    const row = await tx.apiKey.create({ data: { tenantId: tenantContext.require('create API key').tenantId, ...key } });
    await recordAudit(tx, { action: 'create', entity: 'ApiKey', entityId: row.id, after: apiKeyRecord(row) });
    return row;
  });
}
