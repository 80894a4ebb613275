import type { SqlQuery } from '../client';

/**
 * Locks messages of the current agency in id order, the order every writer that holds several of
 * them at once takes (sends recorded and dispatches marked here, webhook statuses in astor_ingest):
 * two such writers never wait on each other, so neither is aborted as a deadlock.
 */
export async function lockMessagesInOrder(query: SqlQuery, messageIds: string[]): Promise<void> {
  if (messageIds.length < 2) return;
  await query(`SELECT 1 FROM "Message" WHERE "tenantId" = current_setting('app.tenant_id')::uuid AND id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [messageIds]);
}
