import type { MessageStatusUpdate } from '../../domain/messaging';
import type { Database } from '../client';
import { Prisma } from '../generated/client';

/**
 * Statuses echo our idempotency key: the provider id they carry is recorded as the webhook arrives,
 * before it is acknowledged, so a send whose worker died before writing down the answer is known
 * to have reached the provider even while no worker runs, and is never sent again.
 */
export function sendEvidenceRecorder(db: Database) {
  return async (tenantId: string, updates: MessageStatusUpdate[]): Promise<void> => {
    const echoed = updates.filter((update) => update.callbackData);
    if (echoed.length === 0) return;
    const pairs = Prisma.join(echoed.map((update) => Prisma.sql`(${update.callbackData}, ${update.providerMessageId})`));
    await db.inTenant(tenantId, (tx) =>
      tx.$executeRaw`
        UPDATE "Message" m SET "providerMessageId" = v.wamid
        FROM (VALUES ${pairs}) AS v(key, wamid)
        WHERE m."idempotencyKey" = v.key AND m."providerMessageId" IS NULL AND m.direction = 'OUTBOUND'`,
    );
  };
}

export type SendEvidenceRecorder = ReturnType<typeof sendEvidenceRecorder>;
